/// Limits that keep a search bounded; whichever is reached first stops it.
public struct SearchBudget: Sendable, Hashable {
    /// Maximum number of states expanded (the deterministic limit).
    public var maxExpansions: Int
    /// Wall-clock limit; a safety net that can make results machine-dependent near the limit.
    public var maxDuration: Duration
    /// Maximum pipeline length.
    public var maxDepth: Int

    /// The defaults keep a hopeless case to about two seconds on this project's 2-core machine while
    /// leaving room for the longest programs the benchmark needs (seven steps, ~2,000 expansions).
    public init(maxExpansions: Int = 2_500, maxDuration: Duration = .seconds(5), maxDepth: Int = 8) {
        self.maxExpansions = maxExpansions
        self.maxDuration = maxDuration
        self.maxDepth = maxDepth
    }
}
