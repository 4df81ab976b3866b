import Foundation
import Testing
import WinnowControl

@testable import WinnowLearn

/// Plain-loop reference for a network's logits.
private func naiveLogits(_ network: PolicyNetwork, _ x: [Double]) -> [Double] {
    var input = x.indices.map { (x[$0] - network.inputShift[$0]) * network.inputScale[$0] }
    for index in network.layers.indices {
        let layer = network.layers[index]
        let (w, b) = network.matrices(index)
        var output = [Double](repeating: 0, count: layer.outputs)
        for o in 0..<layer.outputs {
            var sum = b[o]
            for i in 0..<layer.inputs { sum += w[o * layer.inputs + i] * input[i] }
            output[o] = layer.activation == .tanh ? tanh(sum) : sum
        }
        input = output
    }
    return input
}

private func randomBatch(rows: Int, inputs: Int, outputs: Int, seed: UInt64, entropy: Double) -> StepBatch {
    var random = SeededRandom(seed: seed)
    var batch = StepBatch(entropyCoefficient: entropy)
    for _ in 0..<rows {
        let features = (0..<inputs).map { _ in Double.random(in: -1.5...1.5, using: &random) }
        var legal = (0..<outputs).map { _ in Bool.random(using: &random) }
        legal[outputs - 1] = true
        let action = legal.indices.filter { legal[$0] }.randomElement(using: &random)!
        batch.append(features: features, legal: legal, action: action, coefficient: Double.random(in: -2...2, using: &random))
    }
    return batch
}

private func trainedLikeNetwork(hidden: Int, seed: UInt64) -> PolicyNetwork {
    // Scale 0.7 so the softmax is far from uniform and the test exercises real curvature; a
    // standardisation measured on skewed data so that the input map is not the identity.
    var network = PolicyNetwork(inputs: StateFeatures.count, outputs: MacroAction.count, hidden: hidden, scale: 0.7, seed: seed)
    var random = SeededRandom(seed: seed ^ 0xABC)
    let sample = (0..<(40 * StateFeatures.count)).map { k in Double.random(in: 0...2, using: &random) * Double(k % 3) + 0.5 }
    network.standardise(on: sample, rows: 40)
    return network
}

@Suite struct NetworkTests {
    @Test(arguments: [0, 6])
    func blasForwardEqualsNaiveReference(hidden: Int) {
        let network = trainedLikeNetwork(hidden: hidden, seed: 11)
        #expect(network.inputShift.contains { $0 != 0 } && network.inputScale.contains { $0 != 1 })
        let batch = randomBatch(rows: 37, inputs: network.inputCount, outputs: network.outputCount, seed: 5, entropy: 0)
        let batched = network.logits(batch: batch.features, rows: batch.rows)
        var worst = 0.0
        for t in 0..<batch.rows {
            let x = Array(batch.features[t * network.inputCount..<(t + 1) * network.inputCount])
            let reference = naiveLogits(network, x)
            let single = network.logits(x)
            for j in 0..<network.outputCount {
                worst = max(worst, abs(single[j] - reference[j]), abs(batched[t * network.outputCount + j] - reference[j]))
            }
        }
        #expect(worst < 1e-9, "largest difference from the naive forward pass: \(worst)")
    }

    @Test(arguments: [0, 6])
    func gradientMatchesFiniteDifferences(hidden: Int) {
        var network = trainedLikeNetwork(hidden: hidden, seed: 3)
        let batch = randomBatch(rows: 23, inputs: network.inputCount, outputs: network.outputCount, seed: 9, entropy: 0.3)
        let l2 = 0.01
        let (_, gradient) = network.gradient(batch, l2: l2)
        let h = 1e-5
        var worst = 0.0
        for k in network.parameters.indices {
            let saved = network.parameters[k]
            network.parameters[k] = saved + h
            let up = network.objective(batch, l2: l2)
            network.parameters[k] = saved - h
            let down = network.objective(batch, l2: l2)
            network.parameters[k] = saved
            let numeric = (up - down) / (2 * h)
            worst = max(worst, abs(numeric - gradient[k]) / max(1, abs(numeric)))
        }
        #expect(worst < 1e-6, "largest relative gradient error: \(worst)")
    }

    @Test func dpoGradientMatchesFiniteDifferences() {
        var network = trainedLikeNetwork(hidden: 0, seed: 21)
        let reference = trainedLikeNetwork(hidden: 0, seed: 22)
        func steps(_ seed: UInt64, _ count: Int) -> [LoggedStep] {
            let batch = randomBatch(rows: count, inputs: network.inputCount, outputs: network.outputCount, seed: seed, entropy: 0)
            return (0..<count).map { t in
                LoggedStep(
                    features: Array(batch.features[t * network.inputCount..<(t + 1) * network.inputCount]),
                    legal: Array(batch.legal[t * network.outputCount..<(t + 1) * network.outputCount]),
                    action: MacroAction(rawValue: batch.actions[t])!)
            }
        }
        let pairs = (0..<5).map { i in
            let w = steps(100 + UInt64(i), 2 + i % 3)
            let l = steps(200 + UInt64(i), 1 + i % 4)
            return PreferencePair(
                preferred: w, rejected: l, referencePreferred: PolicyTrainer.trajectoryLogProbability(reference, w),
                referenceRejected: PolicyTrainer.trajectoryLogProbability(reference, l))
        }
        let (_, gradient) = PolicyTrainer.dpoLoss(network, pairs: pairs, beta: 0.7, l2: 0.01)
        let h = 1e-5
        var worst = 0.0
        for k in network.parameters.indices {
            let saved = network.parameters[k]
            network.parameters[k] = saved + h
            let up = PolicyTrainer.dpoLoss(network, pairs: pairs, beta: 0.7, l2: 0.01).loss
            network.parameters[k] = saved - h
            let down = PolicyTrainer.dpoLoss(network, pairs: pairs, beta: 0.7, l2: 0.01).loss
            network.parameters[k] = saved
            worst = max(worst, abs((up - down) / (2 * h) - gradient[k]))
        }
        #expect(worst < 1e-7, "largest DPO gradient error: \(worst)")
    }

    @Test func softmaxGivesIllegalActionsZeroProbability() {
        let p = PolicyNetwork.probabilities(logits: [50, 1, 2, -3, 0], legal: [false, true, true, false, true])
        #expect(p[0] == 0 && p[3] == 0)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        #expect(p[2] > p[1] && p[1] > p[4])
    }
}
