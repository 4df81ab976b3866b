import WinnowCore
import WinnowModel

/// The assistant turns of harvested records, in the formats the model channel's parsers read.
enum AssistantTurn {
    /// A program as the `program` prompt asks for it: one ```python block and nothing else, which
    /// `ProgramExtractor` reads as its first candidate. The fence is longer than any run of
    /// backticks in the source, so a ``` inside a string literal cannot close it.
    static func program(_ source: String) -> String {
        var longest = 0
        var run = 0
        for character in source {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "python\n" + source + fence
    }

    /// A direct answer as the `direct` prompt asks for it: the table alone, as a JSON list of rows
    /// laid out the way prompts show tables. `TableExtractor` reads it as bare JSON, with no repair.
    static func direct(_ table: Table) -> String {
        PromptTemplate.render(table)
    }
}
