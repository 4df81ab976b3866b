import WinnowCore
import WinnowTables

/// What `POST /v1/solve` and the `solve_table` tool answer: the object `winnow solve --json` prints,
/// plus what a caller without a terminal needs beside it.
///
/// Added keys: `exit_code` (the code `solve` would exit with: 0, 2, 4 or 5), `steps` (the committed
/// program in words, one sentence per step), `alternatives` (each behaviour's output on the held-out
/// inputs, so a page can show the rows they disagree on), and `script` when asked for.
public struct SolveAnswer: Encodable, Sendable {
    public var record: SolveRecord
    public var script: String?

    public init(record: SolveRecord, script: String?) {
        self.record = record
        self.script = script
    }

    public var result: TableSolver.Result { record.result }

    struct Alternative: Encodable {
        var program: [String]
        var share: Double
        var outputs: [[[String]]?]
    }

    private enum Key: String, CodingKey {
        case exitCode = "exit_code"
        case steps, alternatives, script
    }

    public func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(result.exitCode, forKey: .exitCode)
        try container.encode(result.program?.explanations ?? [], forKey: .steps)
        let header = record.outputHeader
        try container.encode(
            result.ambiguity.isAmbiguous
                ? result.ambiguity.groups.map { group in
                    Alternative(
                        program: group.best.steps.map(\.description), share: (group.share * 1e6).rounded() / 1e6,
                        outputs: group.outputs.map { $0.map { (header.map { [$0] } ?? []) + $0.rows } })
                } : [],
            forKey: .alternatives)
        try container.encodeIfPresent(script, forKey: .script)
    }
}
