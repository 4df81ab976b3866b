import WinnowCore
import WinnowModel

/// The user turns of harvested records: the prompts the model channel would send for a task, from
/// the same `TablePrompts` the proposer fills them with.
public enum ChannelPrompts {
    /// The main program prompt for a task: its first visible example, and the shape of its first
    /// held-out input (or of the example input when it has none).
    public static func program(for task: SynthesisTask<Table>) throws(WinnowError) -> String? {
        guard let example = task.examples.first else { return nil }
        return try TablePrompts.program(PromptSet.main, example: example, query: task.queries.first)
    }

    /// The `direct` prompt asking for `query` transformed as `example` shows; nil when the channel
    /// would not ask (the table is too long for a small model to copy).
    public static func direct(example: Example<Table>, query: Table) throws(WinnowError) -> String? {
        let rendered = PromptTemplate.render(query)
        guard rendered.count <= TablePrompts.maxDirectCharacters else { return nil }
        return try TablePrompts.direct(example: example, renderedQuery: rendered)
    }
}
