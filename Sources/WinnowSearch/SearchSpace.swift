/// What a best-first search needs to know about a domain: how states expand, how far a state looks
/// from the goal, and when it is there.
///
/// The search is generic so that every domain (tables, lists of numbers, …) shares one implementation
/// of the frontier, duplicate detection, budgets and solution collection.
public protocol SearchSpace {
    associatedtype State: Hashable
    associatedtype Step: Hashable

    /// The successors of a state, in a deterministic order, with invalid and no-op steps already pruned.
    func expand(_ state: State) -> [(step: Step, state: State)]

    /// `expand`, for spaces whose expansion can be long enough to check the budget inside it: the
    /// successors made before `monitor` reports a limit. The default expands whole.
    func expand(_ state: State, within monitor: BudgetMonitor) -> [(step: Step, state: State)]

    /// A cheap estimate of the remaining cost from `state` to a goal (0 at a goal), computed for every
    /// generated state.
    func estimate(_ state: State) -> Double

    /// A better but costlier estimate, computed only for states that reach the front of the queue; a
    /// state whose refined estimate is worse goes back into the queue at its new place.
    func refinedEstimate(_ state: State) -> Double

    /// Whether `state` is a goal.
    func isGoal(_ state: State) -> Bool
}

extension SearchSpace {
    public func refinedEstimate(_ state: State) -> Double { estimate(state) }

    public func expand(_ state: State, within monitor: BudgetMonitor) -> [(step: Step, state: State)] { expand(state) }
}

/// Prices a step taken from a state; the search orders the frontier by accumulated price plus the
/// space's estimate.
///
/// This is the seam for a learned search prior: a prior that predicts the next operator prices a step
/// at `-log p(step | state)`, and the search reorders its expansions with no other change.
public protocol StepPricing<State, Step> {
    associatedtype State
    associatedtype Step
    func price(of step: Step, from state: State) -> Double

    /// The price of each step on offer from `state`, in order. The search asks once per expansion,
    /// with every successor's step, because a probability is only defined against its alternatives
    /// (a prior normalises over what is on offer) and because what a prior derives from the state is
    /// then computed once, not once per step.
    func prices(of steps: [Step], from state: State) -> [Double]
}

extension StepPricing {
    /// Steps priced one by one, for pricings whose price does not depend on the alternatives.
    public func prices(of steps: [Step], from state: State) -> [Double] {
        steps.map { price(of: $0, from: state) }
    }
}
