import Foundation
import Testing

/// What the pinned llama-server does with the request fields Winnow relies on. docs/model.md,
/// "What each server does", is the table of these results: when a new server version changes one,
/// this test fails and the table is out of date.
@Suite(.serialized, .enabled(if: RealServerSetup.configured, RealServerSetup.skipped))
struct LlamaServerBehaviourTests {
    static let sampled: [String: any Sendable] = ["temperature": 1.0, "top_p": 1.0, "max_tokens": 24]
    static let row: [String: any Sendable] = ["type": "array", "items": ["type": "string"] as [String: any Sendable]]
    static let table: [String: any Sendable] = ["type": "array", "items": row]
    static let tableSchema: [String: any Sendable] = [
        "type": "json_schema", "json_schema": ["name": "answer", "strict": true, "schema": table] as [String: any Sendable],
    ]

    @Test func nUpToTheParallelSlotsGivesThatManyDifferentChoices() async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.random, slots: 2)
        defer { server.stop() }
        let reply = try await server.chat(Self.sampled.merging(["n": 2, "seed": 5]) { $1 })
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.contents.count == 2)
        #expect(Set(reply.contents).count == 2, "two choices of one request with one seed: \(reply.contents)")
    }

    @Test func nAboveTheParallelSlotsIsRefusedWith400() async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.random, slots: 2)
        defer { server.stop() }
        let reply = try await server.chat(Self.sampled.merging(["n": 3]) { $1 })
        #expect(reply.status == 400)
        #expect(reply.text.contains("'n'"), "\(reply.text)")
    }

    @Test func theSameSeedRepeatsTheReplyAndAnotherSeedChangesIt() async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.random)
        defer { server.stop() }
        let first = try await server.chat(Self.sampled.merging(["seed": 7]) { $1 })
        let again = try await server.chat(Self.sampled.merging(["seed": 7]) { $1 })
        let other = try await server.chat(Self.sampled.merging(["seed": 8]) { $1 })
        #expect([first, again, other].allSatisfy { $0.status == 200 })
        #expect(first.contents == again.contents)
        #expect(first.contents != other.contents)
    }

    @Test func aJSONSchemaConstrainsTheReplyToTheSchema() async throws {
        let models = try await TinyModels()
        let scripted = try await LlamaServer(model: models.scripted)
        defer { scripted.stop() }
        let answer = try await scripted.chat(["response_format": Self.tableSchema, "temperature": 0.0, "max_tokens": 200])
        #expect(answer.status == 200, "\(answer.text)")
        // Unconstrained, this model writes a ```json fence first; the grammar keeps only the table.
        #expect(answer.contents == [#"[["word"], ["desserts"], ["reward"]]"#])
        scripted.stop()

        let random = try await LlamaServer(model: models.random)
        defer { random.stop() }
        let noise = try await random.chat(["response_format": Self.tableSchema, "temperature": 0.0, "max_tokens": 200])
        #expect(noise.status == 200, "\(noise.text)")
        let content = try #require(noise.contents.first)
        // The schema allows a list with no rows, and that is what noise under it comes to.
        let parsed = try JSONSerialization.jsonObject(with: Data(content.utf8))
        #expect((parsed as? [Any])?.isEmpty == true, "\(content)")
    }

    @Test func jsonObjectConstrainsTheReplyToAnObject() async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.random)
        defer { server.stop() }
        let reply = try await server.chat(["response_format": ["type": "json_object"], "temperature": 0.0, "max_tokens": 200])
        #expect(reply.status == 200, "\(reply.text)")
        let content = try #require(reply.contents.first)
        #expect(content.trimmingCharacters(in: .whitespaces).hasPrefix("{"), "\(content)")
    }

    /// The test models' chat template puts an empty think block in the prompt when enable_thinking
    /// is false, as Qwen3's does; the prompt's token count shows what the template was given.
    @Test func chatTemplateKwargsReachTheTemplate() async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.random)
        defer { server.stop() }
        let off = try await server.chat(["chat_template_kwargs": ["enable_thinking": false]])
        let on = try await server.chat(["chat_template_kwargs": ["enable_thinking": true]])
        let unset = try await server.chat([:])
        let tokens = [off.promptTokens, on.promptTokens, unset.promptTokens]
        #expect([off, on, unset].allSatisfy { $0.status == 200 })
        let thinkingOff = try #require(off.promptTokens)
        let thinkingOn = try #require(on.promptTokens)
        #expect(thinkingOff > thinkingOn, "\(tokens)")
        // Without the field, this build renders the template with thinking off too.
        #expect(unset.promptTokens == thinkingOff, "\(tokens)")
    }
}
