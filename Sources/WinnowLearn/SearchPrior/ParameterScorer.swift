import Foundation

/// The parameter head: a score for each step on offer, linear in its step features with one weight
/// vector per operator, so a feature can favour one operator's step and count against another's.
///
/// Within one operator the scores alone decide p(parameters | operator) (this column against that
/// one, this delimiter against that one); across operators they add to the operator head's logits,
/// so an operator whose best step looks right gains probability too. Inputs are standardised by a
/// fixed affine map set from the training rows, as in `PolicyNetwork`. Products go through OpenBLAS.
struct ParameterScorer: Sendable, Hashable {
    let operators: Int
    let inputs: Int
    /// operators × inputs, row-major.
    var weights: [Double]
    var inputShift: [Double]
    var inputScale: [Double]

    init(operators: Int, inputs: Int) {
        self.init(
            operators: operators, inputs: inputs, weights: [Double](repeating: 0, count: operators * inputs),
            inputShift: [Double](repeating: 0, count: inputs), inputScale: [Double](repeating: 1, count: inputs))
    }

    init(operators: Int, inputs: Int, weights: [Double], inputShift: [Double], inputScale: [Double]) {
        self.operators = operators
        self.inputs = inputs
        self.weights = weights
        self.inputShift = inputShift
        self.inputScale = inputScale
    }

    /// Sets the standardisation from raw feature rows (rows × inputs): shift = mean, scale = 1/sd;
    /// a feature that does not vary keeps shift 0 and scale 1.
    mutating func standardise(on features: [Double]) {
        guard let (shift, scale) = Standardisation.fit(features, inputs: inputs) else { return }
        (inputShift, inputScale) = (shift, scale)
    }

    func standardised(_ features: [Double]) -> [Double] {
        Standardisation.apply(features, shift: inputShift, scale: inputScale)
    }

    /// Each row's score under its own operator's weights; `x` is standardised, rows × inputs.
    func scores(standardised x: [Double], operators rowOperators: [Int]) -> [Double] {
        let rows = rowOperators.count
        guard rows > 0 else { return [] }
        // All operators' scores for every row (rows × operators), then each row's own.
        var all = [Double](repeating: 0, count: rows * operators)
        x.withUnsafeBufferPointer { xp in
            weights.withUnsafeBufferPointer { w in
                all.withUnsafeMutableBufferPointer { s in
                    BLAS.gemm(
                        transA: false, transB: true, m: rows, n: operators, k: inputs, alpha: 1, xp.baseAddress!, lda: inputs,
                        w.baseAddress!, ldb: inputs, beta: 0, s.baseAddress!, ldc: operators)
                }
            }
        }
        return rowOperators.enumerated().map { all[$0.offset * operators + $0.element] }
    }

    /// Adds Σ_rows delta_row · x_row to each row's operator's weight gradient (`gradient` is
    /// operators × inputs); `x` is standardised, rows × inputs.
    func accumulate(
        _ gradient: inout [Double], standardised x: [Double], operators rowOperators: [Int], deltas: [Double]
    ) {
        let rows = rowOperators.count
        guard rows > 0 else { return }
        var spread = [Double](repeating: 0, count: rows * operators)
        for (row, op) in rowOperators.enumerated() { spread[row * operators + op] = deltas[row] }
        spread.withUnsafeBufferPointer { d in
            x.withUnsafeBufferPointer { xp in
                gradient.withUnsafeMutableBufferPointer { g in
                    // ∇W += Dᵀ · X   (operators × inputs)
                    BLAS.gemm(
                        transA: true, transB: false, m: operators, n: inputs, k: rows, alpha: 1, d.baseAddress!, lda: operators,
                        xp.baseAddress!, ldb: inputs, beta: 1, g.baseAddress!, ldc: inputs)
                }
            }
        }
    }
}
