import Foundation
import Testing
import WinnowTestSupport
@testable import WinnowModel

/// The real client against a real HTTP server on loopback that speaks the OpenAI protocol with
/// scripted replies. No model is involved: the replies are the script's, and the tests pin down
/// only what the client does with them.
@Suite(.serialized) struct OpenAIClientTests {
    static func client(_ server: ScriptedOpenAIServer, timeout: Double = 10, retries: Int = 3, key: String? = nil) -> OpenAICompatibleClient {
        var configuration = OpenAICompatibleClient.Configuration(baseURL: server.baseURL, model: "qwen3-4b", apiKey: key)
        configuration.timeoutSeconds = timeout
        configuration.maxRetries = retries
        configuration.backoffSeconds = 0.01
        return OpenAICompatibleClient(configuration)
    }

    static let prompt = [ChatMessage.user("Reverse the rows.")]

    @Test func aCompletionComesBackWithItsUsageAndEveryFieldIsSent() async throws {
        let server = try ScriptedOpenAIServer { _, _ in .completion(["[[\"b\"]]"], promptTokens: 42, completionTokens: 7) }
        defer { server.stop() }
        var options = SamplingOptions()
        options.seed = 3
        options.stop = ["\n\n\n"]
        let reply = try await Self.client(server, key: "secret").complete(Self.prompt, options: options)
        #expect(reply.completions.map(\.text) == ["[[\"b\"]]"])
        #expect(reply.completions.first?.finishReason == "stop")
        #expect(reply.usage.promptTokens == 42 && reply.usage.completionTokens == 7 && reply.usage.requests == 1)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.path == "/v1/chat/completions")
        #expect(request.body["model"] as? String == "qwen3-4b")
        #expect(request.body["temperature"] as? Double == 0.7)
        #expect(request.body["top_p"] as? Double == 0.8)
        #expect(request.body["max_tokens"] as? Double == 1536)
        #expect(request.body["seed"] as? Double == 3)
        #expect((request.body["chat_template_kwargs"] as? [String: any Sendable])?["enable_thinking"] as? Double == 0)
        #expect(request.body["n"] == nil)
        #expect(request.headers["authorization"] == "Bearer secret")
    }

