import Foundation
import Testing
import WinnowCore

/// Loads a task file written into `folder`, returning the error it throws (nil when it loads).
private func loadError(_ text: String, named name: String = "task.json", in folder: TemporaryFolder) -> WinnowError? {
    let path = folder.write(text, to: name)
    do {
        _ = try TaskFile.load(path, as: Table.self)
        return nil
    } catch {
        return error
    }
}

@Suite struct TaskFileFormatTests {
    @Test func nativeJSONLoadsIdExamplesQueriesAndAnswers() throws {
        let tasks = try TaskFile.load(Fixture.path("native.json"), as: Table.self)
        let task = try #require(tasks.first)
        #expect(tasks.count == 1)
        #expect(task.id == "swap-columns")
        #expect(task.domain == "table")
        #expect(task.examples == [Example<Table>(input: [["a", "b"], ["c", "d"]], output: [["b", "a"], ["d", "c"]])])
        #expect(task.queries == [[["e", "f"]], [["ünï", "cödé"]]])
        #expect(task.answers == [Table([["f", "e"]]), nil])
    }

    @Test func jsonlHoldsSeveralTasksAndSkipsBlankLines() throws {
        let tasks = try TaskFile.load(Fixture.path("several.jsonl"), as: Table.self)
        #expect(tasks.map(\.id) == ["first", "several-3", "third"])
        #expect(tasks.map(\.domain) == ["table", "table", "table"])
        #expect(tasks[0].queries == [[["2"]]])
        #expect(tasks[0].answers == [Table([["2", "2"]])])
        #expect(tasks[1].examples == [Example<Table>(input: [["x", "y"]], output: [["y"]])])
        #expect(tasks[1].queries.isEmpty)
        #expect(tasks[1].answers == nil)
        // A query may be the bare table instead of {"input": table}.
        #expect(tasks[2].queries == [[["b"], [""]]])
    }

    @Test func jsonlWithCRLFLineEndsLoads() throws {
        let folder = TemporaryFolder()
        let line = #"{"id": "t", "examples": [{"input": [["a"]], "output": [["b"]]}]}"#
        let path = folder.write(line + "\r\n\r\n" + line + "\r\n", to: "windows.jsonl")
        let tasks = try TaskFile.load(path, as: Table.self)
        #expect(tasks.count == 2)
    }

