extension Duration {
    /// Milliseconds as a `Double`, the unit every report uses.
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
