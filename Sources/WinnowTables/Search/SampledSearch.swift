import WinnowCore
import WinnowSearch

/// The search of a task's first example: on a sample of its rows first when it is large, adding the
/// row candidates get wrong until a pipeline reproduces the whole example, then on the whole example
/// with what is left of the budget (counterexample-guided; `ExampleSample`, `docs/scale.md`).
///
/// Every round is seeded with the pipelines that derive each output column by a cell program when
/// there are some (`TableSearchSpace.directCellSeeds`). A pipeline found on a sample is offered to
/// `accept` only once it reproduces the whole example, so sampling changes what a solve costs, never
/// what it accepts.
struct SampledSearch {
    let solver: TableSolver
    let example: Example<Table>
    /// When the solve began: the budget's clock.
    let started: ContinuousClock.Instant

    typealias Outcome = BestFirstSearch<TableSearchSpace, TablePricing>.Outcome

    /// What the rounds found: the last round's outcome, the counts summed over every round, and the
    /// input the last round searched from (the sample's rows, or the whole example's).
    struct Rounds {
        var outcome: Outcome
        var expanded = 0
        var generated = 0
        var rejected = 0
        var searchStart: Table
    }

    func run(accept: (Pipeline) -> Bool) -> Rounds {
        let clock = ContinuousClock()
        let budget = solver.budget, inventory = solver.inventory
        let deadline = started.advanced(by: budget.maxDuration)
        var sample = solver.sampling ? ExampleSample(example) : nil
        // Rounds on a sample share half of the budget, so that an example a sample cannot solve
        // (fill-down over rows the sample skips) still gets the other half whole.
        let sampleExpansions = budget.maxExpansions / 2
        let sampleDeadline = started.advanced(by: budget.maxDuration / 2)
        var totals: (expanded: Int, generated: Int, rejected: Int) = (0, 0, 0)
        while true {
            let start = sample?.restrict(example.input) ?? example.input
            let target = sample?.restrict(example.output) ?? example.output
            // A large example's whole space is built only when a search needs it: on 2,000 rows its
            // goal alone costs a good part of what a solve on a sample costs.
            let space = TableSearchSpace(inventory: inventory, start: start, target: target, parallel: solver.parallel, deadline: deadline)
            // A learned prior prices only the steps it is offered, and the direct construction is not
            // one of the search's paths, so it seeds only a search priced by the inventory.
            let direct = solver.prior == nil ? space.directCellSeeds(from: start) : []
            let seeds = direct.map { steps in
                BestFirstSearch<TableSearchSpace, TablePricing>.Solution(steps: steps, price: Pipeline(steps).price(under: inventory))
            }
            // The search gets what the direct construction left of the budget.
            var remaining = budget
            remaining.maxDuration = max(.zero, (sample == nil ? deadline : sampleDeadline) - clock.now)
            remaining.maxExpansions = max(0, (sample == nil ? budget.maxExpansions : sampleExpansions) - totals.expanded)
            let pricing = solver.prior.map { TablePricing.prior($0.pricer(toward: target), space: space) } ?? .inventory(inventory)
            let search = BestFirstSearch(space: space, pricing: pricing, budget: remaining, heuristicWeight: solver.heuristicWeight)
            var counterexamples: [Int: Int] = [:]
            let drawn = sample
            let outcome = search.run(from: space.state(start), seeds: seeds) { steps in
                let pipeline = Pipeline(steps)
                if let drawn {
                    let output = pipeline.apply(example.input)
                    guard output == example.output else {
                        if let row = drawn.counterexample(output, expected: example.output) { counterexamples[row, default: 0] += 1 }
                        return false
                    }
                }
                return accept(pipeline)
            }
            totals.expanded += outcome.expanded
            totals.generated += outcome.generated
            totals.rejected += outcome.rejected
            guard var next = sample, outcome.solutions.isEmpty, clock.now < deadline, outcome.stop != .memoryBudget else {
                return Rounds(
                    outcome: outcome, expanded: totals.expanded, generated: totals.generated, rejected: totals.rejected, searchStart: start)
            }
            // The row most candidates got wrong joins the sample; with none, or after enough
            // rounds, the whole example is searched.
            let row = counterexamples.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
            let roundsLeft = totals.expanded < sampleExpansions && clock.now < sampleDeadline
            if let row, roundsLeft, next.rows.count < ExampleSample.maxSize, next.add(row) { sample = next } else { sample = nil }
        }
    }
}
