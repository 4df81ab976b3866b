import Foundation
import WinnowCore
import WinnowTables

/// A search prior learned from the steps of pipelines that solved tasks: p(step | state, target)
/// factored as p(operator | state, target) × p(parameters | operator, state, target), normalised over
/// the steps the search actually offers, and priced at −log p.
///
/// The operator head is a `PolicyNetwork` over the shape features (linear, or one tanh hidden layer);
/// the parameter head a `ParameterScorer` over step features. A step's logit is its operator's logit
/// plus its own score (`stepProbabilities`), so the parameter softmax runs within each operator and
/// an operator with a convincing step on offer is itself more likely.
///
/// Uniform mass (`uniformMix`) is mixed in so no step is ever impossible and a confidently wrong
/// prediction costs a bounded detour. −log p is divided by `priceScale`, half the mean −log of a
/// uniform choice over the offers seen in training: a step the prior rates no better than a uniform
/// guess costs about two inventory steps, a confident one next to nothing. That keeps prices on the
/// scale of the search's distance estimate, which counts steps (1.5 per step with the solver's
/// weight); on held-out synthetic tasks anything from 0.5 to 0.7 times the mean −log gave the same
/// solve rates, and the full mean (a uniform guess at one step) solved fewer.
public struct LearnedSearchPrior: OperatorPrior, Sendable {
    /// Operator names in the order of the operator head's outputs.
    public static let operatorNames: [String] = Inventory.knownOperators.keys.sorted()
    static let operatorIndex: [String: Int] = Dictionary(
        uniqueKeysWithValues: operatorNames.enumerated().map { ($1, $0) })
    /// The least a step costs, so the search's cut-off at the cheapest solution's price stays sound
    /// and a chain of near-certain steps still costs more the longer it is.
    public static let minimumPrice = 0.01

    var operatorHead: PolicyNetwork
    var parameterHead: ParameterScorer
    /// Share of probability spread evenly over the steps on offer.
    public var uniformMix: Double
    /// What −log p is divided by to make a price (see the type's notes).
    public var priceScale: Double
    /// How the weights were trained; `nil` for an untrained prior.
    public var training: PriorTrainingRecord?

    init(
        operatorHead: PolicyNetwork, parameterHead: ParameterScorer, uniformMix: Double, priceScale: Double,
        training: PriorTrainingRecord?
    ) {
        self.operatorHead = operatorHead
        self.parameterHead = parameterHead
        self.uniformMix = uniformMix
        self.priceScale = priceScale
        self.training = training
    }

    /// An untrained prior: every operator and every parameter equally likely among those on offer.
    public init(uniformMix: Double = 0.5, priceScale: Double = 1) {
        self.init(
            operatorHead: PolicyNetwork(inputs: FeatureRow<ShapeFeature>.count, outputs: Self.operatorNames.count, scale: 0, seed: 0),
            parameterHead: ParameterScorer(operators: Self.operatorNames.count, inputs: FeatureRow<StepFeature>.count),
            uniformMix: uniformMix, priceScale: priceScale, training: nil)
    }

    public func prices(of steps: [TableOperator], from state: Table, toward target: Table) -> [Double] {
        pricer(toward: target).prices(of: steps, from: state)
    }

    public func pricer(toward target: Table) -> any PriorPricer {
        LearnedPriorPricer(prior: self, target: PriorTarget(target))
    }

    /// p(step | state, target) for each step on offer, mixed with uniform mass; they sum to 1.
    public func probabilities(of steps: [TableOperator], from state: Table, toward target: Table) -> [Double] {
        let target = PriorTarget(target)
        return probabilities(of: steps, at: PriorState(state, target: target), toward: target)
    }

    func probabilities(of steps: [TableOperator], at state: PriorState, toward target: PriorTarget) -> [Double] {
        guard !steps.isEmpty else { return [] }
        _ = SingleThreadedBLAS.configured
        let operators = steps.map { Self.operatorIndex[$0.name] ?? 0 }
        let featurizer = StepFeaturizer(state: state, target: target)
        let x = parameterHead.standardised(steps.flatMap { featurizer.features(of: $0).values })
        let model = Self.stepProbabilities(
            operatorLogits: operatorHead.logits(state.shape.values),
            scores: parameterHead.scores(standardised: x, operators: operators), operators: operators)
        let uniform = uniformMix / Double(steps.count)
        return model.map { (1 - uniformMix) * $0 + uniform }
    }

    /// The model's distribution over the steps on offer: a softmax of each step's operator logit plus
    /// its own score. Within one operator this is a softmax of the scores, p(parameters | operator);
    /// summed over an operator's steps it is p(operator), the operator head's logit raised by how good
    /// that operator's steps look.
    static func stepProbabilities(operatorLogits: [Double], scores: [Double], operators: [Int]) -> [Double] {
        let z = operators.indices.map { operatorLogits[operators[$0]] + scores[$0] }
        let top = z.max() ?? 0
        let e = z.map { exp($0 - top) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    /// The price of a step of probability `p`.
    func price(_ p: Double) -> Double {
        max(Self.minimumPrice, -log(p) / priceScale)
    }
}

/// The learned prior's pricer for one search: it keeps the target's facts and each cell text's role
/// from expansion to expansion.
final class LearnedPriorPricer: PriorPricer {
    let prior: LearnedSearchPrior
    let target: PriorTarget

    init(prior: LearnedSearchPrior, target: PriorTarget) {
        self.prior = prior
        self.target = target
    }

    func prices(of steps: [TableOperator], from state: Table) -> [Double] {
        guard !steps.isEmpty else { return [] }
        return prior.probabilities(of: steps, at: PriorState(state, target: target), toward: target).map(prior.price)
    }
}
