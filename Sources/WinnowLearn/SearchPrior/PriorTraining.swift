import Foundation
import WinnowControl
import WinnowCore
import WinnowTables

/// How a search prior is trained: maximum likelihood of the steps taken, by Adam on minibatches.
public struct PriorTrainingConfig: Sendable, Hashable, Codable {
    public var epochs: Int
    public var learningRate: Double
    public var l2: Double
    /// Units in the operator head's tanh hidden layer; 0 for a linear head.
    public var hidden: Int
    public var seed: UInt64
    /// The control: each example's step is swapped for another example's (a seeded permutation), so
    /// the prior can learn how often operators are used but nothing about when.
    public var shuffledLabels: Bool
    /// Share of probability spread evenly over the steps on offer. Half, measured on held-out
    /// synthetic tasks: a confidently wrong prediction then costs at most about two inventory steps,
    /// which the search recovers from, while a right one still costs next to nothing.
    public var uniformMix: Double
    public var batchSize: Int

    public init(
        epochs: Int = 60, learningRate: Double = 0.02, l2: Double = 1e-4, hidden: Int = 0, seed: UInt64 = 0,
        shuffledLabels: Bool = false, uniformMix: Double = 0.5, batchSize: Int = 256
    ) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.l2 = l2
        self.hidden = hidden
        self.seed = seed
        self.shuffledLabels = shuffledLabels
        self.uniformMix = uniformMix
        self.batchSize = batchSize
    }
}

/// What a trained prior records about its training, kept in its file.
public struct PriorTrainingRecord: Sendable, Hashable, Codable {
    public var config: PriorTrainingConfig
    /// Examples the heads learned from.
    public var examples: Int
    /// Examples dropped because the search would not offer their step at their state.
    public var skipped: Int
    /// Mean negative log-likelihood of a step (operator and parameters) over each epoch's minibatches.
    public var history: [Double]
}

extension LearnedSearchPrior {
    /// Trains a prior on the steps of solved pipelines. Each example is normalised against the steps
    /// `inventory` offers at its state (the search's own alternatives); without an inventory, against
    /// those an inventory covering the examples' own steps offers. Deterministic given the seed.
    public static func train(
        _ examples: [PriorExample], config: PriorTrainingConfig, inventory: Inventory? = nil
    ) -> LearnedSearchPrior {
        let offers = inventory ?? .covering(examples.map(\.step))
        var random = SeededRandom(seed: config.seed)
        var labels = examples.map(\.step)
        if config.shuffledLabels { labels.shuffle(using: &random) }

        var data = TrainingData()
        var targets: [Table: PriorTarget] = [:]
        for (example, label) in zip(examples, labels) {
            let offered = offers.offeredSteps(from: example.state, toward: example.target)
            let chosen: Int?
            if config.shuffledLabels {
                // A shuffled label names an operator; its parameters mean nothing at this state.
                let sameOperator = offered.indices.filter { offered[$0].name == label.name }
                chosen = sameOperator.isEmpty ? nil : sameOperator[Int.random(in: 0..<sameOperator.count, using: &random)]
            } else {
                chosen = offered.firstIndex(of: label)
            }
            guard let chosen else {
                data.skipped += 1
                continue
            }
            let target = targets[example.target] ?? PriorTarget(example.target)
            targets[example.target] = target
            let state = PriorState(example.state, target: target)
            let featurizer = StepFeaturizer(state: state, target: target)
            let operators = offered.map { operatorIndex[$0.name] ?? 0 }
            let offeredOperators = Set(operators)
            data.shape += state.shape.values
            data.legal += operatorNames.indices.map(offeredOperators.contains)
            data.stepStart.append(data.operators.count)
            data.steps += offered.flatMap { featurizer.features(of: $0).values }
            data.operators += operators
            data.chosen.append(chosen)
        }
        data.stepStart.append(data.operators.count)
        return fit(data, config: config)
    }

    /// The examples turned into what the two heads train on: per example its shape features, the
    /// operators on offer, and the features and operator of every step on offer, with the one taken.
    private struct TrainingData {
        var shape: [Double] = []
        var legal: [Bool] = []
        /// Where each example's steps start in `operators` (and, times the input count, in `steps`);
        /// one more entry marks the end.
        var stepStart: [Int] = []
        var steps: [Double] = []
        var operators: [Int] = []
        /// The step taken, as an offset into the example's steps.
        var chosen: [Int] = []
        var skipped = 0
        var count: Int { chosen.count }

