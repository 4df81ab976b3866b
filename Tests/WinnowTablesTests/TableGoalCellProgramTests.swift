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
}
