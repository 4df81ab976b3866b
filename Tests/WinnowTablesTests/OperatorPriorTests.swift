import Foundation
import Testing
import WinnowCore
import WinnowSearch
import WinnowTables

/// Prices every step at its inventory cost: the default search, expressed as a prior.
private struct InventoryCostPrior: OperatorPrior {
    let inventory: Inventory
    func prices(of steps: [TableOperator], from state: Table, toward target: Table) -> [Double] {
        steps.map(inventory.cost(of:))
    }
}

/// Knows the answer: the steps of `pipeline` are cheap, everything else dear.
private struct OraclePrior: OperatorPrior {
    let pipeline: Pipeline
    func prices(of steps: [TableOperator], from state: Table, toward target: Table) -> [Double] {
        steps.map { pipeline.steps.contains($0) ? 0.05 : 3 }
    }
}

/// Prefers whatever sorts first by description: a prior that is confidently wrong.
private struct MisleadingPrior: OperatorPrior {
    func prices(of steps: [TableOperator], from state: Table, toward target: Table) -> [Double] {
        let order = steps.indices.sorted { steps[$0].description < steps[$1].description }
        var prices = [Double](repeating: 0, count: steps.count)
        for (rank, index) in order.enumerated() { prices[index] = 0.01 + 0.5 * Double(rank) }
        return prices
    }
}

@Suite struct OperatorPriorTests {
    private static let budget = SearchBudget(maxExpansions: 1_500, maxDuration: .seconds(600))

    private func task(_ examples: [(Table, Table)], queries: [Table] = []) -> SynthesisTask<Table> {
        SynthesisTask(id: "t", domain: "table", examples: examples.map { Example(input: $0.0, output: $0.1) }, queries: queries)
    }

    private var names: SynthesisTask<Table> {
        task(
            [
                ([["Smith, John", "x1"], ["Doe, Jane", "x2"], ["Brown, Bob", "x3"]], [["John", "Smith"], ["Jane", "Doe"], ["Bob", "Brown"]]),
                ([["Lovelace, Ada", "x4"]], [["Ada", "Lovelace"]]),
            ], queries: [[["Turing, Alan", "x5"]]])
    }

    @Test func aPriorAtInventoryCostsSearchesExactlyLikeTheDefault() throws {
        let inventory = try ShippedFiles.inventory()
        let plain = TableSolver(inventory: inventory, budget: Self.budget, parallel: false).solve(names)
        let priced = TableSolver(
            inventory: inventory, budget: Self.budget, parallel: false, prior: InventoryCostPrior(inventory: inventory)
        ).solve(names)
        #expect(plain.program != nil)
        #expect(priced.program == plain.program)
        #expect(priced.consistent == plain.consistent)
        #expect(priced.expanded == plain.expanded)
        #expect(priced.generated == plain.generated)
    }

    @Test func aPriorThatKnowsTheAnswerExpandsFewerStates() throws {
        let inventory = try ShippedFiles.inventory()
        let plain = TableSolver(inventory: inventory, budget: Self.budget, parallel: false).solve(names)
        let program = try #require(plain.program)
        let guided = TableSolver(inventory: inventory, budget: Self.budget, parallel: false, prior: OraclePrior(pipeline: program))
            .solve(names)
        #expect(guided.program == program)
        #expect(guided.expanded < plain.expanded)
    }

    @Test func aMisleadingPriorStillCommitsOnlyProgramsThatReproduceEveryExample() throws {
        let inventory = try ShippedFiles.inventory()
        let result = TableSolver(inventory: inventory, budget: Self.budget, parallel: false, prior: MisleadingPrior()).solve(names)
        #expect(result.program != nil)
        for pipeline in result.consistent {
            for example in names.examples { #expect(pipeline.apply(example.input) == example.output, "\(pipeline)") }
            for query in names.queries { #expect(pipeline.apply(query) != nil) }
        }
    }

    @Test func theDefaultPricerAsksThePriorTowardTheTargetItWasMadeFor() {
        let target: Table = [["a"]]
        let pricer = OraclePrior(pipeline: Pipeline([.transpose])).pricer(toward: target)
        #expect(pricer.prices(of: [.transpose, .unfold], from: [["a", "b"]]) == [0.05, 3])
    }

    @Test func offeredStepsAreTheApplicableCandidatesOfTheSearch() throws {
        let inventory = try ShippedFiles.inventory()
        let state: Table = [["a:1", ""], ["b:2", "x"]]
        let target: Table = [["a", "1"], ["b", "2"]]
        let offered = inventory.offeredSteps(from: state, toward: target)
        #expect(offered.contains(.split(column: 0, delimiter: ":", mode: .first)))
        #expect(offered.contains(.drop(column: 1)))
        #expect(offered.allSatisfy { $0.apply(state) != nil && $0.apply(state) != state })
    }
}
