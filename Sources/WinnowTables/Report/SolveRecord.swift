import WinnowCore

/// The `solve --json` document for one task.
///
/// Key names are an interface scripts depend on; `program` is always present (null when nothing was
/// committed) so a consumer can test one key instead of two.
public struct SolveRecord: Encodable, Sendable {
    public var taskID: String
    public var result: TableSolver.Result
    /// The held-out outputs as printed (for the CSV path, with the example's header restored).
    public var outputs: [Table]
    public var outputFile: String?
    /// The header line `outputs` start with (the CSV path with a header), kept so that other renderings
    /// of the same answer (each behaviour's outputs) can start with it too.
    public var outputHeader: [String]?

    public init(taskID: String, result: TableSolver.Result, outputs: [Table], outputFile: String? = nil, outputHeader: [String]? = nil) {
        self.taskID = taskID
        self.result = result
        self.outputs = outputs
        self.outputFile = outputFile
        self.outputHeader = outputHeader
    }

    private enum Key: String, CodingKey {
        case task, status, program, outputs, expanded, generated, rejected, ms, abstained, ambiguity
        case consistentPrograms = "consistent_programs"
        case outputFile = "output_file"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(taskID, forKey: .task)
        try container.encode(result.status.rawValue, forKey: .status)
        if let program = result.program {
            try container.encode(program.steps.map(\.description), forKey: .program)
        } else {
            try container.encodeNil(forKey: .program)
        }
        try container.encode(result.consistent.count, forKey: .consistentPrograms)
        try container.encode(result.abstained, forKey: .abstained)
        try container.encode(AmbiguityRecord(result.ambiguity), forKey: .ambiguity)
        try container.encode(outputs.map(\.rows), forKey: .outputs)
        try container.encode(result.expanded, forKey: .expanded)
        try container.encode(result.generated, forKey: .generated)
        try container.encode(result.rejected, forKey: .rejected)
        try container.encode((result.duration.milliseconds * 1000).rounded() / 1000, forKey: .ms)
        try container.encodeIfPresent(outputFile, forKey: .outputFile)
    }
}

extension TableSolver.Result {
    /// The exit code `solve` gives this result: 0 committed, 4 abstained, 5 out of memory, 2 unsolved;
    /// the HTTP and MCP answers carry the same number so every door reports an outcome alike.
    public var exitCode: Int32 {
        if program != nil { return ExitStatus.success }
        if abstained { return ExitStatus.abstained }
        return status == .memory ? ExitStatus.outOfMemory : ExitStatus.unsolved
    }
}

/// `solve --json`'s `ambiguity`: how many behaviours the consistent programs show on the held-out
/// inputs, each one's share of belief and best program, and the rows (0-based, per held-out input)
/// they disagree on; `rows` is null where they do not keep the input's rows in place.
public struct AmbiguityRecord: Encodable {
    public struct Group: Encodable {
        public var program: [String]
        public var programs: Int
        public var share: Double
    }

    public struct Disagreement: Encodable {
        public var input: Int
        public var rows: [Int]?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(input, forKey: .input)
            try container.encode(rows, forKey: .rows)
        }

        private enum CodingKeys: String, CodingKey { case input, rows }
    }

    public var behaviours: Int
    public var groups: [Group]
    public var disagreements: [Disagreement]

    public init(_ ambiguity: TableAmbiguity) {
        behaviours = ambiguity.groups.count
        groups = ambiguity.groups.map { group in
            Group(program: group.best.steps.map(\.description), programs: group.members, share: (group.share * 1e6).rounded() / 1e6)
        }
        disagreements = ambiguity.disagreements.map { Disagreement(input: $0.query, rows: $0.rows) }
    }
}
