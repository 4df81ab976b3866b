/// The fixed affine input map both learned models use, x' = (x − shift) ⊙ scale, fitted once on the
/// training features so that no feature's units dominate the gradient.
enum Standardisation {
    /// shift = mean, scale = 1/standard deviation of each column of `features` (rows × inputs,
    /// row-major); a column that does not vary (a bias) keeps shift 0 and scale 1. `nil` for fewer
    /// than two rows, where there is nothing to fit.
    static func fit(_ features: [Double], inputs: Int) -> (shift: [Double], scale: [Double])? {
        let rows = features.count / inputs
        guard rows > 1 else { return nil }
        var shift = [Double](repeating: 0, count: inputs), scale = [Double](repeating: 1, count: inputs)
        for i in 0..<inputs {
            var mean = 0.0
            for t in 0..<rows { mean += features[t * inputs + i] }
            mean /= Double(rows)
            var variance = 0.0
            for t in 0..<rows { variance += (features[t * inputs + i] - mean) * (features[t * inputs + i] - mean) }
            let sd = (variance / Double(rows)).squareRoot()
            if sd > 1e-9 { (shift[i], scale[i]) = (mean, 1 / sd) }
        }
        return (shift, scale)
    }

    /// `features` (rows × shift.count) through the map.
    static func apply(_ features: [Double], shift: [Double], scale: [Double]) -> [Double] {
        let n = shift.count
        var x = features
        for k in x.indices { x[k] = (x[k] - shift[k % n]) * scale[k % n] }
        return x
    }
}
