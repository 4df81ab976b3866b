import WinnowCore
import WinnowSearch

/// Solves a table task from its visible examples by operator-inventory search, with no model.
///
/// The search runs on the first example (on a sample of its rows first when it is large,
/// `SampledSearch`), seeded with the pipelines that derive every output column by a cell program
/// when there are some (`TableSearchSpace.directCellSeeds`). A pipeline that reaches
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
    /// What a program that guesses on every held-out row pays in the ranking
    /// (`ProgramRanking.extrapolationPenalty`); 0 is the control that ranks by price alone.
    public var extrapolationPenalty = ProgramRanking.defaultExtrapolationPenalty

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

        /// A solve that searched nothing: no example, or one no pipeline can reach.
        static func nothing(after duration: Duration) -> Result {
            Result(
                status: .unsolved, program: nil, consistent: [], ambiguity: TableAmbiguity(ranked: [], queries: []), rejected: 0,
                outputs: [], expanded: 0, generated: 0, duration: duration)
        }

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
        guard let first = task.examples.first else { return .nothing(after: .zero) }
        // No operator invents letters or digits: an output with text the input lacks is impossible.
        if kept.isEmpty, TableGoal.startLacksTargetText(first.input, target: first.output, inventory: inventory) {
            return .nothing(after: clock.now - started)
        }
        let rounds = SampledSearch(solver: self, example: first, started: started).run(accept: fitsAfterFirst)
        let (outcome, searchStart) = (rounds.outcome, rounds.searchStart)
        let deadline = started.advanced(by: budget.maxDuration)
        let ranking = ProgramRanking(
            inventory: inventory, examples: task.examples, queries: task.queries, extrapolationPenalty: extrapolationPenalty)
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
            status: status, program: program, consistent: consistent, ambiguity: ambiguity, rejected: rounds.rejected,
            outputs: program.map { ambiguity.applied($0, to: task.queries) } ?? [], expanded: rounds.expanded,
            generated: rounds.generated, duration: clock.now - started)
    }
}
