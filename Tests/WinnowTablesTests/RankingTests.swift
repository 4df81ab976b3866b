import Foundation
import Testing
import WinnowCore
import WinnowTables
import WinnowText

/// An inventory with every operator at price 1.
private func unitInventory() throws -> Inventory {
    try inventory(costs: [:])
}

/// An inventory enabling every known operator, at price 1 unless `costs` says otherwise.
private func inventory(costs: [String: Double]) throws -> Inventory {
    let operators = Inventory.knownOperators.keys.sorted().map { name in
        #""\#(name)": {"cost": \#(costs[name] ?? 1)}"#
    }
    let json = #"{"domain": "table", "operators": {\#(operators.joined(separator: ", "))}}"#
    return try Inventory.parse(try JSONSerialization.jsonObject(with: Data(json.utf8)))
}

/// One example whose output has two columns, both filled in every row.
private let twoFilledColumns = [
    Example<Table>(input: [["a", "b", "c"], ["d", "e", "f"]], output: [["a", "b"], ["d", "e"]])
]

/// Each test isolates one rule: every earlier rule ties, the rule under test favours `better`, every
/// later rule favours `worse`, and `worse` comes first in the input, so only that rule can put
/// `better` first.
@Suite struct RankingTests {
    @Test func keepingTheDemonstratedShapeOnAQueryWinsOverEveryLaterRule() throws {
        // better: two steps, one row-dependent, with parameters; the query comes out two columns wide.
        let better = Pipeline([.drop(column: 2), .fillDown(column: 0)])
        // worse: one step, not row-dependent, no parameters, but the query stays three columns wide.
        let worse = Pipeline([.deleteEmptyRows])
        let ranking = ProgramRanking(
            inventory: try unitInventory(), examples: twoFilledColumns, queries: [[["p", "q", "r"], ["s", "t", "u"]]])
        #expect(ranking.rank([worse, better]) == [better, worse])
    }

    /// The solver runs each accepted program on the held-out inputs once (`ProgramOutputs`); the
    /// schema check reads those outputs instead of running the programs again.
    @Test func theSchemaCheckReadsTheOutputsTheSolverKept() throws {
        let better = Pipeline([.drop(column: 2), .fillDown(column: 0)])
        let worse = Pipeline([.deleteEmptyRows])
        let query: Table = [["p", "q", "r"], ["s", "t", "u"]]
        let ranking = ProgramRanking(inventory: try unitInventory(), examples: twoFilledColumns, queries: [query])
        let kept = ProgramOutputs(queries: [query])
        #expect(ranking.ranked([worse, better], outputs: kept).map(\.program) == [better, worse])
        #expect(kept.outputs(of: better) == [better.apply(query)])
        // Outputs kept for other inputs are what the check reads: there `worse` keeps the shape.
        let other = ProgramOutputs(queries: [[["p", "q"], ["s", "t"]]])
        #expect(ranking.ranked([worse, better], outputs: other).map(\.program) == [worse, better])
        let grouped = TableAmbiguity(ranked: ranking.ranked([worse, better], outputs: kept), queries: [query], outputs: kept)
        #expect(grouped.outputs(of: better) == kept.outputs(of: better))
    }

    @Test func lowerTotalPriceWinsOverEveryLaterRule() throws {
        // better: one row-dependent step that fixes a parameter.
        let better = Pipeline([.wrapEvery(k: 2)])
        // worse: two steps, none row-dependent, no parameters. No query, so the shapes tie.
        let worse = Pipeline([.deleteEmptyRows, .deleteEmptyRows])
        let ranking = ProgramRanking(inventory: try unitInventory(), examples: twoFilledColumns, queries: [])
        #expect(ranking.rank([worse, better]) == [better, worse])
    }

