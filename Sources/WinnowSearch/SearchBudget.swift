/// Limits that keep a search bounded; whichever is reached first stops it.
public struct SearchBudget: Sendable, Hashable {
    /// Maximum number of states expanded (the deterministic limit).
    public var maxExpansions: Int
    /// Wall-clock limit; a safety net that can make results machine-dependent near the limit.
    public var maxDuration: Duration
    /// Maximum pipeline length.
    public var maxDepth: Int

    public init(maxExpansions: Int = 20_000, maxDuration: Duration = .seconds(10), maxDepth: Int = 8) {
        self.maxExpansions = maxExpansions
        self.maxDuration = maxDuration
        self.maxDepth = maxDepth
    }
}
