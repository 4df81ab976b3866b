/// One input/output pair the user shows Winnow.
public struct Example<Value: Hashable & Sendable>: Hashable, Sendable {
    public var input: Value
    public var output: Value

    public init(input: Value, output: Value) {
        self.input = input
        self.output = output
    }
}

/// A synthesis task: visible examples to learn from, held-out inputs to transform, and optionally the
/// held-out answers.
///
/// Named `SynthesisTask` rather than `Task` so it never shadows Swift's concurrency `Task`.
/// `answers` exist only for scoring (and, later, as a budgeted query oracle); the solver never reads
/// them, which is why they are kept apart from `queries` instead of paired with them.
public struct SynthesisTask<Value: Hashable & Sendable>: Sendable {
    public var id: String
    public var domain: String
    public var examples: [Example<Value>]
    /// Held-out inputs the committed program is applied to.
    public var queries: [Value]
    /// Expected outputs for `queries`, when known; `nil` entries mark a query without a usable answer.
    public var answers: [Value?]?

    public init(id: String, domain: String, examples: [Example<Value>], queries: [Value], answers: [Value?]? = nil) {
        self.id = id
        self.domain = domain
        self.examples = examples
        self.queries = queries
        self.answers = answers
    }

    /// The hidden answers, when every held-out input has one; nil otherwise (a task is scored
    /// only when all of its answers are known).
    public var completeAnswers: [Value]? {
        guard let answers, !answers.isEmpty, answers.count == queries.count else { return nil }
        let known = answers.compactMap { $0 }
        return known.count == answers.count ? known : nil
    }
}
