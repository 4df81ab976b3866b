import Foundation
import WinnowControl

/// A small feed-forward network from features to one logit per macro-action: one linear layer
/// (a linear softmax policy) or a tanh hidden layer then a linear layer. Softmax is taken over the
/// legal actions only, so an illegal action has probability exactly zero.
///
/// Inputs are first standardised by a fixed affine map, x' = (x − `inputShift`) ⊙ `inputScale`
/// (identity until `standardise(on:)` sets it from training states; not trained). Parameters live
/// in one flat array, layer by layer, each layer as its weight matrix (outputs × inputs, row-major)
/// followed by its bias; products go through OpenBLAS.
public struct PolicyNetwork: Sendable, Hashable {
    public enum Activation: String, Sendable, Hashable, Codable { case identity, tanh }

    public struct Layer: Sendable, Hashable {
        public var inputs: Int
        public var outputs: Int
        public var activation: Activation
        /// Where the weights (then the bias) start in `parameters`.
        public var offset: Int
        public var weightCount: Int { inputs * outputs }
        public var biasOffset: Int { offset + weightCount }
    }

    public private(set) var layers: [Layer]
    public var parameters: [Double]
    /// Subtracted from each input before the first layer.
    public private(set) var inputShift: [Double]
    /// Multiplies each shifted input.
    public private(set) var inputScale: [Double]

    public var inputCount: Int { layers[0].inputs }
    public var outputCount: Int { layers[layers.count - 1].outputs }
    /// Units in the hidden layer; 0 for the linear policy.
    public var hiddenUnits: Int { layers.count > 1 ? layers[0].outputs : 0 }

    /// A fresh network: `hidden` = 0 gives the linear softmax policy. Output weights are drawn
    /// N(0, `scale`²) so the initial policy is close to uniform over legal actions; hidden weights
    /// are N(0, 1/inputs); biases start at 0.
    public init(inputs: Int, outputs: Int, hidden: Int = 0, scale: Double = 0.01, seed: UInt64) {
        precondition(inputs > 0 && outputs > 0 && hidden >= 0)
        var shapes: [(Int, Int, Activation)] = []
        if hidden > 0 {
            shapes = [(inputs, hidden, .tanh), (hidden, outputs, .identity)]
        } else {
            shapes = [(inputs, outputs, .identity)]
        }
        var layers: [Layer] = []
        var offset = 0
        for (i, o, a) in shapes {
            layers.append(Layer(inputs: i, outputs: o, activation: a, offset: offset))
            offset += i * o + o
        }
        var random = SeededRandom(seed: seed)
        var parameters = [Double](repeating: 0, count: offset)
        for layer in layers {
            let sd = layer.activation == .tanh ? 1 / Double(layer.inputs).squareRoot() : scale
            for k in layer.offset..<layer.biasOffset { parameters[k] = sd * Self.normal(&random) }
        }
        self.layers = layers
        self.parameters = parameters
        inputShift = [Double](repeating: 0, count: inputs)
        inputScale = [Double](repeating: 1, count: inputs)
    }

