import WinnowCore
import WinnowSearch

/// Solves a table task from its visible examples by operator-inventory search, with no model.
///
/// The search runs on the first example, seeded with the pipeline that derives every output column
/// by a cell program when there is one (`TableSearchSpace.directCellSteps`). A pipeline that reaches
/// its output is accepted only if it also reproduces every other example and applies to every
/// held-out input: the held-out inputs are what the user will transform, so a program that cannot
/// run on them is not a solution, even though their answers are never looked at. Accepted pipelines
/// are ranked by `ProgramRanking` and grouped by behaviour (`TableAmbiguity`); the best-ranked one is
/// `program`, and whether to commit it is the gate's decision (`Result.gated(by:queries:)`). A search
/// prior, when given, only reorders the search: what is accepted and how it is ranked do not depend
/// on it.
public struct TableSolver: Sendable {
    public var inventory: Inventory
    public var budget: SearchBudget
    /// Spread each expansion over the cores; off when the caller already runs solvers in parallel.
    public var parallel: Bool
    /// Weight of the distance estimate against the price so far.
    public var heuristicWeight: Double
    /// Prices the steps on offer at each expansion; `nil` prices them at their inventory costs.
    public var prior: (any OperatorPrior)?
    /// Add the pipelines that other programs for the found cell steps make (`CellAlternatives`), so
    /// that an example that leaves a cell program open shows up as ambiguous.
    public var alternatives = true
    /// Programs grouped into behaviours, best-ranked first; the rest are too unlikely to matter.
    public var maxGrouped = 32
    /// Search a large example's sample first (`ExampleSample`); off, the whole example is searched
    /// (the control the benefit is measured against).
    public var sampling = true

    public init(
        inventory: Inventory, budget: SearchBudget = SearchBudget(), parallel: Bool = true, heuristicWeight: Double = 1.5,
        prior: (any OperatorPrior)? = nil
    ) {
        self.inventory = inventory
        self.budget = budget
        self.parallel = parallel
        self.heuristicWeight = heuristicWeight
        self.prior = prior
    }

    /// How a solve ended.
    public typealias Status = SearchStatus

    public struct Result: Sendable {
        public var status: Status
        /// The committed pipeline, if any: the best-ranked one (the plain gate), until `gated(by:)`
        /// puts the gate's choice here.
        public var program: Pipeline?
        /// Every distinct consistent pipeline found, best first: the search's, and those its cell
        /// steps' other programs make (`CellAlternatives`).
        public var consistent: [Pipeline]
        /// The consistent pipelines grouped by what they output on the held-out inputs.
        public var ambiguity: TableAmbiguity
        /// Goal-reaching pipelines rejected because they failed another example or a held-out input.
        public var rejected: Int
        /// `program` applied to each held-out input.
        public var outputs: [Table]
        public var expanded: Int
        public var generated: Int
        public var duration: Duration

        /// Consistent programs were found but the gate committed none of them.
        public var abstained: Bool { program == nil && !consistent.isEmpty }

        /// The result as `gate` leaves it: the program it commits, or none when no behaviour
        /// dominates, and that program's outputs on `queries` (the task's held-out inputs).
        public func gated(by gate: TableGate, queries: [Table]) -> Result {
            var copy = self
            copy.program = gate.decide(ambiguity)
            copy.outputs = copy.program.map { ambiguity.applied($0, to: queries) } ?? []
            return copy
        }
    }

