import Foundation
import WinnowCore
import WinnowTables

/// The outcome of one benchmark case, as results files and `bench --json` carry it.
///
/// Field names are an interface other tools and `--results` resumption read; keep them stable.
struct BenchCase: BenchRecord, Equatable {
    /// How a case is scored against its held-out answer.
    enum Status: String, Codable, Sendable, CaseIterable {
        /// The committed program maps the held-out input to the held-out answer exactly.
        case perfect
        /// A program was committed but its held-out output differs from the answer.
        case wrong
        /// The search ended without a program reproducing the example.
        case none
        /// The wall-clock budget ran out without a program.
        case timeout
        /// The case has no usable answer (absent, or Foofah's placeholder), so it is neither right nor wrong.
        case unscored

        /// The letter the scenario grid shows.
        var letter: Character {
            switch self {
            case .perfect: "P"
            case .wrong: "W"
            case .none: "N"
            case .timeout: "T"
            case .unscored: "U"
            }
        }
    }

    /// The task file's name inside the benchmark folder.
    var file: String
    /// The task's id (for a Foofah case, the file name without extension).
    var task: String
    var scenario: String
    /// The `k` of an `exp0_<name>_<k>` variant.
    var variant: Int?
    var status: Status
    /// What the solver reported, kept so that unscored cases still show whether a program was found.
    var outcome: TableSolver.Status
    /// Synthesis time, milliseconds.
    var ms: Double
    var expanded: Int
    /// Distinct pipelines consistent with the examples.
    var consistent: Int
    /// The committed program, one operator per entry; `null` when none was committed.
    var program: [String]?

    /// The program as reports show it: `identity()` for the empty pipeline, `nil` when none was committed.
    var programSteps: [String]? { program.map { $0.isEmpty ? ["identity()"] : $0 } }

    /// Identifies the case across runs: a file may hold several tasks.
    var key: String { "\(file)#\(task)" }

    private enum CodingKeys: String, CodingKey {
        case file, task, scenario, variant, status, outcome, ms, expanded, consistent, program
    }

    init(
        file: String, task: String, status: Status, outcome: TableSolver.Status, ms: Double, expanded: Int,
        consistent: Int, program: [String]?
    ) {
        self.file = file
        self.task = task
        (scenario, variant) = Self.scenario(of: task)
        self.status = status
        self.outcome = outcome
        self.ms = ms
        self.expanded = expanded
        self.consistent = consistent
        self.program = program
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(task, forKey: .task)
        try container.encode(scenario, forKey: .scenario)
        try container.encodeIfPresent(variant, forKey: .variant)
        try container.encode(status, forKey: .status)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(ms, forKey: .ms)
        try container.encode(expanded, forKey: .expanded)
        try container.encode(consistent, forKey: .consistent)
        try container.encode(program, forKey: .program)
    }

    /// The scenario and variant of a task id: Foofah's five variants `exp0_<name>_<k>` share `exp0_<name>`.
    ///
    /// The rule is limited to Foofah's `exp0_` ids (as `TaskFamily` is): other benchmarks name
    /// distinct problems `<name>_1`, `<name>_2` (SyGuS's `split-numbers-from-units-of-measure_1`),
    /// which would otherwise be merged into one scenario and no longer match a peer's per-case lines.
    static func scenario(of taskID: String) -> (scenario: String, variant: Int?) {
        guard taskID.hasPrefix("exp0_"), let underscore = taskID.lastIndex(of: "_"),
            let k = Int(taskID[taskID.index(after: underscore)...]), taskID[..<underscore] != "exp0"
        else { return (taskID, nil) }
        return (String(taskID[..<underscore]), k)
    }

    /// Scores a solve: only a committed program whose held-out outputs equal every answer is perfect.
    static func score(_ task: SynthesisTask<Table>, _ result: TableSolver.Result) -> Status {
        guard let expected = task.completeAnswers else { return .unscored }
        switch result.status {
        case .timeout: return .timeout
        case .unsolved: return .none
        case .solved: return result.outputs == expected ? .perfect : .wrong
        }
    }

    /// Solves and scores one task.
    static func run(file: String, task: SynthesisTask<Table>, solver: TableSolver) -> BenchCase {
        let result = solver.solve(task)
        return BenchCase(
            file: file, task: task.id, status: score(task, result), outcome: result.status,
            ms: (result.duration.milliseconds * 1000).rounded() / 1000, expanded: result.expanded,
            consistent: result.consistent.count, program: result.program?.steps.map(\.description))
    }
}
