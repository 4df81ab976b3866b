import WinnowCore

/// The table prompts the model channel sends, filled in one place.
///
/// The proposer asks the model with these, and harvest writes them as the user turns of training
/// records; training on exactly what the model is later asked is the point of harvesting, so both
/// call this rather than fill the files themselves.
public enum TablePrompts {
    /// Rows of the held-out input a program prompt shows: enough to show its shape.
    public static let previewRows = 30
    /// A held-out input rendered longer than this is not sent for a direct answer: a 4B model
    /// cannot copy tens of thousands of characters faithfully, and the reply would not fit anyway.
    public static let maxDirectCharacters = 32_000

    /// A program prompt (`program`, `program-steps`, …): the visible example, and the shape of the
    /// held-out input the program will meet (the example input when there is none).
    public static func program(
        _ name: String, example: Example<Table>, query: Table?, previewRows: Int = previewRows
    ) throws(WinnowError) -> String {
        try PromptTemplate.shipped(name).fill([
            "example_input": PromptTemplate.render(example.input),
            "example_output": PromptTemplate.render(example.output),
            "input": query.map { PromptTemplate.render($0, maxRows: previewRows) } ?? PromptTemplate.render(example.input),
        ])
    }

    /// The `direct` prompt for a query already rendered with `PromptTemplate.render` (the caller
    /// renders it once to decide whether it is short enough to ask about).
    public static func direct(example: Example<Table>, renderedQuery: String) throws(WinnowError) -> String {
        try PromptTemplate.shipped("direct").fill([
            "example_input": PromptTemplate.render(example.input),
            "example_output": PromptTemplate.render(example.output),
            "input": renderedQuery,
        ])
    }

    /// The `repair` prompt: the failing program, what it did on the example, and where its output differs.
    public static func repair(program: String, observed: String, diff: String, example: Example<Table>) throws(WinnowError) -> String {
        try PromptTemplate.shipped("repair").fill([
            "example_input": PromptTemplate.render(example.input),
            "example_output": PromptTemplate.render(example.output),
            "program": program,
            "observed": observed,
            "diff": diff,
        ])
    }
}
