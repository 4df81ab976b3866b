/// One chat turn.
public struct ChatMessage: Sendable, Hashable, Codable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: "system", content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: "user", content: text) }
}

/// How to sample. Every field is sent explicitly: servers such as vLLM otherwise apply the model
/// author's defaults, so "default temperature" would mean a different thing on each server.
public struct SamplingOptions: Sendable, Hashable {
    public var temperature: Double = 0.7
    public var topP: Double = 0.8
    /// The seed of the first sample; samples fetched one request each get seeds derived from it
    /// (see `OpenAICompatibleClient.seed(_:sample:)`). Nil: the server draws its own.
    public var seed: Int?
    public var maxTokens: Int = 1536
    public var stop: [String] = []
    /// Completions wanted for the prompt (`n`); fetched one by one where a server ignores `n`.
    public var samples: Int = 1
    /// Qwen3-style thinking; off by default (it needs thousands of tokens and the answer comes after).
    public var thinking = false
    /// A JSON schema the reply must follow, as JSON text, for servers that support structured output.
    public var jsonSchema: String?

    public init() {}
}

/// One completion of a prompt.
public struct Completion: Sendable, Hashable {
    public var text: String
    /// `stop`, `length` (cut off by `max_tokens`)…; nil when the server did not say.
    public var finishReason: String?
    /// Thinking that a reasoning parser split out of `content`, when there was any.
    public var reasoning: String?
}

/// Tokens, requests and time spent, for every report.
public struct ModelUsage: Sendable, Hashable, Codable {
    public var promptTokens = 0
    public var completionTokens = 0
    public var requests = 0
    public var retries = 0
    public var milliseconds = 0.0

    public init() {}

    public static func += (a: inout ModelUsage, b: ModelUsage) { a = a + b }

    public static func + (a: ModelUsage, b: ModelUsage) -> ModelUsage {
        var sum = a
        sum.promptTokens += b.promptTokens
        sum.completionTokens += b.completionTokens
        sum.requests += b.requests
        sum.retries += b.retries
        sum.milliseconds += b.milliseconds
        return sum
    }
}

public struct ModelReply: Sendable, Hashable {
    public var completions: [Completion]
    public var usage: ModelUsage
}

/// Why a model call failed after any retries it was allowed.
///
/// Codable so a cassette can record a failed call and a replay can fail it the same way.
public enum ModelError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// 400, 413 or 422: the server refused the request itself (never retried).
    case badRequest(String)
    /// The server refused the JSON schema (`response_format`): a 400 or 422, or a 5xx whose body
    /// names it (llama-cpp-python answers a `json_schema` format with a 500 and a traceback).
    /// Never retried as is: only a request without the schema can succeed.
    case schemaRefused(status: Int, message: String)
    /// 404: no such model or endpoint.
    case notFound(String)
    /// 429 on every attempt.
    case overloaded(String)
    /// 5xx on every attempt.
    case server(status: Int, message: String)
    /// The server could not be reached, or the connection broke, on every attempt.
    case transport(String)
    /// No answer within the request timeout on every attempt.
    case timeout(seconds: Double)
    /// The server answered, but not with a chat completion.
    case decode(String)
    /// A replayed cassette holds no reply for the request: the run differs from the recording.
    case notRecorded(String)

    /// Starts the description of `notRecorded`, so a report can tell a run that differs from its
    /// recording from a replayed call that failed when it was recorded.
    public static let notRecordedLead = "not in the cassette"

    public var description: String {
        switch self {
        case .badRequest(let m): return "the server refused the request: \(m)"
        case .schemaRefused(let status, let m): return "the server refused the JSON schema (HTTP \(status)): \(m)"
        case .notFound(let m): return "not found: \(m)"
        case .overloaded(let m): return "the server is overloaded (429): \(m)"
        case .server(let status, let m): return "server error \(status): \(m)"
        case .transport(let m): return "cannot reach the server: \(m)"
        case .timeout(let s): return "no answer within \(s) s"
        case .decode(let m): return "not a chat completion: \(m)"
        case .notRecorded(let m): return "\(Self.notRecordedLead): \(m)"
        }
    }
}

/// A failed model call and what it spent before failing: every request and retry is paid for
/// (in time, and on the server) whether or not a reply came of it, so usage must count them.
public struct ModelFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var error: ModelError
    public var usage: ModelUsage

    public init(_ error: ModelError, usage: ModelUsage = ModelUsage()) {
        self.error = error
        self.usage = usage
    }

    public var description: String { error.description }

    /// The same failure with `earlier` spending added, for a call made of several requests.
    func after(_ earlier: ModelUsage) -> ModelFailure { ModelFailure(error, usage: earlier + usage) }
}

/// A proposer of text: the seam between Winnow and whatever serves the model.
public protocol LanguageModel: Sendable {
    func complete(_ messages: [ChatMessage], options: SamplingOptions) async throws(ModelFailure) -> ModelReply
}