    /// - Parameter earlier: programs of an earlier pool (before an answer was learned, `TableInquiry`),
    ///   kept when they still reproduce every example and run on every held-out input: the search
    ///   starts from the first example, and a changed first example can put them out of its reach.
    public func solve(_ task: SynthesisTask<Table>, keeping earlier: [Pipeline] = []) -> Result {
        let clock = ContinuousClock()
        let started = clock.now
        // Accepting a program runs it on the held-out inputs; ranking, grouping and the answer read
        // those outputs instead of running it again.
        let runs = ProgramOutputs(queries: task.queries)
        func fitsAfterFirst(_ pipeline: Pipeline) -> Bool {
            task.examples.dropFirst().allSatisfy { pipeline.apply($0.input) == $0.output }
                && runs.outputs(of: pipeline).allSatisfy { $0 != nil }
        }
        func fits(_ pipeline: Pipeline) -> Bool {
            task.examples.prefix(1).allSatisfy { pipeline.apply($0.input) == $0.output } && fitsAfterFirst(pipeline)
        }
        let kept = earlier.filter(fits)
        guard let first = task.examples.first else {
            return Result(
                status: .unsolved, program: nil, consistent: [], ambiguity: TableAmbiguity(ranked: [], queries: []), rejected: 0,
                outputs: [], expanded: 0, generated: 0, duration: .zero)
        }
        let deadline = started.advanced(by: budget.maxDuration)
        // No operator invents letters or digits: an output with text the input lacks is impossible.
        if kept.isEmpty, TableGoal.startLacksTargetText(first.input, target: first.output, inventory: inventory) {
            return Result(
                status: .unsolved, program: nil, consistent: [], ambiguity: TableAmbiguity(ranked: [], queries: []), rejected: 0,
                outputs: [], expanded: 0, generated: 0, duration: clock.now - started)
        }
        var sample = sampling ? ExampleSample(first) : nil
        // Rounds on a sample share half of the budget, so that an example a sample cannot solve
        // (fill-down over rows the sample skips) still gets the other half whole.
        let sampleExpansions = budget.maxExpansions / 2
        let sampleDeadline = started.advanced(by: budget.maxDuration / 2)
        var (expanded, generated, rejected) = (0, 0, 0)
        var searchStart = first.input
        var outcome: BestFirstSearch<TableSearchSpace, TablePricing>.Outcome
        // Counterexample-guided rounds on a sample of a large example, then (if they find nothing
        // the whole example confirms) the whole example with what is left of the budget.
        while true {
            let start = sample?.restrict(first.input) ?? first.input
            let target = sample?.restrict(first.output) ?? first.output
            // A large example's whole space is built only when a search needs it: on 2,000 rows its
            // goal alone costs a good part of what a solve on a sample costs.
            let space = TableSearchSpace(inventory: inventory, start: start, target: target, parallel: parallel, deadline: deadline)
            // A learned prior prices only the steps it is offered, and the direct construction is not
            // one of the search's paths, so it seeds only a search priced by the inventory.
            let direct = prior == nil ? space.directCellSteps(from: start) : nil
            let seeds = direct.map { steps in
                [BestFirstSearch<TableSearchSpace, TablePricing>.Solution(steps: steps, price: Pipeline(steps).price(under: inventory))]
            } ?? []
            // The search gets what the direct construction left of the budget.
            var remaining = budget
            remaining.maxDuration = max(.zero, (sample == nil ? deadline : sampleDeadline) - clock.now)
            remaining.maxExpansions = max(0, (sample == nil ? budget.maxExpansions : sampleExpansions) - expanded)
            let pricing = prior.map { TablePricing.prior($0.pricer(toward: target), space: space) } ?? .inventory(inventory)
            let search = BestFirstSearch(space: space, pricing: pricing, budget: remaining, heuristicWeight: heuristicWeight)
            var counterexamples: [Int: Int] = [:]
            let drawn = sample
            outcome = search.run(from: space.state(start), seeds: seeds) { steps in
                let pipeline = Pipeline(steps)
                if let drawn {
                    let output = pipeline.apply(first.input)
                    guard output == first.output else {
                        if let row = drawn.counterexample(output, expected: first.output) { counterexamples[row, default: 0] += 1 }
                        return false
                    }
                }
                return fitsAfterFirst(pipeline)
            }
            expanded += outcome.expanded
            generated += outcome.generated
            rejected += outcome.rejected
            searchStart = start
            guard var next = sample, outcome.solutions.isEmpty, clock.now < deadline, outcome.stop != .memoryBudget else { break }
            // The row most candidates got wrong joins the sample; with none, or after enough
            // rounds, the whole example is searched.
            let row = counterexamples.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
            let roundsLeft = expanded < sampleExpansions && clock.now < sampleDeadline
            if let row, roundsLeft, next.rows.count < ExampleSample.maxSize, next.add(row) { sample = next } else { sample = nil }
        }
        let ranking = ProgramRanking(inventory: inventory, examples: task.examples, queries: task.queries)
        let searched = ranking.ranked(outcome.solutions.map { Pipeline($0.steps) }, outputs: runs)
        var found = searched.map(\.program)
        if alternatives, !found.isEmpty {
            found += CellAlternatives(inventory: inventory).widen(
                found, start: searchStart, whole: searchStart == first.input ? nil : first.input, until: deadline, accept: fitsAfterFirst)
        }
        found += kept.filter { !found.contains($0) }
        let ranked = found.count == searched.count ? searched : ranking.ranked(found, outputs: runs)
        let consistent = ranked.map(\.program)
        let program = consistent.first
        let status: Status =
            switch (program, outcome.stop) {
            case (_?, _): .solved
            case (nil, .timeBudget): .timeout
            case (nil, .memoryBudget): .memory
            case (nil, _): .unsolved
            }
        let ambiguity = TableAmbiguity(ranked: Array(ranked.prefix(maxGrouped)), queries: task.queries, outputs: runs)
        return Result(
            status: status, program: program, consistent: consistent, ambiguity: ambiguity, rejected: rejected,
            outputs: program.map { ambiguity.applied($0, to: task.queries) } ?? [], expanded: expanded,
            generated: generated, duration: clock.now - started)
    }
}
