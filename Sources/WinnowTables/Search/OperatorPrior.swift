import WinnowCore

/// A search prior: how likely each step on offer is to be the next one of a pipeline that turns
/// `state` into `target`, expressed as a price the search adds up.
///
/// Prices are about `-log p(step | state, target)`, normalised over the steps passed in (the ones the
/// search actually offers), so a likely step is cheap and the frontier follows it first. The default
/// search has no prior and prices every step at its inventory cost; a prior replaces those prices and
/// changes nothing else, so every program it finds is checked against the examples exactly as before.
public protocol OperatorPrior: Sendable {
    /// Price of each step (≈ −log p, positive) from `state` toward `target`; same order as `steps`.
    func prices(of steps: [TableOperator], from state: Table, toward target: Table) -> [Double]

    /// A pricer for one search toward one target. A search asks for prices once per expansion, always
    /// toward the same target, so a prior that derives facts from the target (or memoises facts about
    /// cell texts that recur from state to state) can do that work once here. The result belongs to
    /// one search and need not be thread-safe.
    func pricer(toward target: Table) -> any PriorPricer
}

/// Prices the steps on offer from a state, toward a target fixed when it was made.
public protocol PriorPricer {
    /// Price of each step (≈ −log p, positive) from `state`; same order as `steps`.
    func prices(of steps: [TableOperator], from state: Table) -> [Double]
}

extension OperatorPrior {
    /// A pricer that asks the prior afresh at every expansion.
    public func pricer(toward target: Table) -> any PriorPricer {
        TargetedPrior(prior: self, target: target)
    }
}

/// An `OperatorPrior` with its target filled in: the pricer of a prior that caches nothing.
struct TargetedPrior<Prior: OperatorPrior>: PriorPricer {
    let prior: Prior
    let target: Table

    func prices(of steps: [TableOperator], from state: Table) -> [Double] {
        prior.prices(of: steps, from: state, toward: target)
    }
}