    /// A cell program's truth value is priced on the rows its step reads in the example (here after a
    /// move that puts "D" first): "D" holding "ABC" could not have been true there, so that test is
    /// the pricier reading of `false`, and the belief leans to the other.
    @Test func aTruthValueIsPricedOnTheRowsItsStepReads() throws {
        let example = [Example<Table>(input: [["ABC", "D"]], output: [["false"]])]
        let dFirst = TableOperator.move(column: 1, to: 0)
        func contains(_ c: Int, _ other: Int) -> TableOperator {
            .replace(column: 0, program: CellProgram(otherwise: [.truth(.containsColumn(column: c, other: other), .lower)]))
        }
        let worse = Pipeline([dFirst, contains(0, 1), .drop(column: 1)])
        let better = Pipeline([dFirst, contains(1, 0), .drop(column: 1)])
        let inventory = try unitInventory()
        #expect(worse.price(under: inventory) == better.price(under: inventory))
        let ranking = ProgramRanking(inventory: inventory, examples: example, queries: [[["ABC", "BC"]]])
        let ranked = ranking.ranked([worse, better])
        #expect(ranked.map(\.program) == [better, worse])
        let grouped = TableAmbiguity(ranked: ranked, queries: [[["ABC", "BC"]]])
        #expect(grouped.groups.count == 2)
        #expect(grouped.groups[0].best == better && grouped.groups[0].share > 0.5)
    }

    /// A number the row holds is read rather than written (`ProgramCost`), and a cell the pipeline
    /// dropped before the step still held it while the rows are the input's rows in place: 2 boxes at
    /// 50 make 100 is 2 × 50, not "drop the 2, then multiply the 50 by a 2 written out".
    @Test func aNumberADroppedCellHeldIsStillTheRecords() throws {
        let inputs = [Table([["2", "50"]])]
        func times(_ term: NumberTerm) -> CellProgram { CellProgram(otherwise: [.number(.arithmetic(.multiply, .column(0), term), .plain)]) }
        let byTwo = Pipeline([.drop(column: 0), .replace(column: 0, program: times(.constant(2)))])
        let product = Pipeline([.replace(column: 1, program: times(.column(1))), .drop(column: 0)])
        #expect(byTwo.apply(inputs[0]) == Table([["100"]]) && product.apply(inputs[0]) == Table([["100"]]))
        var inventory = try unitInventory()
        inventory.text = .standard
        #expect(byTwo.price(under: inventory) < product.price(under: inventory))
        #expect(byTwo.price(under: inventory, examples: inputs) > product.price(under: inventory, examples: inputs))
        // The charge is the held-constant charge, scaled like the rest of a cell program's price.
        let charged = byTwo.price(under: inventory, examples: inputs) - byTwo.price(under: inventory)
        #expect(abs(charged - Inventory.cellProgramScale * inventory.text.heldConstantCharge) < 1e-9)
    }

    @Test func priceIsTheInventoryCostNotTheNumberOfSteps() throws {
        let inventory = try inventory(costs: ["drop": 3])
        let twoMoves = Pipeline([.move(column: 0, to: 1), .move(column: 0, to: 1)])
        let oneDrop = Pipeline([.drop(column: 0)])
        let ranking = ProgramRanking(inventory: inventory, examples: twoFilledColumns, queries: [])
        #expect(ranking.rank([oneDrop, twoMoves]) == [twoMoves, oneDrop])
    }

    @Test func pricesEqualUpToRoundingTieAndTheNextRuleDecides() throws {
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point, a hair above 0.3.
        let inventory = try inventory(costs: ["drop": 0.1, "move": 0.2, "fill-down": 0.3])
        let rowwise = Pipeline([.drop(column: 0), .move(column: 0, to: 1)])
        let rowDependent = Pipeline([.fillDown(column: 0)])
        #expect(rowwise.price(under: inventory) > rowDependent.price(under: inventory))
        let ranking = ProgramRanking(inventory: inventory, examples: twoFilledColumns, queries: [])
        #expect(ranking.rank([rowDependent, rowwise]) == [rowwise, rowDependent])
    }

    @Test func withEqualPriceFewerRowDependentStepsWinOverLaterRules() throws {
        // better: a split, which treats each row on its own, with 3 parameters.
        let better = Pipeline([.split(column: 0, delimiter: ",", mode: .all)])
        // worse: a transpose (row-dependent), no parameters.
        let worse = Pipeline([.transpose])
        #expect(!better.steps[0].dependsOnOtherRows && worse.steps[0].dependsOnOtherRows)
        let ranking = ProgramRanking(inventory: try unitInventory(), examples: twoFilledColumns, queries: [])
        #expect(ranking.rank([worse, better]) == [better, worse])
    }

