import Foundation
import WinnowCore
import WinnowTables

/// The outcome of one benchmark case, as written to results files and `--json`.
///
/// Field names are a stable interface other tools read; change them only with a version bump.
public struct BenchCase: Codable, Sendable, Equatable {
    /// How a case is scored.
    public enum Status: String, Codable, Sendable {
        /// The committed program maps the held-out input to the held-out answer exactly.
        case perfect
        /// A program was committed but its held-out output differs from the answer.
        case wrong
        /// No program reproduced the example within the budget.
        case none
        /// The wall-clock budget ran out.
        case timeout
        /// The case has no usable answer (e.g. Foofah's placeholder), so it is neither right nor wrong.
        case unscored
        /// The task file could not be loaded.
        case error
    }

    public var file: String
    public var scenario: String
    public var status: Status
    /// Whether a program was committed (also for unscored cases).
    public var solved: Bool
    public var ms: Double
    public var program: [String]?
    public var expanded: Int
    public var consistent: Int
    public var message: String?
}

/// The scenario a Foofah-style file belongs to: `exp0_<name>_<k>` variants share `exp0_<name>`.
public func scenarioName(of file: String) -> String {
    let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    guard let underscore = stem.lastIndex(of: "_"), Int(stem[stem.index(after: underscore)...]) != nil else {
        return stem
    }
    return String(stem[..<underscore])
}

/// Solves and scores one task file.
func runBenchCase(path: String, solver: TableSolver) -> BenchCase {
    let file = URL(fileURLWithPath: path).lastPathComponent
    let scenario = scenarioName(of: file)
    let task: SynthesisTask<Table>
    do {
        let tasks: [SynthesisTask<Table>] = try TaskFile.load(path)
        task = tasks[0]
    } catch {
        return BenchCase(file: file, scenario: scenario, status: .error, solved: false, ms: 0, program: nil, expanded: 0, consistent: 0, message: error.description)
    }
    let result = solver.solve(task)
    let ms = Double(result.duration.components.seconds) * 1000 + Double(result.duration.components.attoseconds) / 1e15
    let status: BenchCase.Status
    let answers = task.answers ?? []
    let scorable = !answers.isEmpty && answers.allSatisfy { $0 != nil }
    switch result.status {
    case .timeout: status = scorable ? .timeout : .unscored
    case .unsolved: status = scorable ? .none : .unscored
    case .solved:
        if !scorable {
            status = .unscored
        } else {
            let perfect = result.outputs.count == answers.count && zip(result.outputs, answers).allSatisfy { $0 == $1 }
            status = perfect ? .perfect : .wrong
        }
    }
    return BenchCase(
        file: file, scenario: scenario, status: status, solved: result.program != nil, ms: ms,
        program: result.program?.steps.map(\.description), expanded: result.expanded,
        consistent: result.consistent.count, message: nil)
}
