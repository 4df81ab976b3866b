import Testing
import WinnowCore
@testable import WinnowModel

/// Direct answers as small models write them, and the table (or outcome) each must give, with the
/// repairs that were needed recorded rather than hidden.
struct TableExtractorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var output: String
        var table: Table?
        var repairs: [String] = []
        var outcome: String = "table"
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "bare JSON", output: #"[["a", "b"], ["c", "d"]]"#, table: [["a", "b"], ["c", "d"]]),
        Case(name: "JSON in a json fence", output: "```json\n[[\"a\"], [\"b\"]]\n```", table: [["a"], ["b"]], repairs: ["from a ```json block"]),
        Case(name: "JSON in an untagged fence with prose", output: "The output is:\n```\n[[\"x\"]]\n```\nDone.", table: [["x"]], repairs: ["from a ``` block"]),
        Case(name: "JSON inside prose, no fence", output: "Result: [[\"1\", \"2\"]] as requested.", table: [["1", "2"]], repairs: ["a table inside prose"]),
        Case(name: "input restated, then the answer: the last one wins",
             output: "Input: [[\"a\", \"b\"]]\nOutput: [[\"b\", \"a\"]]", table: [["b", "a"]], repairs: ["the last of 2 tables in the text"]),
        Case(name: "numbers and booleans where strings belong",
             output: #"[["id", "n"], [1, 2.5], [true, null]]"#, table: [["id", "n"], ["1", "2.5"], ["true", ""]],
             repairs: ["cells that were not strings were converted"]),
        Case(name: "rows wrapped in an object", output: #"{"output": [["a"]]}"#, table: [["a"]], repairs: ["the rows under \"output\""]),
        Case(name: "brackets inside strings do not confuse the scan",
             output: #"Answer: [["a]b", "c[d"], ["\"]", "e"]]"#, table: [["a]b", "c[d"], ["\"]", "e"]], repairs: ["a table inside prose"]),
        Case(name: "ragged rows are kept as written", output: #"[["a", "b"], ["c"]]"#, table: [["a", "b"], ["c"]]),
        Case(name: "think block then the answer", output: "<think>maybe [[\"wrong\"]]</think>\n[[\"right\"]]", table: [["right"]]),
        Case(name: "non-ASCII cells", output: #"[["São Paulo", "東京"]]"#, table: [["São Paulo", "東京"]]),
        Case(name: "truncated JSON", output: #"[["a", "b"], ["c", "#, table: nil, outcome: "noTable"),
        Case(name: "unclosed think block", output: "<think>the table has", table: nil, outcome: "truncatedInThink"),
        Case(name: "empty output", output: "", table: nil, outcome: "noTable"),
        Case(name: "a refusal", output: "I cannot transform this table.", table: nil, outcome: "noTable"),
        Case(name: "a flat list is not a table", output: #"["a", "b"]"#, table: nil, outcome: "noTable"),
        Case(name: "an object without rows", output: #"{"answer": "yes"}"#, table: nil, outcome: "noTable"),
        Case(name: "Python literals are not JSON", output: "[['a', 'b']]", table: nil, outcome: "noTable"),
    ]

    @Test(arguments: cases)
    func readsTheTableAModelWrote(_ example: Case) {
        switch TableExtractor.extract(example.output) {
        case .table(let answer):
            #expect(example.outcome == "table", "read \(answer.table.rows) from \(example.name)")
            #expect(answer.table == example.table)
            #expect(answer.repairs == example.repairs)
        case .truncatedInThink:
            #expect(example.outcome == "truncatedInThink")
        case .noTable(let why):
            #expect(example.outcome == "noTable", "no table: \(why)")
        }
    }

    /// Each unreadable reply says what was actually there: prose, an empty list, a list of
    /// scalars, an object without rows, or bracketed text that is not JSON.
    @Test(arguments: [
        ("I cannot transform this table.", "no JSON in the output"),
        ("Sure ]] here } it is", "no JSON in the output"),
        ("[  ]", "an empty list"),
        ("The answer is: []", "an empty list"),
        (#"{"output": []}"#, "an empty list under \"output\""),
        (#"["a", "b"]"#, "a JSON list, but not a list of rows (each row must be a list of cells)"),
        (#"{"answer": "yes"}"#, "a JSON object with no list of rows in it"),
        (#"{"a": [["x"]], "b": [["y"]]}"#, "a JSON object with 2 lists (which one is the table?)"),
        (#"[[["nested"]]]"#, "a list of rows with cells that are lists or objects, not strings"),
        ("[['a', 'b']]", "bracketed text that is not valid JSON (single quotes or Python literals?)"),
    ])
    func anUnreadableReplySaysWhatWasWrong(_ output: String, _ reason: String) {
        #expect(TableExtractor.extract(output) == .noTable(reason))
    }

    @Test func truncatedJSONSaysSo() {
        #expect(TableExtractor.extract(#"[["a", "b"], ["c"#) == .noTable("the JSON is cut off (the output hit its token limit?)"))
    }
}
