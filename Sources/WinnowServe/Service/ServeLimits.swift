import Foundation

/// The caps that keep one request, or many, from taking the server down; `winnow serve` sets each
/// from a flag and `docs/serve.md` documents the defaults.
public struct ServeLimits: Sendable, Hashable {
    /// Largest JSON body read whole (solve, apply, MCP).
    public var maxBodyBytes: Int
    /// Largest CSV body `POST /v1/apply` streams through a spool file.
    public var maxStreamBytes: Int
    /// Most cells in all the tables of one request together: the search is cheap per cell but not free,
    /// and an example of a million cells is a mistake, not an example.
    public var maxCells: Int
    /// Requests doing work at once; one more is answered 429 with `Retry-After` instead of queued.
    public var maxInFlight: Int
    /// Longest search a request may ask for, in seconds.
    public var maxTimeout: Double
    /// How long a SIGTERM waits for work in flight before the server stops anyway, in seconds.
    public var drainSeconds: Double

    public init(
        maxBodyBytes: Int = 8 << 20, maxStreamBytes: Int = 1 << 30, maxCells: Int = 200_000, maxInFlight: Int = Self.defaultInFlight,
        maxTimeout: Double = 30, drainSeconds: Double = 30
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxStreamBytes = maxStreamBytes
        self.maxCells = maxCells
        self.maxInFlight = maxInFlight
        self.maxTimeout = maxTimeout
        self.drainSeconds = drainSeconds
    }

    /// One search per core: a search keeps its core busy, so more at once only makes each slower.
    public static var defaultInFlight: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