    @Test func nSamplesComeFromOneRequestWhenTheServerHonoursN() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            let n = Int(request.body["n"] as? Double ?? 1)
            return .completion((0..<n).map { "answer \($0)" })
        }
        defer { server.stop() }
        var options = SamplingOptions()
        options.samples = 3
        let reply = try await Self.client(server).complete(Self.prompt, options: options)
        #expect(reply.completions.map(\.text) == ["answer 0", "answer 1", "answer 2"])
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.body["n"] as? Double == 3)
    }

    @Test func aServerThatIgnoresNIsAskedOneByOneAndRemembered() async throws {
        let server = try ScriptedOpenAIServer { _, index in .completion(["answer \(index)"]) }
        defer { server.stop() }
        let client = Self.client(server)
        var options = SamplingOptions()
        options.samples = 3
        let first = try await client.complete(Self.prompt, options: options)
        #expect(first.completions.map(\.text) == ["answer 0", "answer 1", "answer 2"])
        #expect(first.usage.requests == 3)
        // The second call does not ask for n again.
        let second = try await client.complete(Self.prompt, options: options)
        #expect(second.completions.count == 3)
        #expect(server.requests.dropFirst(3).allSatisfy { $0.body["n"] == nil })
    }

    @Test func aServerThatRefusesNGetsSequentialRequests() async throws {
        let server = try ScriptedOpenAIServer { request, index in
            request.body["n"] != nil ? .error(400, "Only one completion choice is allowed") : .completion(["answer \(index)"])
        }
        defer { server.stop() }
        var options = SamplingOptions()
        options.samples = 2
        let reply = try await Self.client(server).complete(Self.prompt, options: options)
        #expect(reply.completions.map(\.text) == ["answer 1", "answer 2"])
        #expect(server.requests.count == 3)
    }

    @Test func a429IsRetriedThenSucceeds() async throws {
        let server = try ScriptedOpenAIServer { _, index in index == 0 ? .error(429, "busy") : .completion(["ok"]) }
        defer { server.stop() }
        let reply = try await Self.client(server).complete(Self.prompt, options: SamplingOptions())
        #expect(reply.completions.map(\.text) == ["ok"])
        #expect(reply.usage.requests == 2 && reply.usage.retries == 1)
    }

    @Test func fiveHundredsUntilGiveUpAreAServerError() async throws {
        let server = try ScriptedOpenAIServer { _, _ in .error(503, "model loading") }
        defer { server.stop() }
        let failure = await #expect(throws: ModelFailure.self) {
            _ = try await Self.client(server, retries: 2).complete(Self.prompt, options: SamplingOptions())
        }
        #expect(failure?.error == .server(status: 503, message: "model loading"))
        #expect(server.requests.count == 3)
    }

    @Test func aBadRequestIsNotRetried() async throws {
        let server = try ScriptedOpenAIServer { _, _ in .error(400, "context length exceeded") }
        defer { server.stop() }
        let failure = await #expect(throws: ModelFailure.self) {
            _ = try await Self.client(server).complete(Self.prompt, options: SamplingOptions())
        }
        #expect(failure?.error == .badRequest("context length exceeded"))
        #expect(server.requests.count == 1)
    }

    @Test func aSlowServerHitsTheTimeout() async throws {
        let server = try ScriptedOpenAIServer { _, _ in
            var reply = ScriptedOpenAIServer.Reply.completion(["late"])
            reply.delaySeconds = 4
            return reply
        }
        defer { server.stop() }
        let started = ContinuousClock.now
        let failure = await #expect(throws: ModelFailure.self) {
            _ = try await Self.client(server, timeout: 1, retries: 0).complete(Self.prompt, options: SamplingOptions())
        }
        #expect(failure?.error == .timeout(seconds: 1))
        // It waited for the timeout, and not for the server's answer.
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(900) && waited < .seconds(3.5), "\(waited)")
    }

    @Test func malformedJSONIsADecodeErrorNotACrash() async throws {
        let server = try ScriptedOpenAIServer { _, _ in ScriptedOpenAIServer.Reply(status: 200, body: "{\"choices\": [") }
        defer { server.stop() }
        await #expect(throws: ModelFailure.self) {
            _ = try await Self.client(server).complete(Self.prompt, options: SamplingOptions())
        }
        #expect(server.requests.count == 1)
    }

    @Test func aReplyWithNoCodeParsesToNoProgram() async throws {
        let server = try ScriptedOpenAIServer { _, _ in .completion(["I would reverse each row of the table."]) }
        defer { server.stop() }
        let reply = try await Self.client(server).complete(Self.prompt, options: SamplingOptions())
        let text = try #require(reply.completions.first?.text)
        guard case .noProgram = ProgramExtractor.extract(text) else {
            Issue.record("expected no program from \(text)")
            return
        }
    }

    @Test func modelsListsWhatTheServerServes() async throws {
        let server = try ScriptedOpenAIServer { _, _ in
            ScriptedOpenAIServer.Reply(status: 200, body: #"{"object":"list","data":[{"id":"Qwen/Qwen3-4B"},{"id":"qwen3:4b"}]}"#)
        }
        defer { server.stop() }
        #expect(try await Self.client(server).models() == ["Qwen/Qwen3-4B", "qwen3:4b"])
        #expect(server.requests.first?.method == "GET" && server.requests.first?.path == "/v1/models")
    }

    @Test func anUnreachableServerIsATransportError() async throws {
        let server = try ScriptedOpenAIServer { _, _ in .completion(["x"]) }
        server.stop()
        await #expect(throws: ModelFailure.self) {
            _ = try await Self.client(server, retries: 1).complete(Self.prompt, options: SamplingOptions())
        }
    }

    // MARK: Structured output

    static let schema = #"{"type":"array","items":{"type":"array","items":{"type":"string"}}}"#

    static var schemaOptions: SamplingOptions {
        var options = SamplingOptions()
        options.jsonSchema = schema
        return options
    }

    @Test func theSchemaIsSentAsAResponseFormat() async throws {
        let server = try ScriptedOpenAIServer { _, _ in .completion(["[[\"b\"]]"]) }
        defer { server.stop() }
        _ = try await Self.client(server).complete(Self.prompt, options: Self.schemaOptions)
        let format = try #require(server.requests.first?.body["response_format"] as? [String: any Sendable])
        #expect(format["type"] as? String == "json_schema")
        #expect((format["json_schema"] as? [String: any Sendable])?["schema"] != nil)
    }

    @Test func aServerThatRefusesTheSchemaIsAskedAgainWithoutItAndNeverSentItAgain() async throws {
        let server = try ScriptedOpenAIServer { request, index in
            request.body["response_format"] != nil ? .error(400, "response_format is not supported") : .completion(["answer \(index)"])
        }
        defer { server.stop() }
        let client = Self.client(server)
        let first = try await client.complete(Self.prompt, options: Self.schemaOptions)
        #expect(first.completions.map(\.text) == ["answer 1"])
        // The refused request counts.
        #expect(first.usage.requests == 2)
        #expect(server.requests.map { $0.body["response_format"] != nil } == [true, false])
        let second = try await client.complete(Self.prompt, options: Self.schemaOptions)
        #expect(second.completions.map(\.text) == ["answer 2"])
        #expect(second.usage.requests == 1)
        #expect(server.requests.count == 3)
        #expect(server.requests.last?.body["response_format"] == nil)
    }

    @Test func aServerThatAcceptedTheSchemaKeepsGettingItAndOtherBadRequestsAreNotRetried() async throws {
        let server = try ScriptedOpenAIServer { request, index in
            index == 0 ? .completion(["[[\"a\"]]"]) : .error(400, "context length exceeded")
        }
        defer { server.stop() }
        let client = Self.client(server)
        _ = try await client.complete(Self.prompt, options: Self.schemaOptions)
        let failure = await #expect(throws: ModelFailure.self) {
            _ = try await client.complete(Self.prompt, options: Self.schemaOptions)
        }
        #expect(failure?.error == .badRequest("context length exceeded"))
        // The 400 came from a server known to take the schema: it is not blamed on the schema.
        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { $0.body["response_format"] != nil })
    }

    @Test func requestsWithoutASchemaAreNotAffectedByTheFallback() async throws {
        let server = try ScriptedOpenAIServer { _, _ in .error(400, "context length exceeded") }
        defer { server.stop() }
        let failure = await #expect(throws: ModelFailure.self) {
            _ = try await Self.client(server).complete(Self.prompt, options: SamplingOptions())
        }
        #expect(failure?.error == .badRequest("context length exceeded"))
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.body["response_format"] == nil)
    }

    /// Several samples from a server that ignores `n` and refuses the schema: once refused, the
    /// one-by-one requests of the same call go without it (4 requests, not 6).
    @Test func aSchemaRefusedInTheFirstRequestOfACallIsNotSentInItsLaterRequests() async throws {
        let server = try ScriptedOpenAIServer { request, index in
            request.body["response_format"] != nil ? .error(400, "response_format is not supported") : .completion(["answer \(index)"])
        }
        defer { server.stop() }
        var options = Self.schemaOptions
        options.samples = 3
        let reply = try await Self.client(server).complete(Self.prompt, options: options)
        #expect(reply.completions.count == 3)
        #expect(server.requests.map { $0.body["response_format"] != nil } == [true, false, false, false])
    }

    @Test func aBadRequestThatIsNotAboutTheSchemaDoesNotTurnTheSchemaOff() async throws {
        let server = try ScriptedOpenAIServer { _, index in
            index < 2 ? .error(400, "context length exceeded") : .completion(["[[\"a\"]]"])
        }
        defer { server.stop() }
        let client = Self.client(server)
        let failure = await #expect(throws: ModelFailure.self) {
            _ = try await client.complete(Self.prompt, options: Self.schemaOptions)
        }
        #expect(failure?.error == .badRequest("context length exceeded"))
        _ = try await client.complete(Self.prompt, options: Self.schemaOptions)
        // Refused with and without the schema: the 400 was not about it, so it is still sent.
        #expect(server.requests.map { $0.body["response_format"] != nil } == [true, false, true])
    }

    // MARK: Real servers' refusals (issue 16)

    /// What llama-cpp-python's server answers a `json_schema` response format with: HTTP 500 and
    /// the Python traceback, which names `response_format`.
    static let traceback = """
        {"error":{"message":"Traceback (most recent call last):\\n  File \\"/srv/llama_cpp/server/errors.py\\", line 173, in custom_route_handler\\n    response = await original_route_handler(request)\\n  File \\"/srv/llama_cpp/llama_chat_format.py\\", line 612, in chat_completion_handler\\n    raise ValueError(response_format)\\nValueError: response_format type json_schema is not supported, use text or json_object","type":"internal_server_error"}}
        """

    @Test func a500NamingTheResponseFormatFallsBackToNoSchemaOnceWithoutRetrying() async throws {
        let server = try ScriptedOpenAIServer { request, index in
            request.body["response_format"] != nil ? ScriptedOpenAIServer.Reply(status: 500, body: Self.traceback) : .completion(["answer \(index)"])
        }
        defer { server.stop() }
        let client = Self.client(server)
        let first = try await client.complete(Self.prompt, options: Self.schemaOptions)
        #expect(first.completions.map(\.text) == ["answer 1"])
        #expect(server.requests.map { $0.body["response_format"] != nil } == [true, false])
        #expect(first.usage.requests == 2 && first.usage.retries == 0)
        // Remembered for this server: the next call goes without the schema at once.
        _ = try await client.complete(Self.prompt, options: Self.schemaOptions)
        #expect(server.requests.map { $0.body["response_format"] != nil } == [true, false, false])
    }

    /// Concurrent calls (a benchmark's cases) do not each send the schema to a server that has not
    /// said yet whether it takes one: one finds out, the others follow its verdict.
    @Test func concurrentCallsSendARefusedSchemaOnlyOnce() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            request.body["response_format"] != nil ? ScriptedOpenAIServer.Reply(status: 500, body: Self.traceback) : .completion(["plain"])
        }
        defer { server.stop() }
        let client = Self.client(server)
        try await withThrowingTaskGroup(of: ModelReply.self) { group in
            for _ in 0..<4 { group.addTask { try await client.complete(Self.prompt, options: Self.schemaOptions) } }
            for try await reply in group { #expect(reply.completions.map(\.text) == ["plain"]) }
        }
        #expect(server.requests.count == 5)
        #expect(server.requests.filter { $0.body["response_format"] != nil }.count == 1)
    }

    @Test func a422RefusingTheSchemaFallsBackToNoSchema() async throws {
        let server = try ScriptedOpenAIServer { request, index in
            request.body["response_format"] != nil ? .error(422, "unprocessable entity") : .completion(["answer \(index)"])
        }
        defer { server.stop() }
        let reply = try await Self.client(server).complete(Self.prompt, options: Self.schemaOptions)
        #expect(reply.completions.map(\.text) == ["answer 1"])
        #expect(server.requests.count == 2)
    }

    @Test func aServerTracebackIsReportedAsItsLastLineOnOneLine() async throws {
        let server = try ScriptedOpenAIServer { _, _ in ScriptedOpenAIServer.Reply(status: 500, body: Self.traceback) }
        defer { server.stop() }
        let failure = await #expect(throws: ModelFailure.self) {
            _ = try await Self.client(server, retries: 1).complete(Self.prompt, options: SamplingOptions())
        }
        let message = try #require(failure?.description)
        #expect(!message.contains("\n") && !message.contains("Traceback"), "\(message)")
        #expect(message.hasSuffix("ValueError: response_format type json_schema is not supported, use text or json_object"), "\(message)")
        // Without a schema in the request the 500 is an ordinary server error, retried as such.
        #expect(server.requests.count == 2)
    }

    @Test func aLongPlainTextErrorBodyIsCutToOneShortLine() {
        let body = Data((String(repeating: "<p>Internal Server Error</p>\n", count: 40)).utf8)
        let message = OpenAIWire.errorMessage(body)
        #expect(!message.contains("\n"))
        #expect(message.count <= 201 && message.hasSuffix("…"))
    }

    @Test func aTimeoutIsRetriedAtMostOnce() async throws {
        let server = try ScriptedOpenAIServer { _, _ in
            var reply = ScriptedOpenAIServer.Reply.completion(["late"])
            reply.delaySeconds = 3
            return reply
        }
        defer { server.stop() }
        let failure = await #expect(throws: ModelFailure.self) {
            _ = try await Self.client(server, timeout: 1, retries: 3).complete(Self.prompt, options: SamplingOptions())
        }
        #expect(failure?.error == .timeout(seconds: 1))
        #expect(server.requests.count == 2)
        #expect(failure?.usage.requests == 2 && failure?.usage.retries == 1)
    }

    @Test func eachSampleFetchedOnItsOwnGetsItsOwnSeed() async throws {
        let server = try ScriptedOpenAIServer { _, index in .completion(["answer \(index)"]) }
        defer { server.stop() }
        var options = SamplingOptions()
        options.samples = 4
        options.seed = 7
        _ = try await Self.client(server).complete(Self.prompt, options: options)
        let seeds = server.requests.map { ($0.body["seed"] as? Double).map(Int.init) }
        // The n=4 request with the base seed, then samples 2-4 one by one (the server returned one
        // choice), each with a seed derived from the base and its index: the same base asks the
        // same questions again.
        #expect(seeds == [7] + (1..<4).map { OpenAICompatibleClient.seed(7, sample: $0) })
        #expect(Set(seeds).count == 4, "\(seeds)")
        #expect(OpenAICompatibleClient.seed(nil, sample: 3) == nil)
        #expect(OpenAICompatibleClient.seed(0, sample: 1) != OpenAICompatibleClient.seed(0, sample: 2))
    }

    @Test func usageCountsEveryRequestAndRetryOfACall() async throws {
        // n refused (1), sample 1: 503 then ok (2, one retry), sample 2: ok (1).
        let server = try ScriptedOpenAIServer { request, index in
            if request.body["n"] != nil { return .error(400, "n must be at most 1") }
            return index == 1 ? .error(503, "busy") : .completion(["answer \(index)"])
        }
        defer { server.stop() }
        var options = SamplingOptions()
        options.samples = 2
        let reply = try await Self.client(server).complete(Self.prompt, options: options)
        #expect(reply.completions.count == 2)
        #expect(server.requests.count == 4)
        #expect(reply.usage.requests == 4 && reply.usage.retries == 1)
    }

    @Test func aFailedCallCarriesWhatItSpent() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            request.body["response_format"] != nil ? .error(400, "Failed to initialize samplers") : .error(503, "model loading")
        }
        defer { server.stop() }
        let failure = await #expect(throws: ModelFailure.self) {
            _ = try await Self.client(server, retries: 2).complete(Self.prompt, options: Self.schemaOptions)
        }
        #expect(failure?.error == .server(status: 503, message: "model loading"))
        // The refused schema request, then the plain one with its two retries.
        #expect(server.requests.count == 4)
        #expect(failure?.usage.requests == 4 && failure?.usage.retries == 2)
    }

    /// llama-server honours `n` up to its parallel slots (`-np`) and answers 400 above: that 400 is
    /// about `n`, so the samples come one by one, the schema stays on, and a smaller `n` is still asked.
    @Test func nHonouredUpToALimitAndRefusedAboveItFallsBackOneByOne() async throws {
        let server = try ScriptedOpenAIServer { request, index in
            let n = Int(request.body["n"] as? Double ?? 1)
            return n > 2 ? .error(400, "n must be at most the number of slots") : .completion((0..<n).map { "answer \(index).\($0)" })
        }
        defer { server.stop() }
        let client = Self.client(server)
        var options = Self.schemaOptions
        options.samples = 3
        let reply = try await client.complete(Self.prompt, options: options)
        #expect(reply.completions.count == 3)
        #expect(server.requests.map { $0.body["n"] as? Double } == [3, nil, nil, nil])
        #expect(server.requests.allSatisfy { $0.body["response_format"] != nil })
        // n = 3 is not asked again; n = 2 still is.
        _ = try await client.complete(Self.prompt, options: options)
        options.samples = 2
        let two = try await client.complete(Self.prompt, options: options)
        #expect(two.completions.count == 2 && two.usage.requests == 1)
        #expect(server.requests.dropFirst(4).map { $0.body["n"] as? Double } == [nil, nil, nil, 2])
    }
}
