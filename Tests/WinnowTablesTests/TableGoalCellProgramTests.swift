import Testing
import WinnowCore
import WinnowText
@testable import WinnowTables

@Suite struct TableGoalCellProgramTests {
    @Test func theSameColumnsInAnotherOrderGetTheSameProgramsRenumbered() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let target = Table([["J. Smith"], ["M. Lee"], ["A. Ng"]])
        let start = Table([["Smith, John"], ["Lee, Mary Ann"], ["Ng, Ann"]])
        let goal = TableGoal(target, inventory: inventory, start: start)
        let split = Table([["Smith", "John"], ["Lee", "Mary Ann"], ["Ng", "Ann"]])
        let swapped = Table([["John", "Smith"], ["Mary Ann", "Lee"], ["Ann", "Ng"]])
        let forSplit = goal.cellPrograms(from: goal.state(split), table: split, toColumn: 0)
        let forSwapped = goal.cellPrograms(from: goal.state(swapped), table: swapped, toColumn: 0)
        #expect(!forSwapped.isEmpty)
        #expect(forSwapped.map(\.program) == forSplit.map { $0.program.renumberingColumns { 1 - $0 } })
        for (programs, table) in [(forSplit, split), (forSwapped, swapped)] {
            for ranked in programs {
                #expect(table.rows.map { ranked.program.apply($0) } == target.rows.map { $0[0] }, "\(ranked.program)")
            }
        }
    }

    @Test func columnsInsideASetWithNoProgramHaveNoneEither() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let target = Table([["x_Branding_1"], ["y_Leads_2"]])
        let start = Table([["x_BRD_1"], ["y_LDS_2"]])
        let whole = Table([["x", "BRD", "1"], ["y", "LDS", "2"]])
        let part = Table([["1", "BRD"], ["2", "LDS"]])
        let goal = TableGoal(target, inventory: inventory, start: start)
        #expect(goal.cellPrograms(from: goal.state(whole), table: whole, toColumn: 0).isEmpty)
        #expect(goal.cellPrograms(from: goal.state(part), table: part, toColumn: 0).isEmpty)
        // Learning on the part alone, with nothing known, finds nothing as well.
        let fresh = TableGoal(target, inventory: inventory, start: start)
        #expect(fresh.cellPrograms(from: fresh.state(part), table: part, toColumn: 0).isEmpty)
        // And a set that is not inside the one with no program is still learned from.
        let other = Table([["x_BRD_1", "Branding"], ["y_LDS_2", "Leads"]])
        #expect(!goal.cellPrograms(from: goal.state(other), table: other, toColumn: 0).isEmpty)
    }
}
