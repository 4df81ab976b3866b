import WinnowSearch

/// A program prefix and what it computes on every input in play.
///
/// Identity is the step sequence, not the values: two prefixes that happen to agree on the inputs
/// in play stay distinct, so every distinct consistent program reaches the pool.
struct ProgramPrefix: Hashable {
    var steps: [AggregateStep]
    /// The prefix's value on each visible input, then on each held-out input.
    var values: [AggregateValue]
    /// The value tuples before each step (the inputs first), to prune a step that returns to one.
    var trail: [[AggregateValue]]

    static func == (a: ProgramPrefix, b: ProgramPrefix) -> Bool { a.steps == b.steps }
    func hash(into hasher: inout Hasher) { hasher.combine(steps) }
}

/// The aggregates domain as a search space: states are program prefixes (with their values on the
/// visible inputs and the held-out inputs), steps are inventory steps, goals reproduce every visible
/// output.
///
/// Expansion prunes, generically:
/// - a step that cannot apply to some visible or held-out input (a program that cannot run on the
///   inputs it is for is no solution);
/// - a step that changes nothing on any input in play, or returns to a tuple of values met earlier
///   on the path (`negate | negate`);
/// - a reduction whose numbers are not the visible outputs (a reduction ends a program);
/// - for a list target, reductions, and lists shorter than the target (no operator lengthens a list);
/// - at the last step allowed, any step that does not reach the goal;
/// - spellings that are redundant by law on every input: a sort right after a reorder (the first
///   reorder is lost), `reverse` right after a sort (the opposite sort, when enabled), `abs` or
///   `square` right after `negate` or `abs`, `min`/`max`/`range`/`count-distinct` right after
///   `unique`, and a reorder followed only by order-blind steps and an order-insensitive reduction
///   (`sort | square | sum` is `square | sum`).
struct AggregateSearchSpace: SearchSpace {
    let steps: [AggregateStep]
    let targets: [AggregateValue]
    let targetIsList: Bool
    let maxDepth: Int
    private let targetLengths: [Int]
    private let cheapestReduction: Double
    private let cheapestListStep: Double
    private let enabled: Set<AggregateOperator>

    init(inventory: AggregateInventory, targets: [AggregateValue], maxDepth: Int) {
        self.targets = targets
        targetIsList = targets.first?.isList ?? false
        self.maxDepth = maxDepth
        let isList = targetIsList
        let steps = inventory.steps.filter { !(isList && $0.kind == .reduce) }
        self.steps = steps
        targetLengths = targets.map { $0.list?.count ?? 0 }
        cheapestReduction = steps.filter { $0.kind == .reduce }.map(inventory.price(of:)).min() ?? 1
        cheapestListStep = steps.filter { $0.kind != .reduce }.map(inventory.price(of:)).min() ?? 1
        enabled = Set(inventory.operators)
    }

    func isGoal(_ state: ProgramPrefix) -> Bool { reachesTargets(state.values) }

    private func reachesTargets(_ values: [AggregateValue]) -> Bool {
        for (i, target) in targets.enumerated() where values[i] != target { return false }
        return true
    }

    /// At least one more step: a reduction for a number target, a list step for a list target.
    func estimate(_ state: ProgramPrefix) -> Double {
        if isGoal(state) { return 0 }
        return targetIsList ? cheapestListStep : cheapestReduction
    }

    func expand(_ state: ProgramPrefix) -> [(step: AggregateStep, state: ProgramPrefix)] {
        guard state.steps.last?.kind != .reduce, state.steps.count < maxDepth else { return [] }
        let lists = state.values.compactMap(\.list)
        guard lists.count == state.values.count else { return [] }
        let last = state.steps.count + 1 == maxDepth
        var successors: [(step: AggregateStep, state: ProgramPrefix)] = []
        stepLoop: for step in steps {
            // A number target needs its reduction by the last step allowed.
            if last, !targetIsList, step.kind != .reduce { continue }
            if isRedundant(step, after: state.steps) { continue }
            var next: [AggregateValue] = []
            next.reserveCapacity(lists.count)
            for (i, list) in lists.enumerated() {
                guard let value = step.apply(list: list) else { continue stepLoop }
                if i < targets.count {
                    if step.kind == .reduce || last {
                        // The program ends here: it must give the visible output.
                        if value != targets[i] { continue stepLoop }
                    } else if targetIsList, let produced = value.list, produced.count < targetLengths[i] {
                        continue stepLoop
                    }
                }
                next.append(value)
            }
            if step.kind != .reduce {
                if next == state.values || state.trail.contains(next) { continue }
            }
            successors.append((step, ProgramPrefix(
                steps: state.steps + [step], values: next, trail: state.trail + [state.values])))
        }
        return successors
    }

    /// Spellings that equal a shorter or cheaper program on every input (see the type's summary).
    private func isRedundant(_ step: AggregateStep, after prefix: [AggregateStep]) -> Bool {
        guard let previous = prefix.last else { return false }
        if (step.op == .sort || step.op == .sortDescending), previous.op.isReorder { return true }
        if step.op == .reverse {
            if previous.op == .sort, enabled.contains(.sortDescending) { return true }
            if previous.op == .sortDescending, enabled.contains(.sort) { return true }
        }
        // abs and square erase the sign: a negate or abs just before them is lost.
        if (step.op == .abs || step.op == .square), previous.op == .negate || previous.op == .abs { return true }
        // min, max, range and count-distinct ignore repeats: a unique just before them is lost.
        if [.min, .max, .range, .countDistinct].contains(step.op), previous.op == .unique { return true }
        if step.op.isOrderInsensitiveReduction, let reorder = prefix.lastIndex(where: { $0.op.isReorder }),
           prefix[(reorder + 1)...].allSatisfy({ $0.op.ignoresOrder }) {
            return true
        }
        return false
    }
}

/// Prices a step by the inventory (the uniform prior; a learned prior would replace it).
struct AggregatePricing: StepPricing {
    let inventory: AggregateInventory
    func price(of step: AggregateStep, from state: ProgramPrefix) -> Double { inventory.price(of: step) }
}
