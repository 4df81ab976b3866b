import Testing
import WinnowCore
@testable import WinnowModel

struct PromptTemplateTests {
    static let tableValues: [String: String] = [
        "example_input": PromptTemplate.render([["a", "b"]]), "example_output": PromptTemplate.render([["b", "a"]]),
        "input": PromptTemplate.render([["c", "d"]]),
    ]

    @Test(arguments: ["direct"] + PromptSet.ensemble)
    func everyShippedTablePromptFillsCompletely(_ name: String) throws {
        let prompt = try PromptTemplate.shipped(name)
        #expect(prompt.placeholders == ["example_input", "example_output", "input"])
        let text = try prompt.fill(Self.tableValues)
        #expect(!text.contains("{{"))
        #expect(text.contains(#"["c","d"]"#))
    }

    @Test func theRepairPromptCarriesTheProgramWhatItDidAndTheDiff() throws {
        let prompt = try PromptTemplate.shipped("repair")
        #expect(prompt.placeholders == ["diff", "example_input", "example_output", "observed", "program"])
        let text = try prompt.fill([
            "example_input": "[]", "example_output": "[]", "program": "def transform(t): return t",
            "observed": "IndexError", "diff": "row 0 cell 1",
        ])
        #expect(text.contains("def transform(t): return t") && text.contains("IndexError") && text.contains("row 0 cell 1"))
    }

    @Test func theEnsembleHasAtLeastThreeProgramVariants() throws {
        #expect(PromptSet.ensemble.count >= 3)
        let texts = try PromptSet.ensemble.map { try PromptTemplate.shipped($0).text }
        #expect(Set(texts).count == texts.count)
    }

    @Test func aMissingOrUnknownValueIsAnError() throws {
        let prompt = PromptTemplate(name: "t.md", text: "A {{x}} and {{y}}")
        #expect(throws: WinnowError.self) { try prompt.fill(["x": "1"]) }
        #expect(throws: WinnowError.self) { try prompt.fill(["x": "1", "y": "2", "z": "3"]) }
        #expect(try prompt.fill(["x": "1", "y": "2"]) == "A 1 and 2")
    }

    @Test func anUnknownShippedPromptIsMissingInput() {
        #expect(throws: WinnowError.self) { try PromptTemplate.shipped("no-such-prompt") }
    }

    @Test func tablesRenderAsCompactJSONOneRowPerLine() {
        #expect(PromptTemplate.render([["a", "b/c"], ["\"q\"", "é"]]) == "[\n  [\"a\",\"b/c\"],\n  [\"\\\"q\\\"\",\"é\"]\n]")
    }
}
