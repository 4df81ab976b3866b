import WinnowCore
import WinnowTables

/// The `solve --json` document for one task.
///
/// Key names are an interface scripts depend on; `program` is always present (null when nothing was
/// committed) so a consumer can test one key instead of two.
struct SolveRecord: Encodable {
    var taskID: String
    var result: TableSolver.Result
    /// The held-out outputs as printed (for the CSV path, with the example's header restored).
    var outputs: [Table]
    var outputFile: String?

    private enum Key: String, CodingKey {
        case task, status, program, outputs, expanded, generated, rejected, ms
        case consistentPrograms = "consistent_programs"
        case outputFile = "output_file"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(taskID, forKey: .task)
        try container.encode(result.status.rawValue, forKey: .status)
        if let program = result.program {
            try container.encode(program.steps.map(\.description), forKey: .program)
        } else {
            try container.encodeNil(forKey: .program)
        }
        try container.encode(result.consistent.count, forKey: .consistentPrograms)
        try container.encode(outputs.map(\.rows), forKey: .outputs)
        try container.encode(result.expanded, forKey: .expanded)
        try container.encode(result.generated, forKey: .generated)
        try container.encode(result.rejected, forKey: .rejected)
        try container.encode((result.duration.milliseconds * 1000).rounded() / 1000, forKey: .ms)
        try container.encodeIfPresent(outputFile, forKey: .outputFile)
    }
}