    /// A network from explicit matrices (`weights` row-major, outputs × inputs); the shapes must
    /// chain and the last layer must be `identity`.
    public init(
        layers specs: [(inputs: Int, outputs: Int, activation: Activation, weights: [Double], bias: [Double])],
        inputShift: [Double]? = nil, inputScale: [Double]? = nil
    ) throws {
        guard !specs.isEmpty else { throw LearnedPolicyError.shape("no layers") }
        var layers: [Layer] = []
        var parameters: [Double] = []
        for (index, spec) in specs.enumerated() {
            guard spec.inputs > 0, spec.outputs > 0 else {
                throw LearnedPolicyError.shape("layer \(index) is \(spec.outputs)×\(spec.inputs)")
            }
            if index > 0, specs[index - 1].outputs != spec.inputs {
                throw LearnedPolicyError.shape(
                    "layer \(index) takes \(spec.inputs) inputs but layer \(index - 1) gives \(specs[index - 1].outputs)")
            }
            guard spec.weights.count == spec.inputs * spec.outputs else {
                throw LearnedPolicyError.shape(
                    "layer \(index) weights hold \(spec.weights.count) values, expected \(spec.outputs)×\(spec.inputs) = \(spec.inputs * spec.outputs)")
            }
            guard spec.bias.count == spec.outputs else {
                throw LearnedPolicyError.shape("layer \(index) bias holds \(spec.bias.count) values, expected \(spec.outputs)")
            }
            guard spec.weights.allSatisfy(\.isFinite), spec.bias.allSatisfy(\.isFinite) else {
                throw LearnedPolicyError.shape("layer \(index) holds a value that is not finite")
            }
            layers.append(Layer(inputs: spec.inputs, outputs: spec.outputs, activation: spec.activation, offset: parameters.count))
            parameters += spec.weights + spec.bias
        }
        guard specs[specs.count - 1].activation == .identity else {
            throw LearnedPolicyError.shape("the last layer must be identity (it gives logits)")
        }
        let inputs = specs[0].inputs
        let shift = inputShift ?? [Double](repeating: 0, count: inputs)
        let scale = inputScale ?? [Double](repeating: 1, count: inputs)
        guard shift.count == inputs, scale.count == inputs else {
            throw LearnedPolicyError.shape("input shift and scale hold \(shift.count) and \(scale.count) values, expected \(inputs)")
        }
        guard shift.allSatisfy(\.isFinite), scale.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw LearnedPolicyError.shape("input shift must be finite and input scale finite and positive")
        }
        self.layers = layers
        self.parameters = parameters
        self.inputShift = shift
        self.inputScale = scale
    }

    /// Sets the input standardisation from sample feature vectors (rows × inputs, row-major):
    /// shift = mean, scale = 1/standard deviation; a feature that does not vary (the bias) is left
    /// as it is (shift 0, scale 1).
    public mutating func standardise(on features: [Double], rows: Int) {
        precondition(features.count == rows * inputCount)
        guard let (shift, scale) = Standardisation.fit(features, inputs: inputCount) else { return }
        (inputShift, inputScale) = (shift, scale)
    }

    /// Inputs after the fixed standardisation.
    func standardised(_ features: [Double]) -> [Double] {
        Standardisation.apply(features, shift: inputShift, scale: inputScale)
    }

    /// Layer `index`'s weight matrix (row-major, outputs × inputs) and bias.
    public func matrices(_ index: Int) -> (weights: [Double], bias: [Double]) {
        let layer = layers[index]
        return (
            Array(parameters[layer.offset..<layer.biasOffset]),
            Array(parameters[layer.biasOffset..<layer.biasOffset + layer.outputs])
        )
    }

    // MARK: - Forward

    /// Logits for one feature vector (`cblas_dgemv` per layer).
    public func logits(_ features: [Double]) -> [Double] {
        precondition(features.count == inputCount, "expected \(inputCount) features, got \(features.count)")
        var x = standardised(features)
        parameters.withUnsafeBufferPointer { p in
            for layer in layers {
                var z = Array(p[layer.biasOffset..<layer.biasOffset + layer.outputs])
                x.withUnsafeBufferPointer { xp in
                    z.withUnsafeMutableBufferPointer { zp in
                        BLAS.gemv(
                            trans: false, m: layer.outputs, n: layer.inputs, alpha: 1, p.baseAddress! + layer.offset,
                            lda: layer.inputs, xp.baseAddress!, beta: 1, zp.baseAddress!)
                    }
                }
                if layer.activation == .tanh { for i in z.indices { z[i] = Foundation.tanh(z[i]) } }
                x = z
            }
        }
        return x
    }

    /// Logits for `rows` feature vectors stacked row-major (`cblas_dgemm`, bias added with `cblas_dger`).
    public func logits(batch features: [Double], rows: Int) -> [Double] {
        forward(features, rows: rows).last!
    }

    /// Every layer's output for a batch: element 0 is the standardised input, the last the logits.
    func forward(_ features: [Double], rows: Int) -> [[Double]] {
        precondition(features.count == rows * inputCount, "batch holds \(features.count) values, expected \(rows)×\(inputCount)")
        var activations = [standardised(features)]
        guard rows > 0 else { return activations + layers.map { _ in [] } }
        let ones = [Double](repeating: 1, count: rows)
        parameters.withUnsafeBufferPointer { p in
            for layer in layers {
                var z = [Double](repeating: 0, count: rows * layer.outputs)
                activations[activations.count - 1].withUnsafeBufferPointer { a in
                    z.withUnsafeMutableBufferPointer { zp in
                        BLAS.gemm(
                            transA: false, transB: true, m: rows, n: layer.outputs, k: layer.inputs, alpha: 1, a.baseAddress!,
                            lda: layer.inputs, p.baseAddress! + layer.offset, ldb: layer.inputs, beta: 0, zp.baseAddress!,
                            ldc: layer.outputs)
                        ones.withUnsafeBufferPointer { o in
                            BLAS.ger(
                                m: rows, n: layer.outputs, alpha: 1, o.baseAddress!, p.baseAddress! + layer.biasOffset,
                                zp.baseAddress!, lda: layer.outputs)
                        }
                    }
                }
                if layer.activation == .tanh { for i in z.indices { z[i] = Foundation.tanh(z[i]) } }
                activations.append(z)
            }
        }
        return activations
    }

    /// The softmax over the legal entries of `logits`; illegal entries get 0.
    public static func probabilities(logits: [Double], legal: [Bool]) -> [Double] {
        softmax(logits[...], legal: legal[...]).probabilities
    }

    /// Probabilities over legal actions, and the log-normaliser.
    static func softmax(_ z: ArraySlice<Double>, legal: ArraySlice<Bool>) -> (probabilities: [Double], logNormaliser: Double) {
        var top = -Double.infinity
        for (value, ok) in zip(z, legal) where ok { top = max(top, value) }
        precondition(top > -Double.infinity, "no legal action")
        var probabilities = [Double](repeating: 0, count: z.count)
        var sum = 0.0
        for (j, (value, ok)) in zip(z, legal).enumerated() where ok {
            probabilities[j] = exp(value - top)
            sum += probabilities[j]
        }
        for j in probabilities.indices { probabilities[j] /= sum }
        return (probabilities, top + log(sum))
    }

    /// log π(a|s) for each row of a batch.
    public func logProbabilities(_ batch: StepBatch) -> [Double] {
        let z = logits(batch: batch.features, rows: batch.rows)
        let a = outputCount
        return (0..<batch.rows).map { t in
            let (_, logNormaliser) = Self.softmax(z[t * a..<(t + 1) * a], legal: batch.legal[t * a..<(t + 1) * a])
            return z[t * a + batch.actions[t]] - logNormaliser
        }
    }

    // MARK: - Objective and gradient

    /// J(θ) = Σₜ cₜ · log π(aₜ|sₜ) + e · Σₜ H(π(·|sₜ)) − (l2/2)·‖θ‖², the quantity training ascends.
    public func objective(_ batch: StepBatch, l2: Double = 0) -> Double {
        evaluate(batch, l2: l2, wantGradient: false).value
    }

    /// J(θ) and ∇J(θ) (same layout as `parameters`), by backpropagation with `cblas_dgemm`/`cblas_dgemv`.
    public func gradient(_ batch: StepBatch, l2: Double = 0) -> (value: Double, gradient: [Double]) {
        let result = evaluate(batch, l2: l2, wantGradient: true)
        return (result.value, result.gradient)
    }

    private func evaluate(_ batch: StepBatch, l2: Double, wantGradient: Bool) -> (value: Double, gradient: [Double]) {
        let rows = batch.rows
        let a = outputCount
        precondition(batch.legal.count == rows * a && batch.actions.count == rows && batch.coefficients.count == rows)
        let activations = forward(batch.features, rows: rows)
        let z = activations[activations.count - 1]
        var value = 0.0
        var delta = [Double](repeating: 0, count: rows * a)
        for t in 0..<rows {
            let range = t * a..<(t + 1) * a
            let (pi, logNormaliser) = Self.softmax(z[range], legal: batch.legal[range])
            let action = batch.actions[t]
            precondition(batch.legal[t * a + action], "row \(t) took an illegal action")
            let c = batch.coefficients[t]
            value += c * (z[t * a + action] - logNormaliser)
            var entropy = 0.0
            if batch.entropyCoefficient != 0 {
                for j in 0..<a where pi[j] > 0 { entropy -= pi[j] * (z[t * a + j] - logNormaliser) }
                value += batch.entropyCoefficient * entropy
            }
            guard wantGradient else { continue }
            for j in 0..<a where batch.legal[t * a + j] {
                // d log π(a)/dz_j = [j = a] − π_j ;  dH/dz_j = −π_j (log π_j + H).
                var d = c * ((j == action ? 1 : 0) - pi[j])
                if batch.entropyCoefficient != 0 {
                    d -= batch.entropyCoefficient * pi[j] * ((z[t * a + j] - logNormaliser) + entropy)
                }
                delta[t * a + j] = d
            }
        }
        if l2 != 0 { value -= 0.5 * l2 * parameters.reduce(0) { $0 + $1 * $1 } }
        guard wantGradient else { return (value, []) }

        var gradient = [Double](repeating: 0, count: parameters.count)
        guard rows > 0 else {
            if l2 != 0 { for k in gradient.indices { gradient[k] = -l2 * parameters[k] } }
            return (value, gradient)
        }
        let ones = [Double](repeating: 1, count: rows)
        parameters.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                for index in layers.indices.reversed() {
                    let layer = layers[index]
                    let input = activations[index]
                    delta.withUnsafeBufferPointer { d in
                        input.withUnsafeBufferPointer { x in
                            // dW = Δᵀ · X   (outputs × inputs)
                            BLAS.gemm(
                                transA: true, transB: false, m: layer.outputs, n: layer.inputs, k: rows, alpha: 1, d.baseAddress!,
                                lda: layer.outputs, x.baseAddress!, ldb: layer.inputs, beta: 1, g.baseAddress! + layer.offset,
                                ldc: layer.inputs)
                        }
                        ones.withUnsafeBufferPointer { o in
                            // db = Δᵀ · 1
                            BLAS.gemv(
                                trans: true, m: rows, n: layer.outputs, alpha: 1, d.baseAddress!, lda: layer.outputs, o.baseAddress!,
                                beta: 1, g.baseAddress! + layer.biasOffset)
                        }
                    }
                    guard index > 0 else { break }
                    // Δ_prev = (Δ · W) ⊙ f'(input); the input is the previous layer's output.
                    var previous = [Double](repeating: 0, count: rows * layer.inputs)
                    delta.withUnsafeBufferPointer { d in
                        previous.withUnsafeMutableBufferPointer { q in
                            BLAS.gemm(
                                transA: false, transB: false, m: rows, n: layer.inputs, k: layer.outputs, alpha: 1, d.baseAddress!,
                                lda: layer.outputs, p.baseAddress! + layer.offset, ldb: layer.inputs, beta: 0, q.baseAddress!,
                                ldc: layer.inputs)
                        }
                    }
                    if layers[index - 1].activation == .tanh {
                        for k in previous.indices { previous[k] *= 1 - input[k] * input[k] }
                    }
                    delta = previous
                }
                if l2 != 0 { BLAS.axpy(n: parameters.count, alpha: -l2, p.baseAddress!, g.baseAddress!) }
            }
        }
        return (value, gradient)
    }

    static func normal(_ random: inout SeededRandom) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let v = Double.random(in: 0..<1, using: &random)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

