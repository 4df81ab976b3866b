import WinnowCore
import WinnowTables

/// One step of a pipeline that solved a task, where it was taken: the table it was applied to, the
/// table the pipeline was heading for, and the step. What a search prior learns from.
public struct PriorExample: Sendable, Hashable {
    public var state: Table
    public var target: Table
    public var step: TableOperator

    public init(state: Table, target: Table, step: TableOperator) {
        self.state = state
        self.target = target
        self.step = step
    }
}

extension PriorExample {
    /// Replays the pipeline on the example: one example per step, pairing the intermediate table the
    /// step was applied to with the example's output. Stops at a step that does not apply (a
    /// pipeline that does not fit this example teaches nothing past that point).
    public static func steps(of pipeline: Pipeline, on example: Example<Table>) -> [PriorExample] {
        var examples: [PriorExample] = []
        var current = example.input
        for step in pipeline.steps {
            guard let next = step.apply(current) else { break }
            examples.append(PriorExample(state: current, target: example.output, step: step))
            current = next
        }
        return examples
    }
}
