/// One task as the controller sees it: a pool of candidates that all reproduce the visible
/// examples, probes to run them on, and an oracle it may pay to consult.
///
/// A domain (tables, aggregates) builds one per task. Running a candidate is the verifier's job, so
/// `execute` is the only way behaviour is observed; `answer(probe:)` is the oracle and is read only
/// through `Episode`, which counts and budgets it; `isCorrect` is for scoring the final decision
/// and is never shown to a policy.
public protocol ControlProblem: Sendable {
    associatedtype Value: Hashable & Sendable

    var taskID: String { get }
    /// Candidates, in the order the proposer ranks them (simplest first).
    var candidateCount: Int { get }
    /// A short readable name of each candidate (for reports and the model policy).
    func describe(candidate: Int) -> String
    /// Inputs on offer; the first `queryableProbes` are held-out inputs with hidden answers.
    var probeCount: Int { get }
    var queryableProbes: Int { get }
    /// A short readable rendering of a probe (for the model policy).
    func describe(probe: Int) -> String
    /// What the candidate gives on the probe; nil when it fails there.
    func execute(candidate: Int, probe: Int) -> Value?
    /// The hidden answer on a queryable probe.
    func answer(probe: Int) -> Value?
    /// Whether committing this candidate is right (hidden; for the reward only).
    func isCorrect(candidate: Int) -> Bool
    /// Whether the task has hidden answers at all; an unscored task is reported apart, never as wrong.
    var isScored: Bool { get }
}

extension ControlProblem {
    public var isScored: Bool { true }
}

/// What a run may spend.
public struct ControlBudget: Sendable, Hashable, Codable {
    public var queries: Int
    public var executions: Int

    public init(queries: Int = 0, executions: Int = 1_000) {
        self.queries = queries
        self.executions = executions
    }
}

/// How decisions are scored: +1 for a correct commit, 0 for abstaining, `wrongPenalty` (negative)
/// for a wrong commit, minus what the actions cost.
public struct RewardModel: Sendable, Hashable, Codable {
    public var wrongPenalty: Double
    public var queryCost: Double
    public var executionCost: Double

    public init(wrongPenalty: Double = -1, queryCost: Double = 0.05, executionCost: Double = 0.0005) {
        self.wrongPenalty = wrongPenalty
        self.queryCost = queryCost
        self.executionCost = executionCost
    }
}
