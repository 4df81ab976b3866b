import WinnowCore

/// One untrusted program run on one input: the unit the executor isolates.
///
/// The program is Python source that defines `entry`; the jail calls `entry(input)` and returns
/// what it gives back. No expected output travels with a job: the host compares, so nothing in the
/// jail could leak or forge an answer.
public struct Job: Sendable, Hashable {
    public var source: String
    public var entry: String
    public var input: Table

    public init(source: String, entry: String = "transform", input: Table) {
        self.source = source
        self.entry = entry
        self.input = input
    }
}

/// Runs untrusted programs and says what happened, as a verdict rather than an error: a program
/// that crashes, loops or attacks the jail is an ordinary outcome for a verifier.
public protocol Executor: Sendable {
    /// Throws only when the executor itself cannot take the job (closed, cancelled, input too
    /// large); everything the program does is in the outcome: its verdict and the side effects
    /// it tried.
    func execute(_ job: Job) async throws(ExecutorError) -> JobOutcome
}

extension Executor {
    /// The verdict alone, for callers that judge only what a program returned (probes,
    /// benchmarks, the runner's own helper programs). Anything that commits or keeps a model's
    /// program must use `execute` and look at the side effects too.
    public func run(_ job: Job) async throws(ExecutorError) -> Verdict {
        try await execute(job).verdict
    }
}

/// Why an executor refused a job without running it.
public enum ExecutorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The executor was shut down (or is shutting down).
    case closed
    /// The caller's task was cancelled while the job waited for a worker.
    case cancelled
    /// The encoded job exceeds the profile's `input_bytes`.
    case inputTooLarge(bytes: Int, limit: Int)
    /// No jail could be started (every worker failed to start); the message says why.
    case unavailable(String)

    public var description: String {
        switch self {
        case .closed: return "the executor is shut down"
        case .cancelled: return "cancelled"
        case .inputTooLarge(let bytes, let limit): return "the job is \(bytes) bytes; the profile allows \(limit)"
        case .unavailable(let why): return "no jail is available: \(why)"
        }
    }
}