    @Test func aWrongColumnCountOnAQueryLosesToAPricierProgram() throws {
        // better: drops a column and moves one, so the query comes out two columns wide like the example output.
        let better = Pipeline([.drop(column: 2), .move(column: 0, to: 1)])
        // worse: one step, but it leaves the query three columns wide.
        let worse = Pipeline([.deleteEmptyRows])
        let ranking = ProgramRanking(
            inventory: try unitInventory(), examples: twoFilledColumns, queries: [[["p", "q", "r"], ["s", "t", "u"]]])
        #expect(ranking.rank([worse, better]) == [better, worse])
    }

    @Test func blanksInAColumnTheExampleOutputAlwaysFillsCountAsAMismatch() throws {
        // Both keep two columns; dropping column 0 of this query leaves column 0 of the output blank.
        let blanks = Pipeline([.drop(column: 0)])
        let filled = Pipeline([.drop(column: 1)])
        let query: Table = [["a", "", "x"], ["b", "", "y"]]
        let ranking = ProgramRanking(inventory: try unitInventory(), examples: twoFilledColumns, queries: [query])
        #expect(ranking.rank([blanks, filled]) == [filled, blanks])
    }

    @Test func blanksInAColumnTheExampleOutputLeavesBlankAreNoMismatch() throws {
        // The example output leaves column 0 blank once, so a blank there on a query is fine, and the
        // two programs tie: input order decides.
        let examples = [Example<Table>(input: [["", "b", "c"], ["d", "e", "f"]], output: [["", "b"], ["d", "e"]])]
        let blanks = Pipeline([.drop(column: 0)])
        let filled = Pipeline([.drop(column: 1)])
        let query: Table = [["a", "", "x"], ["b", "", "y"]]
        let ranking = ProgramRanking(inventory: try unitInventory(), examples: examples, queries: [query])
        #expect(ranking.rank([blanks, filled]) == [blanks, filled])
    }

    @Test func aProgramThatDoesNotApplyToAQueryRanksBehindOneWithAWrongWidth() throws {
        let notApplicable = Pipeline([.drop(column: 7)])
        let tooWide = Pipeline([.deleteRowsWithEmptyCell(column: 0)])
        let ranking = ProgramRanking(
            inventory: try unitInventory(), examples: twoFilledColumns, queries: [[["p", "q", "r"], ["s", "t", "u"]]])
        #expect(ranking.rank([notApplicable, tooWide]) == [tooWide, notApplicable])
    }

    @Test func withEverythingElseEqualFewerParametersWin() throws {
        // On two rows both produce the same single row; wrap-into-one-row fixes no parameter.
        let better = Pipeline([.wrapIntoOneRow])
        let worse = Pipeline([.wrapEvery(k: 2)])
        let query: Table = [["p", "q"], ["r", "s"]]
        #expect(better.apply(query) == worse.apply(query))
        let ranking = ProgramRanking(inventory: try unitInventory(), examples: twoFilledColumns, queries: [query])
        #expect(ranking.rank([worse, better]) == [better, worse])
    }

    @Test func completeTiesKeepTheInputOrder() throws {
        let programs = (0..<5).map { Pipeline([.drop(column: $0)]) }
        let query: Table = [["a", "b", "c", "d", "e", "f"]]
        let examples = [Example<Table>(input: query, output: [["a", "b", "c", "d", "e"]])]
        let ranking = ProgramRanking(inventory: try unitInventory(), examples: examples, queries: [query])
        #expect(ranking.rank(programs) == programs)
        #expect(ranking.rank(programs.reversed()) == programs.reversed())
    }

    @Test func parameterCountsAndRowDependenceOfTheOperatorsUsedAbove() {
        #expect(TableOperator.wrapIntoOneRow.parameterCount == 0)
        #expect(TableOperator.wrapEvery(k: 2).parameterCount == 1)
        #expect(TableOperator.split(column: 0, delimiter: ",", mode: .all).parameterCount == 3)
        #expect(TableOperator.transpose.dependsOnOtherRows)
        #expect(TableOperator.fillDown(column: 0).dependsOnOtherRows)
        #expect(!TableOperator.drop(column: 0).dependsOnOtherRows)
    }
}
