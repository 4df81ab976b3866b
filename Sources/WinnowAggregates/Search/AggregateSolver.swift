import WinnowCore
import WinnowSearch

/// Finds every program up to three steps that reproduces all of a task's visible examples, by the
/// shared best-first search, and ranks them simplest first.
///
/// The search runs over `AggregateSearchSpace` from the tuple of all inputs (visible, then held-out:
/// their answers are never read, but a program must run on them). Every goal-reaching step sequence
/// reaches the `accept` closure, which records it and answers *no*: the core then keeps enumerating
/// instead of stopping at the cheapest price, so the pool holds every distinct consistent program
/// within the depth, not only the cheapest ones. The pool is ranked by `rank` and cut to
/// `maxCandidates`.
public struct AggregateSolver: Sendable {
    public var inventory: AggregateInventory
    public var budget: SearchBudget
    /// Candidates kept, best-ranked first.
    public var maxCandidates: Int

    /// Depth 3, and expansions enough to exhaust it: at most 1 + L + L² list prefixes are expanded
    /// for L list steps (651 with the shipped inventory); the wall clock is a safety net.
    public static let defaultBudget = SearchBudget(maxExpansions: 20_000, maxDuration: .seconds(10), maxDepth: 3)

    public init(inventory: AggregateInventory, budget: SearchBudget = AggregateSolver.defaultBudget, maxCandidates: Int = 64) {
        self.inventory = inventory
        self.budget = budget
        self.maxCandidates = maxCandidates
    }

    /// How a solve ended.
    public typealias Status = SearchStatus

    public struct Result: Sendable {
        public var status: Status
        /// The pool: consistent programs, best-ranked first, at most `maxCandidates`.
        public var candidates: [AggregateProgram]
        /// Consistent programs found before the cut.
        public var found: Int
        /// Whether the search saw its whole space (no budget stopped it).
        public var exhaustive: Bool
        public var expanded: Int
        public var generated: Int
        public var duration: Duration
    }

    /// The ranked pool for a task.
    public func candidates(for task: SynthesisTask<AggregateValue>) -> [AggregateProgram] {
        solve(task).candidates
    }

    public func solve(_ task: SynthesisTask<AggregateValue>) -> Result {
        let clock = ContinuousClock()
        let started = clock.now
        let inputs = task.examples.map(\.input) + task.queries
        let targets = task.examples.map(\.output)
        guard !targets.isEmpty, inputs.allSatisfy(\.isList),
              targets.allSatisfy(\.isList) || !targets.contains(where: \.isList)
        else {
            return Result(status: .unsolved, candidates: [], found: 0, exhaustive: true, expanded: 0, generated: 0, duration: clock.now - started)
        }
        let space = AggregateSearchSpace(inventory: inventory, targets: targets, maxDepth: budget.maxDepth)
        let search = BestFirstSearch(space: space, pricing: AggregatePricing(inventory: inventory), budget: budget)
        var found: [AggregateProgram] = []
        let start = ProgramPrefix(steps: [], values: inputs, trail: [])
        let outcome = search.run(from: start) { steps in
            if !steps.isEmpty { found.append(AggregateProgram(steps)) }
            return false
        }
        let ranked = rank(found)
        let status: Status = !ranked.isEmpty ? .solved : (outcome.stop == .timeBudget ? .timeout : .unsolved)
        return Result(
            status: status, candidates: Array(ranked.prefix(maxCandidates)), found: ranked.count,
            exhaustive: outcome.stop == .exhausted, expanded: outcome.expanded, generated: outcome.generated,
            duration: clock.now - started)
    }

    /// Simplest first: total price (the inventory's simplicity cost), then fewer steps, then the
    /// steps' inventory order, so ties break the same way on every run.
    public func rank(_ programs: [AggregateProgram]) -> [AggregateProgram] {
        let keyed = programs.map { program in
            (program: program, price: inventory.price(of: program), positions: program.steps.map(inventory.position(of:)))
        }
        return keyed.sorted { a, b in
            if Swift.abs(a.price - b.price) > 1e-9 { return a.price < b.price }
            if a.program.steps.count != b.program.steps.count { return a.program.steps.count < b.program.steps.count }
            return a.positions.lexicographicallyPrecedes(b.positions)
        }.map(\.program)
    }
}