        func range(_ example: Int) -> Range<Int> { stepStart[example]..<stepStart[example + 1] }
    }

    private static func fit(_ data: TrainingData, config: PriorTrainingConfig) -> LearnedSearchPrior {
        _ = SingleThreadedBLAS.configured
        let shapeInputs = FeatureRow<ShapeFeature>.count
        let stepInputs = FeatureRow<StepFeature>.count
        let operatorCount = operatorNames.count
        var head = PolicyNetwork(inputs: shapeInputs, outputs: operatorCount, hidden: config.hidden, seed: config.seed)
        head.standardise(on: data.shape, rows: data.count)
        var scorer = ParameterScorer(operators: operatorCount, inputs: stepInputs)
        scorer.standardise(on: data.steps)
        let x = scorer.standardised(data.steps)
        var headAdam = AdamAscent(count: head.parameters.count, learningRate: config.learningRate)
        var scorerAdam = AdamAscent(count: scorer.weights.count, learningRate: config.learningRate)
        var random = SeededRandom(seed: config.seed ^ 0x5EED_0F_5EA2C4)
        var order = Array(0..<data.count)
        var history: [Double] = []
        let batchSize = max(1, config.batchSize)
        for _ in 0..<(data.count == 0 ? 0 : config.epochs) {
            order.shuffle(using: &random)
            var negativeLogLikelihood = 0.0
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let batch = Array(order[start..<min(start + batchSize, order.count)])
                let weight = 1 / Double(batch.count)
                let shapes = batch.flatMap { data.shape[$0 * shapeInputs..<($0 + 1) * shapeInputs] }
                let logits = head.logits(batch: shapes, rows: batch.count)
                var operatorBatch = StepBatch()
                var scorerGradient = scorer.weights.map { -config.l2 * $0 }
                for (row, example) in batch.enumerated() {
                    let range = data.range(example)
                    let operators = Array(data.operators[range])
                    let features = Array(x[range.lowerBound * stepInputs..<range.upperBound * stepInputs])
                    let p = stepProbabilities(
                        operatorLogits: Array(logits[row * operatorCount..<(row + 1) * operatorCount]),
                        scores: scorer.scores(standardised: features, operators: operators), operators: operators)
                    let chosen = data.chosen[example]
                    negativeLogLikelihood -= log(max(p[chosen], .leastNormalMagnitude))
                    // d log p(chosen) / d score_s = [s = chosen] − p_s.
                    var deltas = p.map { -weight * $0 }
                    deltas[chosen] += weight
                    scorer.accumulate(&scorerGradient, standardised: features, operators: operators, deltas: deltas)
                    // d log p(chosen) / d operator logit_j = [j = chosen's operator] − p(j). Rows whose
                    // coefficients sum to zero give exactly that through the network's own gradient:
                    // Σ_k c_k ([j = a_k] − π_j) = Σ_k c_k [j = a_k] when Σ_k c_k = 0.
                    var operatorMass = [Double](repeating: 0, count: operatorCount)
                    for (op, share) in zip(operators, p) { operatorMass[op] += share }
                    let shape = Array(data.shape[example * shapeInputs..<(example + 1) * shapeInputs])
                    let legal = Array(data.legal[example * operatorCount..<(example + 1) * operatorCount])
                    operatorBatch.append(features: shape, legal: legal, action: operators[chosen], coefficient: weight)
                    for (op, mass) in operatorMass.enumerated() where mass > 0 {
                        operatorBatch.append(features: shape, legal: legal, action: op, coefficient: -weight * mass)
                    }
                }
                headAdam.step(&head.parameters, gradient: head.gradient(operatorBatch, l2: config.l2).gradient)
                scorerAdam.step(&scorer.weights, gradient: scorerGradient)
            }
            history.append(negativeLogLikelihood / Double(data.count))
        }
        let logOffers = (0..<data.count).reduce(0.0) { $0 + log(Double(data.range($1).count)) }
        let record = PriorTrainingRecord(config: config, examples: data.count, skipped: data.skipped, history: history)
        return LearnedSearchPrior(
            operatorHead: head, parameterHead: scorer, uniformMix: config.uniformMix,
            priceScale: data.count == 0 ? 1 : max(0.5, logOffers / Double(data.count) / 2), training: record)
    }
}
