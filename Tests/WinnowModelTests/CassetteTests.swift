import Foundation
import Testing
import WinnowTestSupport
import WinnowCore
@testable import WinnowModel

@Suite(.serialized) struct CassetteTests {
    @Test func aRecordedRunReplaysOfflineExactly() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("cassette.jsonl")
        let server = try ScriptedOpenAIServer { _, index in .completion(["reply \(index)"], promptTokens: 9, completionTokens: 4) }
        var configuration = OpenAICompatibleClient.Configuration(baseURL: server.baseURL, model: "qwen3-4b", apiKey: nil)
        configuration.backoffSeconds = 0.01
        let recorder = RecordingModel(OpenAICompatibleClient(configuration), modelName: "qwen3-4b", path: path)
        var options = SamplingOptions()
        let first = try await recorder.complete([.user("one")], options: options)
        options.temperature = 0.2
        let second = try await recorder.complete([.user("one")], options: options)
        server.stop()

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let replay = try ReplayModel(path: path, modelName: "qwen3-4b")
        #expect(try await replay.complete([.user("one")], options: options) == second)
        options.temperature = 0.7
        #expect(try await replay.complete([.user("one")], options: options) == first)
        #expect(first.completions.map(\.text) == ["reply 0"] && second.completions.map(\.text) == ["reply 1"])
    }

    /// A failed call is part of the run: recorded with what it spent, and failed the same way on
    /// replay, so a replayed run takes the same decisions as the recorded one.
    @Test func aFailedCallIsRecordedAndReplayedAsTheSameFailure() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("cassette.jsonl")
        let server = try ScriptedOpenAIServer { _, index in index < 2 ? .error(503, "model loading") : .completion(["late reply"]) }
        var configuration = OpenAICompatibleClient.Configuration(baseURL: server.baseURL, model: "qwen3-4b", apiKey: nil)
        configuration.backoffSeconds = 0.01
        configuration.maxRetries = 1
        let recorder = RecordingModel(OpenAICompatibleClient(configuration), modelName: "qwen3-4b", path: path)
        let live = await #expect(throws: ModelFailure.self) { _ = try await recorder.complete([.user("one")], options: SamplingOptions()) }
        var other = SamplingOptions()
        other.temperature = 0.1
        let reply = try await recorder.complete([.user("one")], options: other)
        server.stop()

        let replay = try ReplayModel(path: path, modelName: "qwen3-4b")
        let replayed = await #expect(throws: ModelFailure.self) { _ = try await replay.complete([.user("one")], options: SamplingOptions()) }
        #expect(replayed?.error == .server(status: 503, message: "model loading"))
        #expect(replayed == live)
        #expect(replayed?.usage.requests == 2 && replayed?.usage.retries == 1)
        #expect(try await replay.complete([.user("one")], options: other) == reply)
    }

    /// Calls that finish together (a task's direct answer and its programs) are all kept: the
    /// cassette is never rewritten from a list older than the last one written.
    @Test func concurrentExchangesAreAllRecorded() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("cassette.jsonl")
        let server = try ScriptedOpenAIServer { _, index in .completion(["reply \(index)"]) }
        defer { server.stop() }
        var configuration = OpenAICompatibleClient.Configuration(baseURL: server.baseURL, model: "qwen3-4b", apiKey: nil)
        configuration.maxConcurrentRequests = 16
        let recorder = RecordingModel(OpenAICompatibleClient(configuration), modelName: "qwen3-4b", path: path)
        try await withThrowingTaskGroup(of: ModelReply.self) { group in
            for prompt in 0..<32 { group.addTask { try await recorder.complete([.user("prompt \(prompt)")], options: SamplingOptions()) } }
            for try await _ in group {}
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 32)
    }

    @Test func aRequestTheCassetteHasNotSeenFailsLoudly() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("cassette.jsonl")
        try "".write(toFile: path, atomically: true, encoding: .utf8)
        let replay = try ReplayModel(path: path, modelName: "m")
        let failure = await #expect(throws: ModelFailure.self) { _ = try await replay.complete([.user("anything")], options: SamplingOptions()) }
        #expect(failure?.description.hasPrefix(ModelError.notRecordedLead) == true)
    }

    @Test func theKeyCoversModelMessagesAndEveryOption() {
        let base = Cassette.key(model: "m", messages: [.user("x")], options: SamplingOptions())
        #expect(base.count == 16)
        #expect(base == Cassette.key(model: "m", messages: [.user("x")], options: SamplingOptions()))
        #expect(base != Cassette.key(model: "n", messages: [.user("x")], options: SamplingOptions()))
        #expect(base != Cassette.key(model: "m", messages: [.system("x")], options: SamplingOptions()))
        var seeded = SamplingOptions()
        seeded.seed = 1
        #expect(base != Cassette.key(model: "m", messages: [.user("x")], options: seeded))
        var many = SamplingOptions()
        many.samples = 4
        #expect(base != Cassette.key(model: "m", messages: [.user("x")], options: many))
    }

    @Test func aMalformedCassetteIsBadInputNamingTheLine() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("cassette.jsonl")
        try "{\"key\": \"x\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: WinnowError(.badInput, file: path, "line 1 is not a recorded exchange")) {
            _ = try ReplayModel(path: path, modelName: "m")
        }
        #expect(throws: WinnowError.self) { _ = try ReplayModel(path: path + ".missing", modelName: "m") }
    }
}
