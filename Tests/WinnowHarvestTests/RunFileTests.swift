import Foundation
import Testing
import WinnowTestSupport
import WinnowCore
@testable import WinnowHarvest
import WinnowTables

/// Reading what `bench`, `solve` and `search` write, and finding the tasks they name.
@Suite struct RunFileTests {
    static let taskLine = #"{"id": "split-colon", "family": "colons", "examples": [{"input": [["Ann:31"]], "output": [["Ann", "31"]]}]}"#

    @Test func benchResultsGiveOnePipelinePerCommittedCase() throws {
        let scratch = try TemporaryFolder()
        let path = try scratch.write("results.jsonl", """
            {"consistent":3,"expanded":10,"file":"a.json","ms":1.5,"outcome":"solved","program":["split(column: 0, on: \\":\\", mode: first)"],"scenario":"a","status":"unscored","task":"split-colon"}
            {"consistent":0,"expanded":10,"file":"b.json","ms":1.5,"outcome":"unsolved","program":null,"scenario":"b","status":"none","task":"other"}
            {"consistent":1,"expanded":1,"file":"c.json","ms":0.1,"outcome":"solved","program":[],"scenario":"c","status":"perfect","task":"same"}

            """)
        let entries = try RunFile.read(path)
        #expect(entries.map(\.taskID) == ["split-colon", "other", "same"])
        #expect(entries[0].program == .pipeline(HarvestFixtures.splitPipeline))
        #expect(entries[0].file == "a.json" && entries[0].origin == "search" && entries[0].model == "")
        #expect(entries[1].program == nil)
        #expect(entries[2].program == .pipeline(Pipeline([])))
    }

    @Test func solveRecordsGivePipelinesAndModelProgramsWithTheirModel() throws {
        let scratch = try TemporaryFolder()
        let script = "#!/usr/bin/env python3\\n# A table transformation committed by Winnow after it reproduced the example in the jail.\\n# Usage: python3 transform.py\\n\\ndef transform(t):\\n    return t\\n\\n\\ndef _winnow_main(arguments):\\n    return 0\\n"
        let path = try scratch.write("solve.jsonl", """
            {"task":"a","status":"solved","program":["transpose()"],"outputs":[]}
            {"task":"b","status":"solved","origin":"model-program","program":null,"python":"\(script)","model":{"name":"qwen3-4b"}}
            {"task":"c","status":"answered","origin":"model-direct","program":null,"python":null,"model":{"name":"qwen3-4b"}}
            {"task":"d","status":"unsolved","program":null}
            """)
        let entries = try RunFile.read(path)
        #expect(entries.map(\.taskID) == ["a", "b", "c", "d"])
        #expect(entries[0].program == .pipeline(Pipeline([.transpose])))
        #expect(entries[1].program == .python("def transform(t):\n    return t\n"))
        #expect(entries[1].origin == "model" && entries[1].model == "qwen3-4b")
        #expect(entries[2].program == nil && entries[3].program == nil)
    }

    @Test func searchDecisionsGiveTheCommittedPipeline() throws {
        let scratch = try TemporaryFolder()
        let path = try scratch.write("search.json", """
            {"summary":{},"policies":[],"unscored":[],"decisions":[\
            {"taskID":"a","policy":"heuristic","outcome":"correct","committed":1,"program":["fill-down(column: 0)","drop(column: 1)"]},\
            {"taskID":"b","policy":"heuristic","outcome":"abstained","program":null}]}
            """)
        let entries = try RunFile.read(path)
        #expect(entries.map(\.taskID) == ["a", "b"])
        #expect(entries[0].program == .pipeline(Pipeline([.fillDown(column: 0), .drop(column: 1)])))
        #expect(entries[1].program == nil)
    }

    @Test(arguments: [
        ("", "is empty"),
        ("{\"task\": \"a\"\n", "line 1: malformed JSON"),
        ("{\"file\":\"a.json\",\"task\":\"a\",\"program\":[\"shuffle(column: 1)\"]}", "line 1: shuffle(column: 1): unknown operator"),
        ("{\"file\":\"a.json\",\"task\":\"a\",\"program\":\"drop(column: 1)\"}", "\"program\" must be a list"),
        ("{\"task\":\"a\",\"status\":\"solved\",\"origin\":\"model-program\"}", "without \"python\""),
        ("{\"task\":\"a\"}", "not a bench, solve or search result"),
        ("{\"file\":\"a.json\",\"task\":\"a\",\"modes\":[]}", "harvest `solve --model --json` output instead"),
        ("{\"decisions\":[{\"taskID\":\"a\",\"committed\":0}]}", "predates program text"),
        ("[1, 2]", "expected a JSON object"),
    ])
    func malformedRunFilesAreBadInputNamingTheFileAndRecord(_ text: String, _ message: String) throws {
        let scratch = try TemporaryFolder()
        let path = try scratch.write("run.jsonl", text)
        let error = #expect(throws: WinnowError.self) { try RunFile.read(path) }
        #expect(error?.kind == .badInput)
        #expect(error?.file == path)
        #expect(error?.message.contains(message) == true, "\(String(describing: error?.message))")
    }

    @Test func aMissingRunFileIsAMissingInput() {
        let error = #expect(throws: WinnowError.self) { try RunFile.read("/nonexistent/run.jsonl") }
        #expect(error?.kind == .missingInput)
    }

    @Test func tasksAreFoundByIDWithTheirDeclaredFamily() throws {
        let scratch = try TemporaryFolder()
        try scratch.write("tasks.jsonl", Self.taskLine + "\n")
        let foofah = HarvestFixtures.packageRoot.appendingPathComponent("Tests/WinnowCLITests/Fixtures/bench").path
        let catalog = try TaskCatalog(paths: [scratch.path("tasks.jsonl"), foofah])
        let run = RunEntry(taskID: "split-colon", file: nil, program: nil, origin: "search", model: "", location: "line 1")
        #expect(try catalog.entry(for: run, in: "r").family == "colons")
        let variant = RunEntry(taskID: "exp0_10_2", file: "exp0_10_2.txt", program: nil, origin: "search", model: "", location: "line 2")
        let found = try catalog.entry(for: variant, in: "r")
        #expect(found.family == "exp0_10" && found.file == "exp0_10_2.txt")
    }

    @Test func aTaskInNoTaskFileIsAMissingInputNamingTheRunRecord() throws {
        let scratch = try TemporaryFolder()
        try scratch.write("tasks.jsonl", Self.taskLine + "\n")
        let catalog = try TaskCatalog(paths: [scratch.path("tasks.jsonl")])
        let run = RunEntry(taskID: "nowhere", file: nil, program: nil, origin: "search", model: "", location: "line 7")
        let error = #expect(throws: WinnowError.self) { try catalog.entry(for: run, in: "run.jsonl") }
        #expect(error?.kind == .missingInput)
        #expect(error?.description == "run.jsonl: line 7: task nowhere is in none of the --tasks files")
    }
}
