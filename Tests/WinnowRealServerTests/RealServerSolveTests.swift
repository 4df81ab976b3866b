import Foundation
import Testing
import WinnowTestSupport

/// The CI guard: a real-server test that silently never runs in CI would be a defect.
@Test func theRealServerIsConfiguredWhenRunningInCI() {
    if RealServerSetup.inCI {
        #expect(RealServerSetup.configured, "CI=true but \(RealServerSetup.skipped)")
    }
}

/// `winnow` end to end against llama.cpp's llama-server: its real chat template, tokenizer, sampler
/// and HTTP layer, then Winnow's parsers, jail and gate.
///
/// The scripted model writes one known reply (a JSON table and a `transform` that reverses every
/// cell below the header), so what each gate commits is known. The random model writes noise: every
/// run must still end cleanly, by abstaining with exit 4.
@Suite(.serialized, .enabled(if: RealServerSetup.configured, RealServerSetup.skipped))
struct RealServerSolveTests {
    /// Reverse each cell below the header. Operator search cannot do it, so under `search+model` the
    /// model is asked too.
    static func reverseTask(_ id: String, _ words: [String], query: [String]) -> String {
        func table(_ cells: [String]) -> String { "[[\"word\"]" + cells.map { ", [\"\($0)\"]" }.joined() + "]" }
        let reversed = { (cells: [String]) in cells.map { String($0.reversed()) } }
        return #"{"id": "\#(id)", "domain": "table", "examples": [{"input": \#(table(words)), "output": \#(table(reversed(words)))}], "#
            + #""queries": [{"input": \#(table(query))}], "answers": [\#(table(reversed(query)))]}"#
    }

    /// The task whose held-out answer the scripted model's JSON table is.
    static let task = reverseTask("reverse-words", ["abc", "hello"], query: ["stressed", "drawer"])
    static let answer = [[["word"], ["desserts"], ["reward"]]]

    static let gates = ["direct", "program", "ensemble", "search+model"]

    /// Options every run shares: the server's two slots, short replies so the random model is quick.
    static func modelArguments(_ server: LlamaServer) -> [String] {
        ["--model", server.baseURL, "--concurrency", "2", "--max-tokens", "96", "--request-timeout", "60"]
    }

    /// `bench --json` under every gate on a folder holding the one reverse-words task.
    static func benchEveryGate(_ server: LlamaServer) async throws -> ProcessOutput {
        let folder = try TemporaryFolder()
        let tasks = folder.url.appendingPathComponent("tasks")
        try FileManager.default.createDirectory(at: tasks, withIntermediateDirectories: true)
        try Data(task.utf8).write(to: tasks.appendingPathComponent("reverse-words.json"))
        return try await winnow(["bench", tasks.path, "--gate", gates.joined(separator: ","), "--json"] + modelArguments(server))
    }

