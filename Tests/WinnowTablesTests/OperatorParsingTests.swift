import Testing
import WinnowCore
import WinnowTables

/// `TableOperator(parsing:)` is the exact inverse of `description`: results files, `solve --json`
/// and harvested records store programs as those lines, and harvest reads them back.
@Suite struct OperatorParsingTests {
    @Test func everyOperatorInThePoolReadsBackFromItsDescription() throws {
        for op in PythonExportTests.operatorPool {
            let parsed = try TableOperator(parsing: op.description)
            #expect(parsed == op, "\(op.description)")
            #expect(parsed.description.unicodeScalars.elementsEqual(op.description.unicodeScalars))
        }
    }

    @Test func everyOperatorNameIsCovered() {
        let names = Set(PythonExportTests.operatorPool.map(\.name))
        #expect(names == PythonExportTests.operatorNames)
    }

    @Test(arguments: [
        TableOperator.merge(column: 0, separator: "a \"quoted\" \\ back\nslash\r\t end"),
        .split(column: 2, delimiter: " | ", mode: .runs),
        .divide(column: 1, by: .containing("say \"hi\", then\\")),
        .divide(column: 0, by: .containing(")")),
        .split(column: 0, delimiter: "価格😀", mode: .first),
        .merge(column: 1, separator: "e\u{301}"),
    ])
    func quotedStringsKeepEveryEscapeAndScalar(_ op: TableOperator) throws {
        let parsed = try TableOperator(parsing: op.description)
        #expect(parsed == op)
        #expect(parsed.description.unicodeScalars.elementsEqual(op.description.unicodeScalars))
    }

    @Test func extractPatternsReadBackFromTheirRegex() throws {
        for pattern in PythonExportTests.patterns {
            let parsed = try ExtractPattern(regex: pattern.regex)
            #expect(parsed == pattern, "\(pattern.regex)")
        }
    }

    @Test func pipelinesReadBackLineByLineAndIdentityIsEmpty() throws {
        let pipeline = Pipeline([.split(column: 0, delimiter: ":", mode: .all), .fillDown(column: 1), .transpose])
        #expect(try Pipeline(parsing: pipeline.steps.map(\.description)) == pipeline)
        #expect(try Pipeline(parsing: []) == Pipeline([]))
        #expect(try Pipeline(parsing: ["identity()"]) == Pipeline([]))
    }

    @Test(arguments: [
        "shuffle(column: 1)",
        "drop(column: x)",
        "drop(col: 1)",
        "drop(column: 1",
        "drop(column: 1) extra",
        "drop(column: 1, to: 2)",
        "move(column: 1)",
        "merge(column: 1, with: 3, separator: \"\")",
        "split(column: 1, on: \":\", mode: sometimes)",
        "split(column: 1, on: \"unterminated, mode: all)",
        "split(column: 1, on: \"\\q\", mode: all)",
        "divide(column: 1, by: vowels)",
        "extract(column: 0, pattern: \"[0-9]+\")",
        "extract(column: 0, pattern: \"([0-9]*)\")",
        "extract(column: 0, pattern: \"(a\")",
        "extract(column: 0, pattern: \"-([0-9]+)\")",
    ])
    func malformedLinesAreRefusedAsBadInput(_ line: String) {
        let error = #expect(throws: WinnowError.self) { try TableOperator(parsing: line) }
        #expect(error?.kind == .badInput)
        #expect(error.map { $0.message.contains(line) || $0.message.hasPrefix("extract pattern") } == true, "\(String(describing: error))")
    }
}
