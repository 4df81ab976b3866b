import WinnowCore

/// A frozen evaluation set, for refusing harvested records that would leak it into training.
///
/// A record leaks when its prompt is one the channel would send for an evaluation task, or when it
/// shows or answers with a table of an evaluation task (a visible example, a held-out input, a
/// hidden answer): then the model would be trained on what it is measured on. Tables with at most
/// one non-empty cell are too common to mean anything and are not compared.
public struct EvaluationSet: Sendable {
    /// Evaluation task id by prompt hash, and by table (as compact JSON) with the table's role.
    private var prompts: [String: String] = [:]
    private var tables: [String: (task: String, role: String)] = [:]

    public init(tasks: [SynthesisTask<Table>]) {
        for task in tasks {
            for prompt in Self.prompts(of: task) where prompts[SHA256.hex(prompt)] == nil {
                prompts[SHA256.hex(prompt)] = task.id
            }
            var roles: [(Table, String)] = []
            for example in task.examples {
                roles += [(example.input, "a visible example input"), (example.output, "a visible example output")]
            }
            roles += task.queries.map { ($0, "a held-out input") }
            roles += (task.answers ?? []).compactMap { $0 }.map { ($0, "a hidden answer") }
            for (table, role) in roles where Self.isDistinctive(table) && tables[TableJSON.encode(table)] == nil {
                tables[TableJSON.encode(table)] = (task.id, role)
            }
        }
    }

    public var isEmpty: Bool { prompts.isEmpty && tables.isEmpty }

    /// Why the record leaks the evaluation set, naming the evaluation task; nil when it does not.
    public func leak(in record: HarvestRecord) -> String? {
        let meta = record.meta
        let what = "the \(meta.view) record of task \(meta.taskID)"
        if let task = prompts[meta.promptSHA256] {
            return "\(what) has the prompt of evaluation task \(task)"
        }
        for table in [meta.exampleInput, meta.exampleOutput, meta.checkInput, meta.checkOutput] {
            if let (task, role) = tables[table] { return "\(what) holds \(role) of evaluation task \(task)" }
        }
        return nil
    }

    /// Every prompt a record of the task could have: the program prompt and the direct prompts.
    /// (A missing shipped prompt file leaves them out here, but then no record can be made either.)
    private static func prompts(of task: SynthesisTask<Table>) -> [String] {
        guard let example = task.examples.first else { return [] }
        let asked = task.examples.dropFirst().map(\.input) + task.queries
        let program = (try? ChannelPrompts.program(for: task)).map { [$0] } ?? []
        return program + asked.compactMap { try? ChannelPrompts.direct(example: example, query: $0) }
    }

    private static func isDistinctive(_ table: Table) -> Bool {
        table.rows.lazy.flatMap { $0 }.filter { !$0.isEmpty }.prefix(2).count == 2
    }
}
