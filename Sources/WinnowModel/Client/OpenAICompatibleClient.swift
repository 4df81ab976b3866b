import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `LanguageModel` served over the OpenAI-compatible API (`/v1/chat/completions`, `/v1/models`):
/// vLLM, llama.cpp's llama-server, llama-cpp-python's server, Ollama, SGLang, LM Studio.
///
/// Retries 429, 5xx, timeouts and broken connections with jittered exponential backoff, never a
/// 400 or 404, and at most once after a timeout. Asks for `n` completions in one request and, when
/// a server returns fewer or refuses that `n`, fetches the rest one by one, each with its own seed.
/// A server that refuses the JSON schema is asked once more without it. What it learns about a
/// server (the `n` it refuses, whether it takes a schema) it remembers for later calls.
public final class OpenAICompatibleClient: LanguageModel {
    public struct Configuration: Sendable {
        /// e.g. `http://127.0.0.1:8000/v1`
        public var baseURL: URL
        public var model: String
        /// Sent as a bearer token when set (Ollama wants some value; most local servers none).
        public var apiKey: String?
        /// Per request; at least 1 s (Foundation's URLSession on Linux times a shorter limit out at once).
        public var timeoutSeconds: Double = 120
        /// Retries of a 429, a 5xx or a broken connection; a timeout is retried at most once whatever
        /// this says, because some servers (llama-cpp-python's) keep generating for the request the
        /// client gave up on, and every retry would pile more work on a server already too slow.
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
    /// The smallest `n` the server is known not to serve in one request: `Int.max` until one is
    /// refused (llama-server honours `n` up to its parallel slots and answers 400 above), 2 once the
    /// server has returned fewer choices than asked for (it ignores `n`).
    private let unservedN = Mutex(Int.max)
    /// Whether the server accepts `response_format` with a JSON schema; unknown until first asked.
    private let honoursSchema = Mutex<Bool?>(nil)
    /// While `honoursSchema` is unknown, one schema request at a time finds out: concurrent calls
    /// (a benchmark's cases) would otherwise each send the schema a refusing server fails on.
    private let schemaProbe = RequestSlots(limit: 1)

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

    public func complete(_ messages: [ChatMessage], options: SamplingOptions) async throws(ModelFailure) -> ModelReply {
        var options = options
        if options.jsonSchema != nil, honoursSchema.withLock({ $0 }) == false { options.jsonSchema = nil }
        let wanted = max(1, options.samples)
        var completions: [Completion] = []
        var usage = ModelUsage()
        if wanted > 1, wanted < unservedN.withLock({ $0 }) {
            do {
                let (first, spent) = try await request(messages, options, n: wanted)
                completions = first
                usage += spent
                if first.count < wanted { unservedN.withLock { $0 = 2 } }
            } catch {
                // A refusal of this `n` (llama-server: 400 above its slots; some builds 500): fetch
                // one by one. Anything else would fail the same way one by one, so it ends the call.
                switch error.error {
                case .badRequest, .server: unservedN.withLock { $0 = min($0, wanted) }
                default: throw error.after(usage)
                }
                usage += error.usage
            }
        }
        while completions.count < wanted {
            var one = options
            one.seed = Self.seed(options.seed, sample: completions.count)
            do {
                let (more, spent) = try await request(messages, one, n: 1)
                completions += more.prefix(wanted - completions.count)
                usage += spent
            } catch {
                throw error.after(usage)
            }
        }
        return ModelReply(completions: Array(completions.prefix(wanted)), usage: usage)
    }

    /// The seed of one sample fetched on its own: the first keeps the base seed, every other gets
    /// its own, derived from the base and its index, so a seeded server does not return the same
    /// completion k times, and a rerun with the same seed asks the same questions. Without a base
    /// seed none is sent, and the server draws its own for each request.
    static func seed(_ base: Int?, sample: Int) -> Int? {
        guard let base, sample > 0 else { return base }
        // An odd multiplier is invertible modulo 2^31, so samples of one base never collide.
        return (base &+ sample &* 0x9E37_79B1) & 0x7FFF_FFFF
    }

    /// What the server serves (`GET /models`).
    public func models() async throws(ModelError) -> [String] {
        let data: Data
        do {
            (data, _) = try await send(URLRequest(url: configuration.baseURL.appendingPathComponent("models")))
        } catch {
            throw error.error
        }
        return try OpenAIWire.modelIDs(data)
    }

