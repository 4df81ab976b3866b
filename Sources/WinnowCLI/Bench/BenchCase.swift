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
        /// Programs reproduce the example but disagree on the held-out input and none dominates, so
        /// the gate committed nothing (`TableGate`).
        case abstained
        /// The search ended without a program reproducing the example.
        case none
        /// The wall-clock budget ran out without a program.
        case timeout
        /// The memory ceiling (`--max-memory`) was reached without a program.
        case memory
        /// The case has no usable answer (absent, or Foofah's placeholder), so it is neither right nor wrong.
        case unscored
        /// The task file could not be read as tasks (malformed JSON, a missing key…); `error` says why.
        case error

        /// The letter the scenario grid shows.
        var letter: Character {
            switch self {
            case .perfect: "P"
            case .wrong: "W"
            case .abstained: "A"
            case .none: "N"
            case .timeout: "T"
            case .memory: "M"
            case .unscored: "U"
            case .error: "E"
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
    /// What the solver reported, kept so that unscored cases still show whether a program was found;
    /// `nil` for a file that could not be loaded.
    var outcome: TableSolver.Status?
    /// Why the task file could not be loaded (status `error`).
    var error: String?
    /// Synthesis time, milliseconds.
    var ms: Double
    var expanded: Int
    /// Distinct pipelines consistent with the examples.
    var consistent: Int
    /// The committed program, one operator per entry; `null` when none was committed.
    var program: [String]?
    /// Behaviours among the consistent programs on the held-out input (more than one: ambiguous).
    var groups: Int
    /// The leading behaviour's share of belief (what the gate compares with `--commit-share`).
    var share: Double?
    /// The plain gate: the best-ranked program, committed whatever the others do (the control).
    var plain: Status
    /// The leading behaviour's best program, committed whatever its share: with `share`, what any
    /// `--commit-share` would have decided, so one run gives the gate's whole operating curve.
    var leader: Status
    /// The oracle: a correct program whenever the pool has one (the ceiling of any gate).
    var oracle: Status
    /// The gate's decision scored by Foofah's rule (`ColumnOrderRule`): a wrong case whose outputs
    /// differ from the answers only in the order of columns is perfect here.
    var anyColumnOrder: Status
    /// With `--queries N`: the verifier MDP's decision after asking for up to N held-out rows.
    var queried: Status?
    /// Queries it spent.
    var queriesUsed: Int?

    var ambiguous: Bool { groups > 1 }

    /// The program as reports show it: `identity()` for the empty pipeline, `nil` when none was committed.
    var programSteps: [String]? { program.map { $0.isEmpty ? ["identity()"] : $0 } }

    /// Identifies the case across runs: a file may hold several tasks.
    var key: String { "\(file)#\(task)" }

    private enum CodingKeys: String, CodingKey {
        case file, task, scenario, variant, status, error, outcome, ms, expanded, consistent, program, groups, share, plain, leader, oracle, queried
        case queriesUsed = "queries_used"
        case anyColumnOrder = "any_column_order"
    }

    init(
        file: String, task: String, status: Status, outcome: TableSolver.Status?, ms: Double, expanded: Int,
        consistent: Int, program: [String]?, groups: Int = 1, share: Double? = nil, plain: Status? = nil, leader: Status? = nil, oracle: Status? = nil,
        queried: Status? = nil, queriesUsed: Int? = nil, anyColumnOrder: Status? = nil
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
        self.groups = groups
        self.share = share
        self.plain = plain ?? status
        self.leader = leader ?? plain ?? status
        self.oracle = oracle ?? status
        self.queried = queried
        self.queriesUsed = queriesUsed
        self.anyColumnOrder = anyColumnOrder ?? status
    }

    /// A task file that could not be loaded: one case named for the file, since its tasks are unknown.
    init(failure: BenchSuite.Failure) {
        self.init(
            file: failure.file, task: URL(fileURLWithPath: failure.file).deletingPathExtension().lastPathComponent, status: .error,
            outcome: nil, ms: 0, expanded: 0, consistent: 0, program: nil, groups: 0)
        error = failure.message
    }

    /// Reads results files written before the gate existed too: their status was the plain gate's.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try container.decode(String.self, forKey: .file), task: try container.decode(String.self, forKey: .task),
            status: try container.decode(Status.self, forKey: .status),
            outcome: try container.decodeIfPresent(TableSolver.Status.self, forKey: .outcome), ms: try container.decode(Double.self, forKey: .ms),
            expanded: try container.decode(Int.self, forKey: .expanded), consistent: try container.decode(Int.self, forKey: .consistent),
            program: try container.decodeIfPresent([String].self, forKey: .program),
            groups: try container.decodeIfPresent(Int.self, forKey: .groups) ?? 1,
            share: try container.decodeIfPresent(Double.self, forKey: .share),
            plain: try container.decodeIfPresent(Status.self, forKey: .plain),
            leader: try container.decodeIfPresent(Status.self, forKey: .leader),
            oracle: try container.decodeIfPresent(Status.self, forKey: .oracle),
            queried: try container.decodeIfPresent(Status.self, forKey: .queried),
            queriesUsed: try container.decodeIfPresent(Int.self, forKey: .queriesUsed),
            anyColumnOrder: try container.decodeIfPresent(Status.self, forKey: .anyColumnOrder))
        error = try container.decodeIfPresent(String.self, forKey: .error)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(task, forKey: .task)
        try container.encode(scenario, forKey: .scenario)
        try container.encodeIfPresent(variant, forKey: .variant)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(ms, forKey: .ms)
        try container.encode(expanded, forKey: .expanded)
        try container.encode(consistent, forKey: .consistent)
        try container.encode(program, forKey: .program)
        try container.encode(groups, forKey: .groups)
        try container.encodeIfPresent(share, forKey: .share)
        try container.encode(plain, forKey: .plain)
        try container.encode(leader, forKey: .leader)
        try container.encode(oracle, forKey: .oracle)
        try container.encodeIfPresent(queried, forKey: .queried)
        try container.encodeIfPresent(queriesUsed, forKey: .queriesUsed)
        try container.encode(anyColumnOrder, forKey: .anyColumnOrder)
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

    /// How a committed program (nil: none) scores: perfect only when its held-out outputs equal every answer.
    static func score(_ task: SynthesisTask<Table>, _ result: TableSolver.Result, committing program: Pipeline?) -> Status {
        guard let expected = task.completeAnswers else { return .unscored }
        switch result.status {
        case .timeout: return .timeout
        case .memory: return .memory
        case .unsolved: return .none
        case .solved:
            guard let program else { return .abstained }
            let outputs = result.ambiguity.outputs(of: program) ?? task.queries.map { program.apply($0) }
            return outputs == expected ? .perfect : .wrong
        }
    }

    /// Solves and scores one task: the gate's decision, beside the plain gate and the oracle, and with
    /// `queries` > 0 the verifier MDP's after asking.
    static func run(file: String, task: SynthesisTask<Table>, solver: TableSolver, gate: TableGate, queries: Int) -> BenchCase {
        let result = solver.solve(task)
        let committed = gate.decide(result.ambiguity)
        let status = score(task, result, committing: committed)
        var anyColumnOrder = status
        if status == .wrong, let committed, let expected = task.completeAnswers {
            let outputs = result.ambiguity.outputs(of: committed) ?? task.queries.map { committed.apply($0) }
            if outputs.count == expected.count, zip(outputs, expected).allSatisfy({ output, answer in output.map { ColumnOrderRule.matches($0, answer) } ?? false }) { anyColumnOrder = .perfect }
        }
        let plain = score(task, result, committing: result.program)
        let leader = score(task, result, committing: TableGate(threshold: 0).decide(result.ambiguity))
        let oracle: Status
        if let expected = task.completeAnswers, result.status == .solved {
            oracle = result.consistent.contains { p in task.queries.map { p.apply($0) } == expected } ? .perfect : .wrong
        } else {
            oracle = plain
        }
        var queried: Status?
        var used: Int?
        if queries > 0 {
            (queried, used) = ask(task, solver: solver, gate: gate, queries: queries)
        }
        return BenchCase(
            file: file, task: task.id, status: status, outcome: result.status,
            ms: (result.duration.milliseconds * 1000).rounded() / 1000, expanded: result.expanded,
            consistent: result.consistent.count, program: committed?.steps.map(\.description),
            groups: result.ambiguity.groups.count, share: result.ambiguity.groups.first.map(\.share), plain: plain, leader: leader, oracle: oracle, queried: queried, queriesUsed: used,
            anyColumnOrder: anyColumnOrder)
    }

    /// The verifier MDP with the held-out answers as the oracle: up to `queries` questions about held-out
    /// rows, each answer learned from (`TableInquiry`), then the gate's decision.
    private static func ask(_ task: SynthesisTask<Table>, solver: TableSolver, gate: TableGate, queries: Int) -> (Status, Int) {
        guard let expected = task.completeAnswers else { return (.unscored, 0) }
        let inquiry = TableInquiry(solver: solver, gate: gate)
        let (result, asked) = inquiry.run(task, questions: queries) { question in
            let answer = expected[question.query]
            guard let row = question.row else { return answer }
            return answer.rowCount == task.queries[question.query].rowCount ? Table([answer.rows[row]]) : nil
        }
        return (score(task, result, committing: result.program), asked)
    }
}
