import Foundation
import Testing
import WinnowTestSupport

@Suite("winnow solve on task files")
struct SolveCommandTests {
    @Test func solvingAShippedTaskPrintsTheProgramOneOperatorPerLineAndExitsZero() async throws {
        let run = try await Winnow.run(["solve", Winnow.shippedTask("fill-down-categories")])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("fill-down(column: 0)"))
        #expect(run.stdout.contains("distinct consistent programs found: "))
        // The held-out input, transformed: the blank category cells are filled from above.
        #expect(run.stdout.contains("Toys     Yo-yo"))
        #expect(run.stderr.isEmpty)
    }

    @Test func aMemoryCeilingTheProcessIsAlreadyOverStopsTheSearchWithExitFive() async throws {
        let run = try await Winnow.run(["solve", "--max-memory", "1", Winnow.shippedTask("fill-down-categories")])
        #expect(run.status == 5)
        #expect(run.stdout.contains("memory ceiling (--max-memory) reached"))
        let json = try await Winnow.run(["solve", "--json", "--max-memory", "1", Winnow.shippedTask("fill-down-categories")])
        #expect(json.status == 5)
        #expect(try jsonObject(json.stdout)["status"] as? String == "memory")
        let unlimited = try await Winnow.run(["solve", "--max-memory", "0", Winnow.shippedTask("fill-down-categories")])
        #expect(unlimited.status == 0)
    }

    @Test func logLevelSendsLogLinesToStderrAndLeavesStdoutAlone() async throws {
        let quiet = try await Winnow.run(["solve", "--json", Winnow.shippedTask("fill-down-categories")])
        let logged = try await Winnow.run(["solve", "--json", "--log-level", "debug", Winnow.shippedTask("fill-down-categories")])
        #expect(quiet.stderr.isEmpty)
        #expect(logged.stderr.contains("winnow.solve"))
        #expect(logged.stderr.contains("solved"))
        #expect(try jsonObject(logged.stdout)["program"] as? [String] == ["fill-down(column: 0)"])
    }

    @Test func jsonPrintsExactlyOneObjectWithTheDocumentedFieldsAndTypes() async throws {
        let run = try await Winnow.run(["solve", "--json", Winnow.shippedTask("quarterly-columns-to-rows")])
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").count == 1)
        let object = try jsonObject(run.stdout)
        #expect(object["status"] as? String == "solved")
        #expect(object["task"] as? String == "quarterly-columns-to-rows")
        #expect(object["program"] as? [String] == ["fold-header(from: 1)"])
        #expect((object["consistent_programs"] as? Int ?? 0) >= 1)
        #expect(object["expanded"] is Int)
        #expect(object["ms"] is Double || object["ms"] is Int)
        let outputs = try #require(object["outputs"] as? [[[String]]])
        #expect(outputs.count == 1)
        #expect(outputs.first?.first == ["East", "Q1", "77"])
        #expect(outputs.first?.count == 12)
    }

    @Test func aJSONLFileOfSeveralTasksGivesOneJSONObjectPerLine() async throws {
        let folder = try TemporaryFolder()
        let lines = try ["fill-down-categories", "quarterly-columns-to-rows"].map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: Winnow.shippedTask(name)))
            let object = try JSONSerialization.jsonObject(with: data)
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let file = try folder.write("two.jsonl", lines.joined(separator: "\n") + "\n")
        let run = try await Winnow.run(["solve", "--json", file])
        #expect(run.status == 0)
        let records = try run.stdout.split(separator: "\n").map { try jsonObject(String($0)) }
        #expect(records.map { $0["task"] as? String } == ["fill-down-categories", "quarterly-columns-to-rows"])
        #expect(records.allSatisfy { $0["status"] as? String == "solved" })
    }

    @Test func emittedPythonScriptGivesTheSameHeldOutOutputAsJSON() async throws {
        let task = Winnow.shippedTask("contact-cards-to-rows")
        let script = try await Winnow.run(["solve", "--emit", "python", task])
        #expect(script.status == 0)
        #expect(script.stdout.hasPrefix("#!/usr/bin/env python3\n"))
        let json = try jsonObject(try await Winnow.run(["solve", "--json", task]).stdout)
        let expected = try #require((json["outputs"] as? [[[String]]])?.first)

        let folder = try TemporaryFolder()
        let scriptPath = try folder.write("transform.py", script.stdout)
        let taskObject = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: task))) as? [String: Any])
        let query = try #require(((taskObject["queries"] as? [[String: Any]])?.first)?["input"])
        let python = try await runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", scriptPath], stdin: try JSONSerialization.data(withJSONObject: query))
        #expect(python.status == 0, "python3 failed: \(python.stderr)")
        let actual = try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [[String]]
        #expect(actual == expected)
    }

    @Test func anUnsolvableTaskExitsTwoAndStillReportsItsStatus() async throws {
        let folder = try TemporaryFolder()
        let task = try folder.write("impossible.json", """
            {"id": "impossible", "domain": "table",
             "examples": [{"input": [["a", "b"]], "output": [["zebra"]]}],
             "queries": [{"input": [["c", "d"]]}]}
            """)
        let human = try await Winnow.run(["solve", "--max-nodes", "30", task])
        #expect(human.status == 2)
        #expect(human.stdout.contains("task impossible: no program found"))

        let json = try await Winnow.run(["solve", "--json", "--max-nodes", "30", task])
        #expect(json.status == 2)
        let object = try jsonObject(json.stdout)
        #expect(object["status"] as? String == "unsolved")
        #expect(object["program"] is NSNull)
        #expect((object["outputs"] as? [Any])?.isEmpty == true)

        let emit = try await Winnow.run(["solve", "--emit", "python", "--max-nodes", "30", task])
        #expect(emit.status == 2)
        #expect(emit.stdout.isEmpty)
        #expect(emit.stderrLines.count == 1)
    }

    @Test(arguments: [
        (["solve"], "give a TASK file"),
        (["solve", "task.json", "--input", "a.csv", "--example", "b.csv"], "not both"),
        (["solve", "--input", "a.csv"], "go together"),
        (["solve", "task.json", "--json", "--emit", "python"], "choose one"),
        (["solve", "--input", "a.csv", "--example", "b.csv", "--apply", "c.csv", "--json"], "add -o FILE"),
        (["solve", "task.json", "-o", "out.csv"], "needs --apply"),
    ])
    func conflictingOrMissingArgumentsAreUsageErrors(arguments: [String], message: String) async throws {
        let run = try await Winnow.run(arguments)
        #expect(run.status == 64)
        #expect(run.stderr.contains(message))
        #expect(run.stdout.isEmpty)
    }

    @Test func rootHelpDocumentsEveryExitCode() async throws {
        let run = try await Winnow.run(["--help"])
        #expect(run.status == 0)
        for code in ["0", "2", "64", "65", "66", "70", "73", "78"] {
            #expect(run.stdout.contains("\n  \(code) "), "exit code \(code) missing from help")
        }
    }
}
