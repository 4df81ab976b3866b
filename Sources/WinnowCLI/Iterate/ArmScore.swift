import WinnowCore
import WinnowTables

/// The three search priors a round compares on the same tasks and budget.
enum PriorArm: String, CaseIterable, Codable, Sendable {
    /// Trained on every verified pipeline harvested so far.
    case trained
    /// The control: the same data and training, with each step's label moved to another step, so
    /// it can learn only how often each operator occurs, not when.
    case shuffledLabels = "shuffled-labels"
    /// The control: the inventory's prices, untrained (the default search).
    case uniform
}

/// How one prior did on one task set under one budget.
struct ArmScore: Codable, Sendable, Hashable {
    var tasks: Int
    /// Tasks with hidden answers.
    var scored: Int
    /// Scored tasks whose committed program gives every hidden answer.
    var perfect: Int
    /// Tasks where some program reproduced the visible example (scored or not).
    var found: Int
    /// Median states expanded per task (a task that fails spends the whole budget).
    var medianExpanded: Double
    /// Wall time of the whole set.
    var seconds: Double

    private enum CodingKeys: String, CodingKey {
        case tasks, scored, perfect, found, seconds
        case medianExpanded = "median_expanded"
    }

    /// The share the bar is about: perfect among scored tasks; found, for a set without answers.
    var solvedShare: Double {
        if scored > 0 { return Double(perfect) / Double(scored) }
        return tasks > 0 ? Double(found) / Double(tasks) : 0
    }

    /// `perfect/scored`, or `found/tasks` for a set without answers, with the share.
    var solvedText: String { scored > 0 ? Format.fraction(perfect, scored) : Format.fraction(found, tasks) }

    init(tasks: [SynthesisTask<Table>], results: [TableSolver.Result], seconds: Double) {
        self.tasks = tasks.count
        scored = tasks.filter { $0.completeAnswers != nil }.count
        perfect = zip(tasks, results).filter { task, result in
            guard result.status == .solved, let answers = task.completeAnswers else { return false }
            return answers == result.outputs
        }.count
        found = results.filter { $0.status == .solved }.count
        let expanded = results.map(\.expanded).sorted()
        medianExpanded = expanded.isEmpty ? 0
            : expanded.count % 2 == 1 ? Double(expanded[expanded.count / 2])
            : Double(expanded[expanded.count / 2 - 1] + expanded[expanded.count / 2]) / 2
        self.seconds = seconds
    }
}

/// Solves a task set with one solver, several tasks at a time.
enum ParallelSolve {
    static func run(_ tasks: [SynthesisTask<Table>], solver: TableSolver, jobs: Int) async -> (results: [TableSolver.Result], seconds: Double) {
        let clock = ContinuousClock()
        let started = clock.now
        var results = [TableSolver.Result?](repeating: nil, count: tasks.count)
        await withTaskGroup(of: (Int, TableSolver.Result).self) { group in
            var next = 0
            func startNext() {
                guard next < tasks.count else { return }
                let index = next
                next += 1
                group.addTask { (index, solver.solve(tasks[index])) }
            }
            for _ in 0..<min(max(1, jobs), tasks.count) { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                startNext()
            }
        }
        return (results.map { $0! }, (clock.now - started).milliseconds / 1000)
    }
}
