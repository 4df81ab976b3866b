import Foundation
import Testing
@testable import WinnowCLI
import WinnowControl
import WinnowTestSupport

/// `winnow harvest` as a user runs it: real `bench` runs on Foofah fixtures, the real jail, and the
/// shipped `docs/finetune/check_harvest.py` re-running every harvested program with python3.
/// Serialized: each harvest starts a jail pool, and the machine has two cores.
@Suite(.serialized) struct HarvestCommandTests {
    /// Two variants of one scenario (one family), a second scenario, and `exp0_33_2`, whose
    /// committed program reproduces the example but not the hidden answer.
    static let cases = ["exp0_10_1.txt", "exp0_10_2.txt", "exp0_12_1.txt", "exp0_33_2.txt"]
    static var checker: String { Winnow.packageRoot.appendingPathComponent("docs/finetune/check_harvest.py").path }

    /// A scratch folder holding the fixture cases in `bench/` and their `bench --results` in `results.jsonl`.
    static func benchRun() async throws -> TemporaryFolder {
        let scratch = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: scratch.path("bench"), withIntermediateDirectories: true)
        for name in cases {
            try FileManager.default.copyItem(
                atPath: Winnow.fixtures.appendingPathComponent("bench/\(name)").path, toPath: scratch.path("bench/\(name)"))
        }
        let bench = try await Winnow.run([
            "bench", scratch.path("bench"), "--results", scratch.path("results.jsonl"), "--max-nodes", "150", "--timeout", "600", "--jobs", "2",
        ])
        #expect(bench.status == 0, "\(bench.stderr)")
        return scratch
    }

    static func harvest(_ scratch: TemporaryFolder, _ extra: [String] = [], runs: [String]? = nil) async throws -> ProcessOutput {
        try await Winnow.run(["harvest"] + (runs ?? [scratch.path("results.jsonl")]) + ["--tasks", scratch.path("bench"), "-o", scratch.path("data"), "--json"] + extra)
    }

    static func records(_ scratch: TemporaryFolder, _ file: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: scratch.path("data/\(file)"), encoding: .utf8)
        return try text.split(separator: "\n").map { try jsonObject(String($0)) }
    }

    @Test func harvestingABenchRunGivesRecordsWhoseProgramsReproduceTheirExample() async throws {
        let scratch = try await Self.benchRun()
        let result = try await Self.harvest(scratch, ["--valid-fraction", "0.5"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try jsonObject(result.stdout)
        #expect(summary["read"] as? Int == 4 && summary["candidates"] as? Int == 4 && summary["verified"] as? Int == 4)

        let all = try Self.records(scratch, "train.jsonl") + Self.records(scratch, "valid.jsonl")
        let programs = all.filter { ($0["meta"] as? [String: Any])?["view"] as? String == "program" }
        #expect(programs.count == 4)
        #expect(all.count == summary["added"] as? Int)
        // Type-stable meta: the same keys with the same JSON types in every row.
        let shapes = Set(all.map { record -> String in
            let meta = record["meta"] as? [String: Any] ?? [:]
            return meta.keys.sorted().map { "\($0)=\(meta[$0] is String ? "string" : meta[$0] is NSNumber ? "number" : "other")" }.joined(separator: ",")
        })
        #expect(shapes.count == 1)
        #expect(shapes.first?.contains("other") == false)
        // Families stay in one file: the two exp0_10 variants share a split.
        let splits = Dictionary(grouping: all) { ($0["meta"] as? [String: Any])?["family"] as? String ?? "" }
            .mapValues { Set($0.compactMap { ($0["meta"] as? [String: Any])?["split"] as? String }) }
        #expect(splits.values.allSatisfy { $0.count == 1 })
        #expect(splits["exp0_10"] != nil)

        let check = try await runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.checker, scratch.path("data")])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("4 programs reproduce their visible example"), "\(check.stdout)")
    }

    @Test func aSecondHarvestOfTheSameRunAddsNothingAndLeavesTheFilesByteIdentical() async throws {
        let scratch = try await Self.benchRun()
        #expect(try await Self.harvest(scratch).status == 0)
        let train = try Data(contentsOf: URL(fileURLWithPath: scratch.path("data/train.jsonl")))
        let valid = try Data(contentsOf: URL(fileURLWithPath: scratch.path("data/valid.jsonl")))
        let again = try await Self.harvest(scratch)
        #expect(again.status == 0, "\(again.stderr)")
        let summary = try jsonObject(again.stdout)
        #expect(summary["added"] as? Int == 0)
        #expect((summary["duplicates"] as? Int ?? 0) > 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("data/train.jsonl"))) == train)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("data/valid.jsonl"))) == valid)
    }

    @Test func aRecordMatchingTheEvaluationSetRefusesTheWholeHarvestAndWritesNothing() async throws {
        let scratch = try await Self.benchRun()
        let result = try await Self.harvest(scratch, ["--eval", scratch.path("bench/exp0_12_1.txt")])
        #expect(result.status == 65)
        #expect(result.stderr.contains("refusing to harvest") && result.stderr.contains("evaluation task exp0_12_1"), "\(result.stderr)")
        #expect(!scratch.exists("data/train.jsonl") && !scratch.exists("data/valid.jsonl"))
    }

    @Test func requireHiddenDropsTheProgramThatFailsItsHiddenAnswer() async throws {
        let scratch = try await Self.benchRun()
        let result = try await Self.harvest(scratch, ["--require-hidden"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try jsonObject(result.stdout)
        #expect(summary["verified"] as? Int == 3)
        #expect(summary["rejected"] as? [String: Int] == ["fails a hidden answer (--require-hidden)": 1])
        let tasks = try Self.records(scratch, "train.jsonl") + Self.records(scratch, "valid.jsonl")
        #expect(!tasks.contains { ($0["meta"] as? [String: Any])?["task_id"] as? String == "exp0_33_2" })
    }

    @Test func duplicatesAndTheCapPerTaskAreCounted() async throws {
        let scratch = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: scratch.path("bench"), withIntermediateDirectories: true)
        try scratch.write("bench/split.json", #"{"id": "split-colon", "examples": [{"input": [["Ann:31"], ["Bob:40"]], "output": [["Ann", "31"], ["Bob", "40"]]}], "queries": [{"input": [["Cy:7"]]}], "answers": [[["Cy", "7"]]]}"#)
        // Two distinct programs that both split at the colon, as `solve --json` prints them.
        let first = #"{"task":"split-colon","status":"solved","program":["split(column: 0, on: \":\", mode: first)"]}"#
        let all = #"{"task":"split-colon","status":"solved","program":["split(column: 0, on: \":\", mode: all)"]}"#
        let run = try scratch.write("solve.jsonl", first + "\n" + all + "\n" + first + "\n")
        let result = try await Self.harvest(scratch, ["--max-per-task", "1"], runs: [run])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try jsonObject(result.stdout)
        // Each verified program gives a program record and the same direct record.
        #expect(summary["records"] as? Int == 6)
        #expect(summary["added"] as? Int == 2)
        #expect(summary["capped"] as? Int == 1)
        #expect(summary["duplicates"] as? Int == 3)
    }

    @Test func searchDecisionsCarryTheCommittedProgramForHarvest() async throws {
        let scratch = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: scratch.path("bench"), withIntermediateDirectories: true)
        try scratch.write("bench/split.json", #"{"id": "split-colon", "examples": [{"input": [["Ann:31"], ["Bob:40"]], "output": [["Ann", "31"], ["Bob", "40"]]}]}"#)
        let episodes = try JSONDecoder().decode([EpisodeResult].self, from: Data("""
            [{"taskID":"split-colon","policy":"heuristic","outcome":"correct","committed":1,"actions":[],"queries":0,"executions":0,
              "reward":1,"poolSize":2,"poolHasCorrect":true,"microseconds":1}]
            """.utf8))
        let chosen = ControlEvaluation.Run(policy: "heuristic", episodes: episodes)
        let pools = ["split-colon": ["transpose()", #"split(column: 0, on: " | ", mode: all) | split(column: 0, on: ":", mode: first)"#]]
        let document = try JSONOutput.encode(SearchDocument(evaluation: ControlEvaluation(runs: [chosen], unscored: []), chosen: chosen, pools: pools))
        let decision = try #require((try jsonObject(document)["decisions"] as? [[String: Any]])?.first)
        #expect(decision["program"] as? [String] == [#"split(column: 0, on: " | ", mode: all)"#, #"split(column: 0, on: ":", mode: first)"#])
        #expect(decision["taskID"] as? String == "split-colon" && decision["committed"] as? Int == 1)

        let run = try scratch.write("search.json", document)
        let result = try await Self.harvest(scratch, [], runs: [run])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try jsonObject(result.stdout)["verified"] as? Int == 1)
    }

    @Test func aModelProgramFromSolveIsHarvestedAsTheModelWroteItWithItsModel() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            switch ModelSolveCommandTests.kind(request).0 {
            case .models: return ModelSolveCommandTests.modelList
            case .direct: return .completion([#"[["name","age"],["bob","40"]]"#])
            case .repair, .program: return .completion([ModelSolveCommandTests.upperProgram])
            }
        }
        defer { server.stop() }
        let scratch = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: scratch.path("bench"), withIntermediateDirectories: true)
        let task = try scratch.write("bench/upper.json", ModelSolveCommandTests.task("upper", example: "Ann", query: "Bob"))
        let solve = try await Winnow.run(["solve", task, "--model", server.baseURL.absoluteString, "--gate", "program", "--json"])
        #expect(solve.status == 0, "\(solve.stderr)")
        let run = try scratch.write("solve.jsonl", solve.stdout)

        let result = try await Self.harvest(scratch, [], runs: [run])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try Self.records(scratch, "train.jsonl") + Self.records(scratch, "valid.jsonl")
        let program = try #require(records.first { ($0["meta"] as? [String: Any])?["view"] as? String == "program" })
        let meta = try #require(program["meta"] as? [String: Any])
        #expect(meta["origin"] as? String == "model" && meta["model"] as? String == "scripted-4b" && meta["pipeline"] as? String == "")
        let turns = try #require(program["messages"] as? [[String: String]])
        #expect(turns.last?["content"] == "```python\ndef transform(table):\n    return [table[0]] + [[row[0].upper()] + row[1:] for row in table[1:]]\n```")
        let check = try await runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.checker, scratch.path("data")])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func malformedRunsAndUnknownTasksFailWithTheirExitCodes() async throws {
        let scratch = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: scratch.path("bench"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Winnow.fixtures.appendingPathComponent("bench/exp0_12_1.txt").path, toPath: scratch.path("bench/exp0_12_1.txt"))
        let malformed = try scratch.write("bad.jsonl", "{\"file\":\"exp0_12_1.txt\",\"task\":\"exp0_12_1\",\"program\":[\"shuffle(column: 4)\"]}\n")
        let bad = try await Self.harvest(scratch, [], runs: [malformed])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("bad.jsonl: line 1: shuffle(column: 4): unknown operator"), "\(bad.stderr)")

        let unknown = try scratch.write("unknown.jsonl", "{\"file\":\"x.txt\",\"task\":\"exp0_99_1\",\"program\":[]}\n")
        let missingTask = try await Self.harvest(scratch, [], runs: [unknown])
        #expect(missingTask.status == 66)
        #expect(missingTask.stderr.contains("task exp0_99_1 is in none of the --tasks files"), "\(missingTask.stderr)")

        #expect(try await Self.harvest(scratch, [], runs: [scratch.path("nope.jsonl")]).status == 66)
        #expect(try await Winnow.run(["harvest", malformed, "-o", scratch.path("data")]).status == 64)
        #expect(!scratch.exists("data"))
    }
}
