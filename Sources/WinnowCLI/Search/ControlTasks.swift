import Foundation
import WinnowAggregates
import WinnowControl
import WinnowCore
import WinnowSearch
import WinnowTables

/// Something done with a list of problems of whichever domain a task file holds.
protocol ProblemVisitor {
    associatedtype Output
    func visit<Problem: ControlProblem>(_ problems: [Problem]) async throws -> Output
}

/// A task file (or folder) turned into verifier-MDP problems: each task's pool is every program
/// the domain's inventory search finds that reproduces its visible examples, best-ranked first.
enum ControlTasks {
    /// The problems, and the tasks they were made from (for adding model programs to the pools).
    case table([TableProblem], tasks: [SynthesisTask<Table>])
    case aggregates([AggregateProblem])

    /// - Parameter times: gets the candidate-search time of each task, microseconds.
    /// - Parameter prior: orders the table search (see `TableSolver.prior`).
    /// - Parameter textInventory: the `--text-inventory` for table tasks' cell programs.
    static func load(
        _ path: String, inventory: String?, textInventory: String? = nil, budget: SearchBudget, maxCandidates: Int, times: inout [Double],
        prior: (any OperatorPrior)? = nil
    ) throws(WinnowError) -> ControlTasks {
        let clock = ContinuousClock()
        switch try TaskDomain.sniff(path) {
        case .table:
            var solver = TableSolver(
                inventory: try InventoryLocator.load(explicit: inventory, text: textInventory), budget: budget, parallel: true, prior: prior)
            solver.maxGrouped = maxCandidates
            var isDirectory: ObjCBool = false
            let tasks: [SynthesisTask<Table>]
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                tasks = try BenchSuite(folder: path).items.map(\.task)
            } else {
                tasks = try TaskFile.load(path)
            }
            var problems: [TableProblem] = []
            for task in tasks {
                let started = clock.now
                let pool = solver.solve(task).ambiguity.programs
                times.append((clock.now - started).milliseconds * 1000)
                problems.append(TableProblem(task: task, pipelines: pool))
            }
            return .table(problems, tasks: tasks)
        case .aggregates:
            let solver = AggregateSolver(inventory: try AggregateInventory.locate(explicit: inventory), maxCandidates: maxCandidates)
            var problems: [AggregateProblem] = []
            for task in try TaskFile.load(path, as: AggregateValue.self) {
                let started = clock.now
                let candidates = solver.candidates(for: task)
                times.append((clock.now - started).milliseconds * 1000)
                problems.append(AggregateProblem(task: task, candidates: candidates))
            }
            return .aggregates(problems)
        }
    }

    func visit<Visitor: ProblemVisitor>(_ visitor: Visitor) async throws -> Visitor.Output {
        switch self {
        case .table(let problems, _): return try await visitor.visit(problems)
        case .aggregates(let problems): return try await visitor.visit(problems)
        }
    }

    var scored: [Bool] {
        switch self {
        case .table(let problems, _): return problems.map(\.isScored)
        case .aggregates(let problems): return problems.map(\.isScored)
        }
    }

    /// The rank prior fitted on these pools (see `RankPrior.fit`).
    var rankPrior: RankPrior {
        switch self {
        case .table(let problems, _): return RankPrior.fit(problems)
        case .aggregates(let problems): return RankPrior.fit(problems)
        }
    }

    /// Each task's candidates as readable text, by task id.
    var pools: [String: [String]] {
        func describe<P: ControlProblem>(_ problems: [P]) -> [String: [String]] {
            Dictionary(problems.map { p in (p.taskID, (0..<p.candidateCount).map { p.describe(candidate: $0) }) }, uniquingKeysWith: { a, _ in a })
        }
        switch self {
        case .table(let problems, _): return describe(problems)
        case .aggregates(let problems): return describe(problems)
        }
    }
}

/// Which domain a task file holds, read from its `"domain"` key (Foofah cases and folders are tables).
enum TaskDomain {
    case table, aggregates

    static func sniff(_ path: String) throws(WinnowError) -> TaskDomain {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WinnowError(.missingInput, file: path, "no such file or folder")
        }
        if isDirectory.boolValue || path.lowercased().hasSuffix(".txt") { return .table }
        guard let data = FileManager.default.contents(atPath: path) else { throw WinnowError(.missingInput, file: path, "cannot be read") }
        let first = data.split(separator: UInt8(ascii: "\n")).first { !$0.allSatisfy { $0 == 32 || $0 == 13 } } ?? data[...]
        let object = (try? JSONSerialization.jsonObject(with: Data(first))) ?? (try? JSONSerialization.jsonObject(with: data))
        let domain = (object as? [String: Any])?["domain"] as? String
            ?? ((object as? [[String: Any]])?.first?["domain"] as? String)
        switch domain {
        case "table", nil: return .table
        case "aggregates": return .aggregates
        case let other?: throw WinnowError(.badInput, file: path, "unknown domain \"\(other)\" (known: table, aggregates)")
        }
    }
}
