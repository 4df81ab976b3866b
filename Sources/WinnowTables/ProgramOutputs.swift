import WinnowCore

/// Each program's outputs on a task's held-out inputs, computed the first time anyone asks.
///
/// A consistent program is run on the held-out inputs to be accepted (it must run on all of them),
/// to be ranked (`ProgramRanking`'s schema check), to be grouped by behaviour (`TableAmbiguity`) and
/// to give the answer; on large inputs each run is the costly part, so one solve keeps the outputs
/// and every later step reads them. Not thread-safe: one solve owns one.
public final class ProgramOutputs {
    public let queries: [Table]
    private var known: [Pipeline: [Table?]] = [:]

    public init(queries: [Table]) {
        self.queries = queries
    }

    /// The program's output on each held-out input, nil where it cannot run.
    public func outputs(of program: Pipeline) -> [Table?] {
        if let outputs = known[program] { return outputs }
        let outputs = queries.map { program.apply($0) }
        known[program] = outputs
        return outputs
    }
}