    @Test func foofahCaseLoadsAsOneExampleOneQueryAndItsAnswer() throws {
        let tasks = try TaskFile.load(Fixture.path("exp0_10_1.txt"), as: Table.self)
        let task = try #require(tasks.first)
        #expect(tasks.count == 1)
        #expect(task.id == "exp0_10_1")
        #expect(task.domain == "table")
        #expect(task.examples.count == 1)
        #expect(task.examples[0].input.rows == [
            ["Clothing", "Color1", "Color2", "Color3", "Color4", "Color5"],
            ["Shirt", "Red", "Yellow", "Blue", "Green", "Orange"],
        ])
        #expect(task.examples[0].output.rows.first == ["Shirt", "Red"])
        #expect(task.examples[0].output.rowCount == 5)
        #expect(task.queries.count == 1)
        #expect(task.queries[0].rowCount == 6)
        let answers = try #require(task.answers)
        #expect(answers.count == 1)
        #expect(answers[0]?.rowCount == 25)
        #expect(answers[0]?.rows.last == ["Shoes", "Yellow"])
    }

    @Test func foofahPlaceholderAnswerBecomesAMissingAnswer() throws {
        let task = try #require(try TaskFile.load(Fixture.path("exp0_3_1.txt"), as: Table.self).first)
        #expect(task.id == "exp0_3_1")
        #expect(task.queries.count == 1)
        #expect(task.answers == [nil])
    }

    @Test func foofahCaseWithoutTestingTableHasNoQueries() throws {
        let folder = TemporaryFolder()
        let path = folder.write(#"{"InputTable": [["a"]], "OutputTable": [["a", "a"]]}"#, to: "case.txt")
        let task = try #require(try TaskFile.load(path, as: Table.self).first)
        #expect(task.id == "case")
        #expect(task.queries.isEmpty)
        #expect(task.answers == nil)
    }

    @Test func nativeTaskWithoutIdUsesTheFileName() throws {
        let folder = TemporaryFolder()
        let path = folder.write(#"{"examples": [{"input": [["a"]], "output": [["b"]]}]}"#, to: "unnamed.json")
        let task = try #require(try TaskFile.load(path, as: Table.self).first)
        #expect(task.id == "unnamed")
        #expect(task.domain == "table")
    }

    @Test func writtenTaskJSONLoadsBackEqual() throws {
        let task = SynthesisTask<Table>(
            id: "round-trip", domain: "table",
            examples: [Example<Table>(input: [["1", "2"], ["3"]], output: [["1"], ["3"]])],
            queries: [[["x", "y"]], [["日本", ""]]],
            answers: [Table([["x"]]), nil])
        let data = try JSONSerialization.data(withJSONObject: task.jsonObject, options: [.sortedKeys])
        let folder = TemporaryFolder()
        let path = folder.write(data, to: "round-trip.json")
        let loaded = try #require(try TaskFile.load(path, as: Table.self).first)
        #expect(loaded.id == task.id)
        #expect(loaded.domain == task.domain)
        #expect(loaded.examples == task.examples)
        #expect(loaded.queries == task.queries)
        #expect(loaded.answers == task.answers)
    }
}

@Suite struct TaskFileErrorTests {
    @Test func malformedJSONNamesTheFile() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError(#"{"examples": [ "#, named: "broken.json", in: folder))
        #expect(error.kind == .badInput)
        #expect(error.file?.hasSuffix("broken.json") == true)
        #expect(error.description.contains("broken.json"))
        #expect(error.message.contains("malformed JSON"))
    }

    @Test func emptyFileIsRejected() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError("", named: "empty.json", in: folder))
        #expect(error.kind == .badInput)
        #expect(error.description.contains("empty.json"))
        #expect(error.message.contains("empty"))
    }

    @Test func whitespaceOnlyFileIsRejected() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError("  \n\n", in: folder))
        #expect(error.kind == .badInput)
    }

    @Test func jsonlOfOnlyBlankLinesHoldsNoTask() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError("\n\n", named: "blank.jsonl", in: folder))
        #expect(error.kind == .badInput)
        #expect(error.message.contains("no task"))
    }

    @Test func missingExamplesKeyIsNamed() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError(#"{"id": "x", "queries": []}"#, in: folder))
        #expect(error.kind == .badInput)
        #expect(error.message == #"missing key "examples""#)
    }

    @Test func emptyExamplesListIsRejected() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError(#"{"examples": []}"#, in: folder))
        #expect(error.kind == .badInput)
        #expect(error.message.contains("non-empty"))
    }

    @Test func exampleWithoutInputIsNamed() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError(#"{"examples": [{"output": [["a"]]}]}"#, in: folder))
        #expect(error.kind == .badInput)
        #expect(error.message == #"examples[0] is missing key "input""#)
    }

    @Test func exampleWithoutOutputIsNamed() throws {
        let folder = TemporaryFolder()
        let text = #"{"examples": [{"input": [["a"]], "output": [["a"]]}, {"input": [["b"]]}]}"#
        let error = try #require(loadError(text, in: folder))
        #expect(error.message == #"examples[1] is missing key "output""#)
    }

    @Test func numberCellIsReportedWithItsRowAndCell() throws {
        let folder = TemporaryFolder()
        let text = #"{"examples": [{"input": [["a", "b"], ["c", 4]], "output": [["a"]]}]}"#
        let error = try #require(loadError(text, in: folder))
        #expect(error.kind == .badInput)
        #expect(error.message.contains("examples[0].input row 1 cell 1"))
        #expect(error.message.contains("must be a string"))
    }

    @Test func nullCellInAnOutputIsReportedWithItsRowAndCell() throws {
        let folder = TemporaryFolder()
        let text = #"{"examples": [{"input": [["a"]], "output": [[null]]}]}"#
        let error = try #require(loadError(text, in: folder))
        #expect(error.message.contains("examples[0].output row 0 cell 0 is null"))
    }

    @Test func rowThatIsNotAListIsReported() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError(#"{"examples": [{"input": ["a"], "output": [["a"]]}]}"#, in: folder))
        #expect(error.message.contains("examples[0].input row 0 must be a list of cells"))
    }

    @Test(arguments: ["[]", "[[]]", "[[], []]"])
    func emptyTableIsRejected(_ input: String) throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError(#"{"examples": [{"input": \#(input), "output": [["a"]]}]}"#, in: folder))
        #expect(error.kind == .badInput)
        #expect(error.message == "examples[0].input is an empty table")
    }

    @Test func answersCountMustMatchQueries() throws {
        let folder = TemporaryFolder()
        let text = #"{"examples": [{"input": [["a"]], "output": [["a"]]}], "queries": [{"input": [["b"]]}], "answers": [[["b"]], [["c"]]]}"#
        let error = try #require(loadError(text, in: folder))
        #expect(error.kind == .badInput)
        #expect(error.message == #""answers" has 2 entries but "queries" has 1"#)
    }

    @Test func topLevelListIsNotATask() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError("[1, 2]", in: folder))
        #expect(error.kind == .badInput)
        #expect(error.message.contains("must be a JSON object"))
    }

    @Test func foofahCaseWithoutOutputTableIsNamed() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError(#"{"InputTable": [["a"]]}"#, named: "exp.txt", in: folder))
        #expect(error.kind == .badInput)
        #expect(error.message == #"missing key "OutputTable""#)
    }

    @Test func badTaskInAJSONLFileNamesItsLine() throws {
        let folder = TemporaryFolder()
        let good = #"{"examples": [{"input": [["a"]], "output": [["b"]]}]}"#
        let error = try #require(loadError(good + "\n\n" + #"{"id": "no-examples"}"# + "\n", named: "many.jsonl", in: folder))
        #expect(error.kind == .badInput)
        #expect(error.file?.hasSuffix("many.jsonl:3") == true)
        #expect(error.message == #"missing key "examples""#)
    }

    @Test func malformedLineInAJSONLFileNamesItsLine() throws {
        let folder = TemporaryFolder()
        let good = #"{"examples": [{"input": [["a"]], "output": [["b"]]}]}"#
        let error = try #require(loadError(good + "\n{oops\n", named: "many.jsonl", in: folder))
        #expect(error.file?.hasSuffix("many.jsonl:2") == true)
        #expect(error.message.contains("malformed JSON"))
    }

    @Test func textThatIsNotJSONIsBadInput() throws {
        let folder = TemporaryFolder()
        let error = try #require(loadError("hello, world\n", named: "notes.txt", in: folder))
        #expect(error.kind == .badInput)
        #expect(error.message.contains("malformed JSON"))
    }

    @Test func directoryInsteadOfAFileIsMissingInput() throws {
        let folder = TemporaryFolder()
        let error = #expect(throws: WinnowError.self) { try TaskFile.load(folder.path, as: Table.self) }
        #expect(error?.kind == .missingInput)
        #expect(error?.file == folder.path)
        #expect(error?.message.contains("directory") == true)
    }

    @Test func missingFileIsMissingInput() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("nowhere.json").path
        let error = #expect(throws: WinnowError.self) { try TaskFile.load(path, as: Table.self) }
        #expect(error?.kind == .missingInput)
        #expect(error?.file == path)
        #expect(error?.message == "no such file")
        #expect(error?.exitCode == ExitStatus.missingInput)
    }
}
