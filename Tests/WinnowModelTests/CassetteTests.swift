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

    @Test func aRequestTheCassetteHasNotSeenFailsLoudly() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("cassette.jsonl")
        try "".write(toFile: path, atomically: true, encoding: .utf8)
        let replay = try ReplayModel(path: path, modelName: "m")
        await #expect(throws: ModelError.self) { _ = try await replay.complete([.user("anything")], options: SamplingOptions()) }
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
