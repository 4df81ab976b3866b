import Foundation
import Testing
import WinnowTestSupport

/// The faults real servers showed in issue 16, reproduced by the scripted server on loopback and
/// met by the real executable: a schema answered with a 500 and a traceback, calls that fail while
/// others succeed, a server that answers nothing. A real server does not produce these on demand.
@Suite(.serialized) struct ModelChannelFaultTests {
    typealias Kind = ModelSolveCommandTests.Kind

    /// llama-cpp-python's answer to `response_format: {"type": "json_schema"}`: HTTP 500, and the
    /// traceback of the ValueError, which names `response_format`, over several lines.
    static let schemaTraceback = ScriptedOpenAIServer.Reply(status: 500, body: """
        {"error":{"message":"Traceback (most recent call last):\\n  File \\"llama_cpp/server/errors.py\\", line 173, in custom_route_handler\\n    response = await original_route_handler(request)\\nValueError: response_format type json_schema is not supported","type":"internal_server_error"}}
        """)

    static func task(_ folder: TemporaryFolder) throws -> String {
        try folder.write("upper.json", ModelSolveCommandTests.task("upper", example: "Ann", query: "Bob"))
    }

    /// Every line of `text` parsed as one JSON object.
    static func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try jsonObject(String($0)) }
    }

    @Test func theDirectGateFallsBackToNoSchemaWhenTheServerAnswersItWithA500Traceback() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            switch ModelSolveCommandTests.kind(request).0 {
            case .models: return ModelSolveCommandTests.modelList
            case .direct where request.body["response_format"] != nil: return Self.schemaTraceback
            default: return .completion([#"[["name","age"],["BOB","40"]]"#])
            }
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let result = try await Winnow.run(["solve", try Self.task(folder), "--model", server.baseURL.absoluteString, "--gate", "direct", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let record = try jsonObject(result.stdout)
        #expect(record["decision"] as? String == "answer")
        #expect(record["outputs"] as? [[[String]]] == [[["name", "age"], ["BOB", "40"]]])
        // The refused request once, then the same without the schema: nothing retried.
        let posts = server.requests.filter { $0.method == "POST" }
        #expect(posts.map { $0.body["response_format"] != nil } == [true, false])
        let model = try #require(record["model"] as? [String: Any])
        #expect(model["requests"] as? Int == 2 && model["retries"] as? Int == 0)
    }

    @Test func aServerThatAnswersNothingStillGetsOneJSONObjectPerTaskWithTheErrorAndExit76() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            ModelSolveCommandTests.kind(request).0 == .models
                ? ModelSolveCommandTests.modelList
                : ScriptedOpenAIServer.Reply(status: 500, body: "Traceback (most recent call last):\n  File \"app.py\", line 3\nRuntimeError: CUDA out of memory\n")
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let result = try await Winnow.run([
            "solve", try Self.task(folder), "--model", server.baseURL.absoluteString, "--gate", "direct", "--json", "--retries", "1",
        ])
        #expect(result.status == 76, "\(result.stderr)")
        let records = try Self.objects(result.stdout)
        #expect(records.count == 1)
        let error = try #require(records.first?["error"] as? String)
        #expect(error.contains("every model request failed") && error.contains("RuntimeError: CUDA out of memory"), "\(error)")
        // The direct request carried a schema: the user is told what to try.
        #expect(error.contains("--no-structured-output"), "\(error)")
        #expect(records.first?["decision"] as? String == "abstained")
        // Both requests counted, the retry too.
        let model = try #require(records.first?["model"] as? [String: Any])
        #expect(model["requests"] as? Int == 2 && model["retries"] as? Int == 1)
        // One line on stderr, without the server's traceback.
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("winnow:") }
        #expect(lines.count == 1 && !result.stderr.contains("Traceback"), "\(result.stderr)")
    }

    @Test func anUnreachableServerStillGetsOneJSONObjectPerTaskWithTheError() async throws {
        let folder = try TemporaryFolder()
        let result = try await Winnow.run([
            "solve", try Self.task(folder), "--model", "http://127.0.0.1:\(ModelsCommandTests.freePort())/v1", "--json",
        ])
        #expect(result.status == 76)
        let record = try jsonObject(result.stdout)
        #expect(record["task"] as? String == "upper")
        #expect(record["decision"] as? String == "abstained")
        #expect((record["error"] as? String)?.contains("cannot reach the server") == true)
    }

    /// The issue's bench: search solves the case, the model's programs come back (200) but hold no
    /// code, and every direct request fails. The failing direct calls cost the gates that need
    /// them, and no others: the table is printed and `search+model` keeps its score.
    @Test func oneFailingGateNeverDiscardsAnotherGatesResults() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            switch ModelSolveCommandTests.kind(request).0 {
            case .models: return ModelSolveCommandTests.modelList
            case .direct: return .error(503, "slot unavailable")
            default: return .completion(["I would split each card into rows."])
            }
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let tasks = folder.url.appendingPathComponent("tasks")
        try FileManager.default.createDirectory(at: tasks, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Winnow.shippedTask("contact-cards-to-rows"), toPath: tasks.appendingPathComponent("cards.json").path)
        let arguments = [
            "bench", tasks.path, "--model", server.baseURL.absoluteString, "--gate", "direct,program,ensemble,search+model",
            "--retries", "0", "--repair-rounds", "0",
        ]
        let result = try await Winnow.run(arguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try jsonObject(result.stdout)["summary"] as? [String: Any])
        let modes = try #require(summary["modes"] as? [[String: Any]])
        #expect(modes.map { $0["gate"] as? String } == ["direct", "program", "ensemble", "search+model"])
        #expect(modes.map { $0["modelErrors"] as? Int } == [1, 1, 1, 1])
        #expect(modes[3]["perfect"] as? Int == 1)
        #expect(modes[0]["perfect"] as? Int == 0)

        let text = try await Winnow.run(arguments)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("model errors"), "\(text.stdout)")
        #expect(text.stdout.contains("search+model"))
    }

    @Test func benchExits76OnlyWhenNoCallWasAnsweredAndStillPrintsItsReport() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            ModelSolveCommandTests.kind(request).0 == .models ? ModelSolveCommandTests.modelList : .error(503, "no slots")
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let tasks = folder.url.appendingPathComponent("tasks")
        try FileManager.default.createDirectory(at: tasks, withIntermediateDirectories: true)
        try Data(ModelSolveCommandTests.task("ann", example: "Ann", query: "Bob").utf8).write(to: tasks.appendingPathComponent("ann.json"))
        let result = try await Winnow.run([
            "bench", tasks.path, "--model", server.baseURL.absoluteString, "--gate", "program", "--json", "--retries", "0", "--repair-rounds", "0",
        ])
        #expect(result.status == 76, "\(result.stderr)")
        let document = try jsonObject(result.stdout)
        #expect((document["cases"] as? [Any])?.count == 1)
        #expect(result.stderr.contains("every model request of every case failed"), "\(result.stderr)")
    }

    @Test func aRecordedRunWithAFailedRequestReplaysExactly() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            switch ModelSolveCommandTests.kind(request).0 {
            case .models: return ModelSolveCommandTests.modelList
            case .direct: return .error(503, "slot unavailable")
            case .program, .repair: return .completion([ModelSolveCommandTests.upperProgram])
            }
        }
        let folder = try TemporaryFolder()
        let task = try Self.task(folder)
        let cassette = folder.path("run.jsonl")
        let options = ["--gate", "program", "--json", "--retries", "1"]
        let live = try await Winnow.run(["solve", task, "--model", server.baseURL.absoluteString, "--record", cassette] + options)
        server.stop()
        #expect(live.status == 0, "\(live.stderr)")
        let recorded = try jsonObject(live.stdout)
        let liveModel = try #require(recorded["model"] as? [String: Any])
        #expect((liveModel["errors"] as? [String])?.count == 1)
        // The failed direct call (a request and its retry) and the program request.
        #expect(liveModel["requests"] as? Int == 3 && liveModel["retries"] as? Int == 1)

        let replayed = try await Winnow.run(["solve", task, "--replay", cassette] + options)
        #expect(replayed.status == 0, "\(replayed.stderr)")
        let again = try jsonObject(replayed.stdout)
        for key in ["decision", "origin", "prompt", "python", "status"] {
            #expect(again[key] as? String == recorded[key] as? String, "\(key)")
        }
        let replayedModel = try #require(again["model"] as? [String: Any])
        #expect(replayedModel["errors"] as? [String] == liveModel["errors"] as? [String])
        #expect(replayedModel["requests"] as? Int == 3)
    }

    @Test func samplesFetchedOneByOneEachGetTheirOwnSeed() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            switch ModelSolveCommandTests.kind(request).0 {
            case .models: return ModelSolveCommandTests.modelList
            case .direct: return .completion([#"[["name","age"],["BOB","40"]]"#])
            case .program, .repair: return .completion([ModelSolveCommandTests.lowerProgram])
            }
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let result = try await Winnow.run([
            "solve", try Self.task(folder), "--model", server.baseURL.absoluteString, "--gate", "program", "--samples", "3",
            "--repair-rounds", "0", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let seeds = server.requests.filter { ModelSolveCommandTests.kind($0).0 == .program }.map { $0.body["seed"] as? Double }
        // n = 3 answered with one choice, then two more requests, each with a seed of its own.
        #expect(seeds.count == 3)
        #expect(Set(seeds.dropFirst()).count == 2 && !seeds.dropFirst().contains(seeds[0]), "\(seeds)")
    }
}
