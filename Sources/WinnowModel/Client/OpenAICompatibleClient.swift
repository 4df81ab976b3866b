import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `LanguageModel` served over the OpenAI-compatible API (`/v1/chat/completions`, `/v1/models`):
/// vLLM, llama.cpp's llama-server, Ollama, SGLang, LM Studio.
///
/// Retries 429, 5xx, timeouts and broken connections with jittered exponential backoff, never a
/// 400 or 404. Asks for `n` completions in one request and, when a server returns fewer (llama-server
/// and LM Studio serve one), fetches the rest one by one and remembers not to ask again.
public final class OpenAICompatibleClient: LanguageModel {
    public struct Configuration: Sendable {
        /// e.g. `http://127.0.0.1:8000/v1`
        public var baseURL: URL
        public var model: String
        /// Sent as a bearer token when set (Ollama wants some value; most local servers none).
        public var apiKey: String?
        /// Per request; at least 1 s (Foundation's URLSession on Linux times a shorter limit out at once).
        public var timeoutSeconds: Double = 120
        public var maxRetries = 3
        /// The first backoff; doubled per retry, with jitter.
        public var backoffSeconds: Double = 0.5
        public var maxConcurrentRequests = 8

        public init(baseURL: URL, model: String, apiKey: String? = ProcessInfo.processInfo.environment["WINNOW_MODEL_API_KEY"]) {
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
        }
    }

    public let configuration: Configuration
    private let session: URLSession
    private let slots: RequestSlots
    /// Whether the server honours `n`; unknown until the first multi-sample request.
    private let honoursN = Mutex<Bool?>(nil)
    /// Whether the server accepts `response_format` with a JSON schema; unknown until first asked.
    private let honoursSchema = Mutex<Bool?>(nil)

    public init(_ configuration: Configuration) {
        var configuration = configuration
        configuration.timeoutSeconds = max(1, configuration.timeoutSeconds)
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.timeoutSeconds
        sessionConfiguration.timeoutIntervalForResource = configuration.timeoutSeconds
        session = URLSession(configuration: sessionConfiguration)
        slots = RequestSlots(limit: max(1, configuration.maxConcurrentRequests))
    }

    public func complete(_ messages: [ChatMessage], options: SamplingOptions) async throws(ModelError) -> ModelReply {
        var options = options
        if options.jsonSchema != nil, honoursSchema.withLock({ $0 }) == false { options.jsonSchema = nil }
        let wanted = max(1, options.samples)
        var completions: [Completion] = []
        var usage = ModelUsage()
        if wanted > 1, honoursN.withLock({ $0 }) != false {
            do {
                let (first, spent) = try await request(messages, options, n: wanted)
                completions = first
                usage = usage + spent
                honoursN.withLock { $0 = first.count >= wanted }
            } catch .badRequest, .server {
                // llama-server refuses n > 1 (400 "Only one completion choice is allowed", or 500).
                honoursN.withLock { $0 = false }
            }
        }
        while completions.count < wanted {
            let (more, spent) = try await request(messages, options, n: 1)
            completions += more.prefix(wanted - completions.count)
            usage = usage + spent
        }
        return ModelReply(completions: Array(completions.prefix(wanted)), usage: usage)
    }

    /// What the server serves (`GET /models`).
    public func models() async throws(ModelError) -> [String] {
        let (data, _) = try await send(URLRequest(url: configuration.baseURL.appendingPathComponent("models")))
        return try OpenAIWire.modelIDs(data)
    }

    /// One request; a server that refuses the JSON schema (400) is asked again without it, and
    /// when that succeeds it is not sent a schema again: the answer parser reads plain replies too.
    /// A 400 that persists without the schema was about something else, and is thrown as is.
    private func request(_ messages: [ChatMessage], _ options: SamplingOptions, n: Int) async throws(ModelError) -> ([Completion], ModelUsage) {
        var plain = options
        plain.jsonSchema = nil
        guard options.jsonSchema != nil, honoursSchema.withLock({ $0 }) != false else { return try await post(messages, plain, n: n) }
        do {
            let reply = try await post(messages, options, n: n)
            honoursSchema.withLock { $0 = true }
            return reply
        } catch .badRequest(let message) {
            guard honoursSchema.withLock({ $0 }) != true else { throw .badRequest(message) }
            var (completions, usage) = try await post(messages, plain, n: n)
            honoursSchema.withLock { $0 = false }
            usage.requests += 1
            return (completions, usage)
        }
    }

    private func post(_ messages: [ChatMessage], _ options: SamplingOptions, n: Int) async throws(ModelError) -> ([Completion], ModelUsage) {
        var request = URLRequest(url: configuration.baseURL.appendingPathComponent("chat/completions"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = OpenAIWire.requestBody(model: configuration.model, messages: messages, options: options, n: n)
        let (data, usage) = try await send(request)
        var (completions, tokens) = try OpenAIWire.reply(data)
        tokens.requests = usage.requests
        tokens.retries = usage.retries
        tokens.milliseconds = usage.milliseconds
        return (completions, tokens)
    }

    /// One logical request with its retries; returns the 200 body and the attempts' accounting.
    private func send(_ request: URLRequest) async throws(ModelError) -> (Data, ModelUsage) {
        var request = request
        request.timeoutInterval = configuration.timeoutSeconds
        if let key = configuration.apiKey, !key.isEmpty { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        var usage = ModelUsage()
        var attempt = 0
        while true {
            await slots.acquire()
            let started = ContinuousClock.now
            let outcome: Result<(Data, Int), ModelError>
            do {
                let (data, response) = try await session.data(for: request)
                outcome = .success((data, (response as? HTTPURLResponse)?.statusCode ?? 0))
            } catch let error as URLError where error.code == .timedOut {
                outcome = .failure(.timeout(seconds: configuration.timeoutSeconds))
            } catch {
                outcome = .failure(.transport(error.localizedDescription))
            }
            await slots.release()
            let elapsed = ContinuousClock.now - started
            usage.requests += 1
            usage.milliseconds += Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15

            let failure: ModelError
            switch outcome {
            case .success(let (data, status)) where status == 200:
                return (data, usage)
            case .success(let (data, status)):
                let message = OpenAIWire.errorMessage(data)
                switch status {
                case 400, 413, 422: throw .badRequest(message)
                case 404: throw .notFound(message)
                case 429: failure = .overloaded(message)
                case 500...599: failure = .server(status: status, message: message)
                default: throw .decode("HTTP \(status): \(message)")
                }
            case .failure(let error):
                failure = error
            }
            guard attempt < configuration.maxRetries else { throw failure }
            attempt += 1
            usage.retries += 1
            let backoff = configuration.backoffSeconds * pow(2, Double(attempt - 1)) * Double.random(in: 0.8...1.2)
            try? await Task.sleep(for: .seconds(backoff))
        }
    }
}

/// At most `limit` requests in flight at once (a server has a fixed number of slots).
actor RequestSlots {
    private let limit: Int
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if inFlight < limit {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            inFlight -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