    /// One request. A server that refuses the JSON schema is asked once more without it, and once a
    /// reply comes without it, it is not sent a schema again: the answer parser reads plain replies too.
    ///
    /// A refusal counts against the schema when the server names it, or when it is a 400/422 to a
    /// one-choice request from a server not known to take schemas (llama-server answers "Failed to
    /// initialize samplers"). A 400 to a request for several choices is about `n`, and one that
    /// persists without the schema was about something else: the schema stays on for later calls.
    private func request(_ messages: [ChatMessage], _ options: SamplingOptions, n: Int) async throws(ModelFailure) -> ([Completion], ModelUsage) {
        var plain = options
        plain.jsonSchema = nil
        guard options.jsonSchema != nil, honoursSchema.withLock({ $0 }) != false else { return try await post(messages, plain, n: n) }
        guard honoursSchema.withLock({ $0 }) == nil else { return try await schemaRequest(messages, options, n: n) }
        await schemaProbe.acquire()
        let outcome: Result<([Completion], ModelUsage), ModelFailure>
        do {
            // Another call may have found out while this one waited.
            outcome = .success(honoursSchema.withLock({ $0 }) == false
                ? try await post(messages, plain, n: n) : try await schemaRequest(messages, options, n: n))
        } catch {
            outcome = .failure(error)
        }
        await schemaProbe.release()
        return try outcome.get()
    }

    /// A request with the schema, and the one fallback without it when the schema is refused.
    private func schemaRequest(_ messages: [ChatMessage], _ options: SamplingOptions, n: Int) async throws(ModelFailure) -> ([Completion], ModelUsage) {
        var plain = options
        plain.jsonSchema = nil
        let refusal: ModelFailure
        do {
            let reply = try await post(messages, options, n: n, schema: true)
            honoursSchema.withLock { $0 = true }
            return reply
        } catch {
            switch error.error {
            case .schemaRefused: honoursSchema.withLock { $0 = false }
            case .badRequest where n == 1 && honoursSchema.withLock({ $0 }) != true: break
            default: throw error
            }
            refusal = error
        }
        do {
            let (completions, usage) = try await post(messages, plain, n: n)
            honoursSchema.withLock { $0 = false }
            return (completions, refusal.usage + usage)
        } catch {
            throw error.after(refusal.usage)
        }
    }

    private func post(_ messages: [ChatMessage], _ options: SamplingOptions, n: Int, schema: Bool = false) async throws(ModelFailure) -> ([Completion], ModelUsage) {
        var request = URLRequest(url: configuration.baseURL.appendingPathComponent("chat/completions"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = OpenAIWire.requestBody(model: configuration.model, messages: messages, options: options, n: n)
        let (data, usage) = try await send(request, schema: schema)
        do {
            var (completions, tokens) = try OpenAIWire.reply(data)
            tokens.requests = usage.requests
            tokens.retries = usage.retries
            tokens.milliseconds = usage.milliseconds
            return (completions, tokens)
        } catch {
            throw ModelFailure(error, usage: usage)
        }
    }

    /// One logical request with its retries; returns the 200 body and the attempts' accounting,
    /// which a failure carries too. `schema`: the request carries a JSON schema, so an error that
    /// names `response_format` is a refusal of it (whatever the status), and retrying it is futile.
    private func send(_ request: URLRequest, schema: Bool = false) async throws(ModelFailure) -> (Data, ModelUsage) {
        var request = request
        request.timeoutInterval = configuration.timeoutSeconds
        if let key = configuration.apiKey, !key.isEmpty { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        var usage = ModelUsage()
        var timeouts = 0
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
                outcome = .failure(.transport(OpenAIWire.oneLine(error.localizedDescription)))
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
                if schema, [400, 422].contains(status) || (500...599).contains(status), OpenAIWire.namesSchema(data) {
                    throw ModelFailure(.schemaRefused(status: status, message: message), usage: usage)
                }
                switch status {
                case 400, 413, 422: throw ModelFailure(.badRequest(message), usage: usage)
                case 404: throw ModelFailure(.notFound(message), usage: usage)
                case 429: failure = .overloaded(message)
                case 500...599: failure = .server(status: status, message: message)
                default: throw ModelFailure(.decode("HTTP \(status): \(message)"), usage: usage)
                }
            case .failure(let error):
                failure = error
                if case .timeout = error { timeouts += 1 }
            }
            guard usage.retries < configuration.maxRetries, timeouts < 2 else { throw ModelFailure(failure, usage: usage) }
            usage.retries += 1
            let backoff = configuration.backoffSeconds * pow(2, Double(usage.retries - 1)) * Double.random(in: 0.8...1.2)
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
