/// Limits that keep a search bounded; whichever is reached first stops it.
public struct SearchBudget: Sendable, Hashable {
    /// Maximum number of states expanded (the deterministic limit).
    public var maxExpansions: Int
    /// Wall-clock limit; a safety net that can make results machine-dependent near the limit.
    public var maxDuration: Duration
    /// Maximum pipeline length.
    public var maxDepth: Int
    /// Resident memory of the process, in bytes, above which the search stops (`SearchStatus.memory`)
    /// rather than be killed by the kernel; `nil`: no ceiling.
    public var maxMemory: Int?

    /// The ceiling `--max-memory` defaults to: far above what a solvable example needs (a 2,000-row
    /// example solves in under 100 MB) and below what makes a laptop swap.
    public static let defaultMaxMemory = 2 << 30

    /// The default expansion budget is about twice what the hardest solved Foofah case needs (under
    /// 800 expansions), so it rarely decides a solvable case and ends a hopeless one in a second or two;
    /// the wall clock is a safety net for very wide tables.
    public init(maxExpansions: Int = 1_500, maxDuration: Duration = .seconds(5), maxDepth: Int = 8, maxMemory: Int? = defaultMaxMemory) {
        self.maxExpansions = maxExpansions
        self.maxDuration = maxDuration
        self.maxDepth = maxDepth
        self.maxMemory = maxMemory
    }

}

/// How a domain's solve ended; shared so every domain reports it the same way.
public enum SearchStatus: String, Sendable, Codable {
    /// At least one program reproduces every visible example.
    case solved
    /// The search finished its space or expansion budget without a consistent program.
    case unsolved
    /// The wall-clock budget ran out first.
    case timeout
    /// The process's memory went over the ceiling (`SearchBudget.maxMemory`) first.
    case memory
}