/// Rows of (features, legal mask, action taken, weight) the objective sums over.
public struct StepBatch: Sendable, Hashable {
    public var rows: Int
    /// rows × feature count, row-major.
    public var features: [Double]
    /// rows × action count, row-major.
    public var legal: [Bool]
    /// The macro-action taken in each row (must be legal there).
    public var actions: [Int]
    /// cₜ: the weight on log π(aₜ|sₜ) (an advantage, or a DPO weight).
    public var coefficients: [Double]
    /// e: the weight on each row's policy entropy.
    public var entropyCoefficient: Double

    public init(
        rows: Int = 0, features: [Double] = [], legal: [Bool] = [], actions: [Int] = [], coefficients: [Double] = [],
        entropyCoefficient: Double = 0
    ) {
        self.rows = rows
        self.features = features
        self.legal = legal
        self.actions = actions
        self.coefficients = coefficients
        self.entropyCoefficient = entropyCoefficient
    }

    public mutating func append(features f: [Double], legal l: [Bool], action: Int, coefficient: Double) {
        rows += 1
        features += f
        legal += l
        actions.append(action)
        coefficients.append(coefficient)
    }
}

/// Adam, for ascent: θ ← θ + lr · m̂ / (√v̂ + ε).
public struct AdamAscent: Sendable, Hashable {
    public var learningRate: Double
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    var m: [Double]
    var v: [Double]
    var t = 0

    public init(count: Int, learningRate: Double) {
        self.learningRate = learningRate
        m = [Double](repeating: 0, count: count)
        v = m
    }

    public mutating func step(_ parameters: inout [Double], gradient: [Double]) {
        t += 1
        let c1 = 1 - pow(beta1, Double(t))
        let c2 = 1 - pow(beta2, Double(t))
        for k in parameters.indices {
            m[k] = beta1 * m[k] + (1 - beta1) * gradient[k]
            v[k] = beta2 * v[k] + (1 - beta2) * gradient[k] * gradient[k]
            parameters[k] += learningRate * (m[k] / c1) / ((v[k] / c2).squareRoot() + epsilon)
        }
    }
}
