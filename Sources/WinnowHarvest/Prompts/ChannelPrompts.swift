import WinnowCore
import WinnowModel

/// The user turns of harvested records: the prompts the model channel sends, filled from the
/// shipped prompt files with the same values `ModelProposer` fills them with.
///
/// Training on exactly what the model is later asked is the point of harvesting, so the text comes
/// from the same files and the same `PromptTemplate.render` calls; a test asks `ModelProposer` itself
/// for its prompts and checks these against them, so the two cannot drift apart.
public enum ChannelPrompts {
    /// Rows of the held-out input a program prompt shows (`ModelProposer.previewRows`).
    static let previewRows = 30
    /// The longest rendered table the channel asks a direct answer for (`ModelProposer.maxDirectCharacters`).
    static let maxDirectCharacters = 32_000

    /// The `program` prompt for a task: its first visible example, and the shape of its first
    /// held-out input (or of the example input when it has none).
    public static func program(for task: SynthesisTask<Table>) throws(WinnowError) -> String? {
        guard let example = task.examples.first else { return nil }
        return try PromptTemplate.shipped(PromptSet.main).fill([
            "example_input": PromptTemplate.render(example.input),
            "example_output": PromptTemplate.render(example.output),
            "input": task.queries.first.map { PromptTemplate.render($0, maxRows: previewRows) } ?? PromptTemplate.render(example.input),
        ])
    }

    /// The `direct` prompt asking for `query` transformed as `example` shows; nil when the channel
    /// would not ask (the table is too long for a small model to copy).
    public static func direct(example: Example<Table>, query: Table) throws(WinnowError) -> String? {
        let rendered = PromptTemplate.render(query)
        guard rendered.count <= maxDirectCharacters else { return nil }
        return try PromptTemplate.shipped("direct").fill([
            "example_input": PromptTemplate.render(example.input),
            "example_output": PromptTemplate.render(example.output),
            "input": rendered,
        ])
    }
}
