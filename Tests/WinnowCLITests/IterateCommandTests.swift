import Foundation
import Testing
import WinnowTestSupport

/// `winnow iterate` as a user runs it: a generated pool and held-out split, the real jail, the
/// real prior training; with a model, the scripted OpenAI-compatible server on loopback and a
/// stand-in fine-tune command written here. Serialized: every run starts a jail pool.
@Suite(.serialized) struct IterateCommandTests {
    /// A small generated pool and held-out split (seeded, so every test sees the same tasks).
    static func tasks() async throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let generated = try await Winnow.run(["generate", "tables", "--seed", "5", "--train", "12", "--heldout", "6", "-o", folder.url.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        return folder
    }

    static func iterate(_ folder: TemporaryFolder, _ extra: [String] = []) async throws -> ProcessOutput {
        try await Winnow.run([
            "iterate", "--pool", folder.path("train.jsonl"), "--eval", folder.path("heldout.jsonl"),
            "--budget", "nodes=8", "-o", folder.path("run"), "--jobs", "2",
        ] + extra)
    }

    static func log(_ folder: TemporaryFolder) throws -> [String: Any] {
        try jsonObject(String(contentsOfFile: folder.path("run/iterate.json"), encoding: .utf8))
    }

    static func rounds(_ log: [String: Any]) -> [[String: Any]] { log["rounds"] as? [[String: Any]] ?? [] }

    static func data(_ folder: TemporaryFolder) throws -> Data {
        try ["train.jsonl", "valid.jsonl"].reduce(into: Data()) { $0 += try Data(contentsOf: URL(fileURLWithPath: folder.path("run/data/\($1)"))) }
    }

    @Test func eachRoundHarvestsVerifiedPipelinesTrainsAPriorAndMeasuresItBesideBothControls() async throws {
        let folder = try await Self.tasks()
        let result = try await Self.iterate(folder, ["--rounds", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")

        let log = try jsonObject(result.stdout)
        let rounds = Self.rounds(log)
        #expect(rounds.map { $0["round"] as? Int } == [0, 1])
        for round in rounds {
            let evaluations = round["evaluations"] as? [[String: Any]] ?? []
            #expect(evaluations.map { $0["name"] as? String } == ["heldout"])
            let arms = evaluations.first?["arms"] as? [String: [String: Any]] ?? [:]
            #expect(Set(arms.keys) == ["trained", "shuffled-labels", "uniform"])
            #expect(arms.values.allSatisfy { $0["tasks"] as? Int == 6 && $0["scored"] as? Int == 6 })
            #expect(arms.values.allSatisfy { ($0["median_expanded"] as? Double ?? 99) <= 8 })
        }
        // Round 0 solves some of the pool within the budget, and every win it harvests is a verified search pipeline.
        let first = try #require(rounds.first)
        let pool = try #require(first["pool"] as? [String: Any])
        #expect((pool["found"] as? Int ?? 0) > 0)
        #expect((first["added"] as? Int ?? 0) > 0)
        #expect((first["training_steps"] as? Int ?? 0) > 0)
        let records = try String(contentsOfFile: folder.path("run/data/train.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try jsonObject(String($0)) }
        #expect(!records.isEmpty)
        #expect(records.allSatisfy { ($0["meta"] as? [String: Any])?["origin"] as? String == "search" })
        #expect(records.allSatisfy { (($0["meta"] as? [String: Any])?["task_id"] as? String ?? "").hasPrefix("synthetic-train-") })

        // Each round's prior is a file `solve --prior` loads.
        for round in 0..<2 {
            #expect(FileManager.default.fileExists(atPath: folder.path("run/round-\(round)/prior.shuffled-labels.json")))
            let solved = try await Winnow.run(["solve", folder.path("heldout.jsonl"), "--prior", folder.path("run/round-\(round)/prior.json"), "--json"])
            #expect([0, 2].contains(solved.status), "\(solved.stderr)")
        }
    }

    @Test func rerunningTheSameCommandResumesAfterTheLastRoundAndAddsNothing() async throws {
        let folder = try await Self.tasks()
        let once = try await Self.iterate(folder, ["--rounds", "1"])
        #expect(once.status == 0, "\(once.stderr)")
        let data = try Self.data(folder)
        let firstRound = try #require(Self.rounds(try Self.log(folder)).first)

        let again = try await Self.iterate(folder, ["--rounds", "1"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.data(folder) == data)
        #expect(Self.rounds(try Self.log(folder)).count == 1)
        #expect(again.stdout == once.stdout)

        // More rounds continue from the saved prior, keeping round 0 as it was.
        let longer = try await Self.iterate(folder, ["--rounds", "2"])
        #expect(longer.status == 0, "\(longer.stderr)")
        let rounds = Self.rounds(try Self.log(folder))
        #expect(rounds.count == 2)
        #expect(NSDictionary(dictionary: rounds[0]).isEqual(to: firstRound))
        #expect(rounds[1]["records"] as? Int ?? 0 >= firstRound["records"] as? Int ?? 0)
    }

    @Test func aFolderHoldingARunWithOtherSettingsIsRefusedAndKept() async throws {
        let folder = try await Self.tasks()
        #expect(try await Self.iterate(folder, ["--rounds", "1"]).status == 0)
        let data = try Self.data(folder)
        let other = try await Winnow.run([
            "iterate", "--pool", folder.path("train.jsonl"), "--eval", folder.path("heldout.jsonl"),
            "--budget", "nodes=20", "-o", folder.path("run"),
        ])
        #expect(other.status == 64, "\(other.stderr)")
        #expect(other.stderr.contains("other settings"), "\(other.stderr)")
        #expect(try Self.data(folder) == data)
    }

    @Test func aTaskInBothThePoolAndAnEvaluationSetIsRefused() async throws {
        let folder = try await Self.tasks()
        let result = try await Winnow.run([
            "iterate", "--pool", folder.path("heldout.jsonl"), "--eval", folder.path("heldout.jsonl"), "-o", folder.path("run"),
        ])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("never train on what you measure"), "\(result.stderr)")
        #expect(!folder.exists("run/data"))
    }

    @Test func badArgumentsAreUsageErrors() async throws {
        let folder = try await Self.tasks()
        for extra in [["--rounds", "0"], ["--budget", "nodes=0"], ["--budget", "seconds=3"], ["--train-cmd", "true"], ["--max-per-task", "0"]] {
            let result = try await Self.iterate(folder, extra)
            #expect(result.status == 64, "\(extra): \(result.stderr)")
        }
        let noEval = try await Winnow.run(["iterate", "--pool", folder.path("train.jsonl"), "-o", folder.path("run")])
        #expect(noEval.status == 64, "\(noEval.stderr)")
        let missing = try await Winnow.run(["iterate", "--pool", folder.path("nope.jsonl"), "--eval", folder.path("heldout.jsonl"), "-o", folder.path("run")])
        #expect(missing.status == 66, "\(missing.stderr)")
    }

    @Test func theTableGoesIntoItsOwnMarkdownSection() async throws {
        let folder = try await Self.tasks()
        let markdown = try folder.write("BENCH.md", "# Benchmarks\n\nkept\n")
        let result = try await Self.iterate(folder, ["--rounds", "1", "--markdown", markdown])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.contains("kept"))
        #expect(text.contains("winnow iterate"))
        #expect(text.contains("shuffled-labels") && text.contains("uniform"))
    }

    // MARK: - The model loop

    /// Upper-cases the names: the program the scripted model writes for every task below.
    static let upperProgram = "```python\ndef transform(table):\n    return [table[0]] + [[row[0].upper()] + row[1:] for row in table[1:]]\n```"

    static func upperTask(_ id: String, _ name: String, _ query: String) -> String {
        #"{"id": "\#(id)", "examples": [{"input": [["name", "age"], ["\#(name)", "31"]], "output": [["name", "age"], ["\#(name.uppercased())", "31"]]}], "queries": [{"input": [["name", "age"], ["\#(query)", "40"]]}], "answers": [[["name", "age"], ["\#(query.uppercased())", "40"]]]}"#
    }

    static func modelServer() throws -> ScriptedOpenAIServer {
        try ScriptedOpenAIServer { request, _ in
            if request.method == "GET" {
                return .init(status: 200, body: #"{"object":"list","data":[{"id":"scripted-4b"},{"id":"scripted-4b-r1"},{"id":"scripted-4b-r2"}]}"#)
            }
            let messages = request.body["messages"] as? [any Sendable] ?? []
            let prompt = (messages.last as? [String: any Sendable])?["content"] as? String ?? ""
            if prompt.contains("Answer with the transformed table only") { return .completion([#"[["name","age"],["x","0"]]"#]) }
            return .completion([Self.upperProgram])
        }
    }

    static func modelTasks() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("pool.jsonl", [Self.upperTask("upper-ann", "Ann", "Bob"), Self.upperTask("upper-cy", "Cy", "Di")].joined(separator: "\n") + "\n")
        try folder.write("heldout.jsonl", Self.upperTask("upper-eve", "Eve", "Flo") + "\n")
        return folder
    }

    /// Records what it was given into its output folder, and names the next model.
    static let trainScript = """
        set -e
        wc -l < "$WINNOW_DATA_DIR/train.jsonl" > "$WINNOW_OUTPUT_DIR/train-lines"
        grep -c '"origin":"model"' "$WINNOW_DATA_DIR/train.jsonl" "$WINNOW_DATA_DIR/valid.jsonl" | paste -sd' ' > "$WINNOW_OUTPUT_DIR/model-records" || true
        echo "$WINNOW_BASE_MODEL $WINNOW_MODEL" > "$WINNOW_OUTPUT_DIR/models"
        echo "training round $WINNOW_ROUND"
        echo "scripted-4b-r$((WINNOW_ROUND + 1))"
        """

    @Test func withAModelAndATrainCommandEachRoundFineTunesAndTheNextSamplesTheModelItNames() async throws {
        let server = try Self.modelServer()
        defer { server.stop() }
        let folder = try Self.modelTasks()
        let script = try folder.write("train.sh", Self.trainScript)
        let result = try await Winnow.run([
            "iterate", "--rounds", "2", "--pool", folder.path("pool.jsonl"), "--eval", folder.path("heldout.jsonl"),
            "--budget", "nodes=8", "-o", folder.path("run"), "--model", server.baseURL.absoluteString, "--model-name", "scripted-4b",
            "--train-cmd", "sh \(script)", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rounds = Self.rounds(try jsonObject(result.stdout))
        #expect(rounds.map { $0["model"] as? String } == ["scripted-4b", "scripted-4b-r1"])
        #expect(rounds.map { $0["next_model"] as? String } == ["scripted-4b-r1", "scripted-4b-r2"])
        #expect(rounds.map { $0["model_solved"] as? Int } == [2, 2])

        // The round's SFT data held the model's verified programs, and the command got its environment.
        let models = try String(contentsOfFile: folder.path("run/round-1/train-output/models"), encoding: .utf8)
        #expect(models == "scripted-4b scripted-4b-r1\n")
        let sft = try String(contentsOfFile: folder.path("run/round-0/sft/train.jsonl"), encoding: .utf8)
            + String(contentsOfFile: folder.path("run/round-0/sft/valid.jsonl"), encoding: .utf8)
        #expect(sft.contains("row[0].upper()"))
        #expect(sft.contains(#""origin":"model""#))
        #expect(try String(contentsOfFile: folder.path("run/round-0/train-cmd.log"), encoding: .utf8).contains("training round 0"))

        // The server saw the first model in round 0 and the fine-tuned one after it.
        let asked = server.requests.filter { $0.method == "POST" }.compactMap { $0.body["model"] as? String }
        #expect(asked.contains("scripted-4b") && asked.contains("scripted-4b-r1"))
        #expect(asked.firstIndex(of: "scripted-4b-r1")! > asked.lastIndex(of: "scripted-4b")!)
        #expect(!asked.contains("scripted-4b-r2"))
    }

    @Test func aFailingTrainCommandStopsTheRunWithExit75AndKeepsTheRoundsBefore() async throws {
        let server = try Self.modelServer()
        defer { server.stop() }
        let folder = try Self.modelTasks()
        let result = try await Winnow.run([
            "iterate", "--rounds", "2", "--pool", folder.path("pool.jsonl"), "--eval", folder.path("heldout.jsonl"),
            "--budget", "nodes=8", "-o", folder.path("run"), "--model", server.baseURL.absoluteString, "--model-name", "scripted-4b",
            "--train-cmd", "echo out of GPU memory >&2; exit 3",
        ])
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("out of GPU memory"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("run/iterate.json")))
        #expect(folder.exists("run/data/train.jsonl") || folder.exists("run/data/valid.jsonl"))

        let silent = try await Winnow.run([
            "iterate", "--rounds", "1", "--pool", folder.path("pool.jsonl"), "--eval", folder.path("heldout.jsonl"),
            "--budget", "nodes=8", "-o", folder.path("silent"), "--model", server.baseURL.absoluteString, "--model-name", "scripted-4b",
            "--train-cmd", "true",
        ])
        #expect(silent.status == 75, "\(silent.stderr)")
        #expect(silent.stderr.contains("printed no model name"), "\(silent.stderr)")
    }

    @Test func aTrainCommandThatPrintsMegabytesOnBothStreamsStillNamesTheNextModel() async throws {
        let server = try Self.modelServer()
        defer { server.stop() }
        let folder = try Self.modelTasks()
        let chatty = #"head -c 400000 /dev/zero | tr '\0' x; echo; head -c 400000 /dev/zero | tr '\0' y >&2; echo scripted-4b-r1"#
        let result = try await Winnow.run([
            "iterate", "--rounds", "1", "--pool", folder.path("pool.jsonl"), "--eval", folder.path("heldout.jsonl"),
            "--budget", "nodes=8", "-o", folder.path("run"), "--model", server.baseURL.absoluteString, "--model-name", "scripted-4b",
            "--train-cmd", chatty, "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.rounds(try jsonObject(result.stdout)).first?["next_model"] as? String == "scripted-4b-r1")
        let log = try String(contentsOfFile: folder.path("run/round-0/train-cmd.log"), encoding: .utf8)
        #expect(log.count > 800_000)
    }
}