    @Test func modelsListsTheModelTheServerLoaded() async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.scripted)
        defer { server.stop() }
        let result = try await winnow(["models", "--model", server.baseURL])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(LlamaServer.alias)\n")
        let listed = try await winnow(["models", "--model", server.baseURL, "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("\"\(LlamaServer.alias)\""))
    }

    @Test(arguments: gates)
    func theScriptedModelsProgramRunsInTheJailAndIsCommitted(gate: String) async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.scripted)
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let task = try folder.write("task.json", Self.task)
        let result = try await winnow(["solve", task, "--gate", gate, "--json"] + Self.modelArguments(server))
        #expect(result.status == 0, "\(result.stderr)\n\(server.log.suffix(1500))")
        let record = try jsonObject(result.stdout)
        #expect(record["gate"] as? String == gate)
        #expect(record["outputs"] as? [[[String]]] == Self.answer)
        let model = try #require(record["model"] as? [String: Any])
        #expect(model["name"] as? String == LlamaServer.alias)
        #expect((model["requests"] as? Int ?? 0) >= 1)
        if gate == "direct" {
            #expect(record["decision"] as? String == "answer")
            #expect(record["origin"] as? String == "model-direct")
            #expect(record["status"] as? String == "answered")
        } else {
            #expect(record["decision"] as? String == "program")
            #expect(record["origin"] as? String == "model-program")
            #expect(record["prompt"] as? String == "program")
            #expect(record["status"] as? String == "solved")
            #expect((record["python"] as? String)?.contains("c[::-1]") == true)
            let candidates = try #require(record["candidates"] as? [String: Any])
            #expect(candidates["direct_agrees"] as? Bool == true)
        }
    }

    @Test(arguments: gates)
    func theRandomModelsNoiseEndsInACleanAbstention(gate: String) async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.random)
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let task = try folder.write("task.json", Self.task)
        let result = try await winnow(["solve", task, "--gate", gate, "--samples", "2", "--json"] + Self.modelArguments(server))
        #expect(result.status == 4, "\(result.stderr)\n\(server.log.suffix(1500))")
        let record = try jsonObject(result.stdout)
        #expect(record["decision"] as? String == "abstained")
        #expect(record["status"] as? String == "abstained")
        #expect((record["reason"] as? String)?.isEmpty == false)
        let model = try #require(record["model"] as? [String: Any])
        #expect(model["errors"] as? [String] == [], "every request reached the server and was answered")
        #expect(!result.stderr.contains("Fatal error"))
    }

    /// Two slots refuse `n` = 3, so Winnow asks for each sample in its own request; each must
    /// carry its own seed, or this server, which honours `seed`, repeats one reply three times.
    @Test func samplesAskedOneByOneAtATemperatureAboveZeroAreNotAllTheSame() async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.random, slots: 2)
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let task = try folder.write("task.json", Self.task)
        let cassette = folder.path("run.jsonl")
        let result = try await winnow([
            "solve", task, "--gate", "program", "--samples", "3", "--temperature", "1", "--top-p", "1", "--repair-rounds", "0",
            "--record", cassette, "--json",
        ] + Self.modelArguments(server))
        #expect(result.status == 4, "\(result.stderr)")
        let texts = try Self.completionTexts(cassette).filter { !$0.hasPrefix("[") }
        #expect(texts.count >= 3, "\(texts)")
        #expect(Set(texts).count > 1, "3 samples at temperature 1 were identical: \(texts)")
        // The direct answer, the refused n = 3 and the three one-by-one requests all count.
        let model = try #require(try jsonObject(result.stdout)["model"] as? [String: Any])
        #expect((model["requests"] as? Int ?? 0) >= 5, "\(model)")
    }

    /// Every completion text recorded in a cassette.
    static func completionTexts(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").flatMap { line -> [String] in
            let exchange = try jsonObject(String(line))
            let completions = exchange["completions"] as? [[String: Any]] ?? []
            return completions.compactMap { $0["text"] as? String }
        }
    }

    /// `--samples 3` on two slots: the server refuses `n` = 3 with 400 and Winnow asks one by one,
    /// so the cassette must hold the refusal too for the replay to take the same path.
    @Test(arguments: ["scripted", "random"])
    func aRecordedRunReplaysToTheSameResult(model kind: String) async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: kind == "scripted" ? models.scripted : models.random, slots: 2)
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let task = try folder.write("task.json", Self.task)
        let cassette = folder.path("run.jsonl")
        let options = ["--gate", "ensemble", "--samples", "3", "--max-tokens", "96", "--json"]
        let recorded = try await winnow(["solve", task, "--model", server.baseURL, "--concurrency", "2", "--record", cassette] + options)
        #expect([0, 4].contains(recorded.status), "\(recorded.stderr)")
        server.stop()
        let replayed = try await winnow(["solve", task, "--replay", cassette] + options)
        #expect(replayed.status == recorded.status, "\(replayed.stderr)")
        let first = try jsonObject(recorded.stdout)
        let second = try jsonObject(replayed.stdout)
        for key in ["decision", "origin", "prompt", "reason", "python", "status"] {
            #expect(String(describing: first[key]) == String(describing: second[key]), "\(key)")
        }
        #expect(first["outputs"] as? [[[String]]] == second["outputs"] as? [[[String]]])
    }

    @Test func benchScoresEveryGateOnTheSameReplies() async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.scripted)
        defer { server.stop() }
        let result = try await Self.benchEveryGate(server)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        let summary = try #require(report["summary"] as? [String: Any])
        let modes = try #require(summary["modes"] as? [[String: Any]])
        #expect(modes.compactMap { $0["gate"] as? String } == Self.gates)
        for mode in modes {
            #expect(mode["scored"] as? Int == 1, "\(mode)")
            #expect(mode["perfect"] as? Int == 1, "\(mode)")
        }
        #expect(modes.first { $0["gate"] as? String == "direct" }?["answersPerfect"] as? Int == 1)
        #expect(modes.first { $0["gate"] as? String == "ensemble" }?["programsPerfect"] as? Int == 1)
    }

    @Test func benchOnTheRandomModelAbstainsUnderEveryGate() async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.random)
        defer { server.stop() }
        let result = try await Self.benchEveryGate(server)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        let modes = try #require((report["summary"] as? [String: Any])?["modes"] as? [[String: Any]])
        #expect(modes.count == Self.gates.count)
        for mode in modes {
            #expect(mode["scored"] as? Int == 1, "\(mode)")
            #expect(mode["abstained"] as? Int == 1, "\(mode)")
        }
    }

    @Test func iterateHandsTheServersVerifiedProgramsToTheTrainCommand() async throws {
        let models = try await TinyModels()
        let server = try await LlamaServer(model: models.scripted)
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let pool = [
            Self.reverseTask("reverse-a", ["abc", "hello"], query: ["stressed"]),
            Self.reverseTask("reverse-b", ["tops", "ward"], query: ["drawer"]),
        ]
        try folder.write("pool.jsonl", pool.joined(separator: "\n") + "\n")
        try folder.write("heldout.jsonl", Self.reverseTask("reverse-c", ["live", "gum"], query: ["stop"]) + "\n")
        // The server cannot load a fine-tuned model, so the "training" names the same one back.
        let script = try folder.write("train.sh", """
            set -e
            cp "$WINNOW_DATA_DIR/train.jsonl" "$WINNOW_OUTPUT_DIR/seen.jsonl" 2>/dev/null || true
            cat "$WINNOW_DATA_DIR/valid.jsonl" >> "$WINNOW_OUTPUT_DIR/seen.jsonl" 2>/dev/null || true
            echo "$WINNOW_MODEL"
            """)
        let result = try await winnow([
            "iterate", "--rounds", "1", "--pool", folder.path("pool.jsonl"), "--eval", folder.path("heldout.jsonl"),
            "--budget", "nodes=6", "-o", folder.path("run"), "--train-cmd", "sh \(script)", "--json",
        ] + Self.modelArguments(server))
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        let rounds = try #require(report["rounds"] as? [[String: Any]])
        #expect(rounds.count == 1)
        #expect(rounds.first?["model"] as? String == LlamaServer.alias)
        #expect(rounds.first?["next_model"] as? String == LlamaServer.alias)
        #expect(rounds.first?["model_solved"] as? Int == 2)
        let seen = try String(contentsOfFile: folder.path("run/round-0/train-output/seen.jsonl"), encoding: .utf8)
        #expect(seen.contains("c[::-1]"))
        #expect(seen.contains(#""origin":"model""#))
    }
}
