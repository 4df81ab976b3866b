import Foundation
import WinnowCore

/// The verifier MDP for a table task with someone to ask: solve, and while the budget lasts, ask
/// what one held-out row should become, learn from the answer, and decide again.
///
/// The question is the row that splits the belief among the behaviours most evenly (the expected
/// information of its answer). When every program agrees, the question tests that consensus on the
/// held-out row least like the example's rows (its cells' shapes are ones the example never shows),
/// because that is where one example says least. An answer the leading behaviour already gives
/// settles the task when it was the only one; any other answer becomes evidence: a row the example
/// keeps in place joins the example itself (so cell programs are learned from it too, and a
/// condition can tell it apart), otherwise the held-out input and its answer become a new example.
/// Then the task is solved again, keeping the programs of the earlier pool that agree with the answer
/// (what asking among a fixed pool would do), and the gate decides on the new pool.
public struct TableInquiry: Sendable {
    public var solver: TableSolver
    public var gate: TableGate

    public init(solver: TableSolver, gate: TableGate) {
        self.solver = solver
        self.gate = gate
    }

    /// What is asked: a row of a held-out input, or the whole input when the programs do not keep
    /// its rows in place.
    public struct Question: Sendable, Hashable {
        public var query: Int
        public var row: Int?
    }

    /// The final (gated) result, and how many questions were answered.
    public func run(
        _ task: SynthesisTask<Table>, questions: Int, answer: (Question) -> Table?
    ) -> (result: TableSolver.Result, asked: Int) {
        var current = task
        var result = solver.solve(current).gated(by: gate, queries: current.queries)
        var asked = 0
        var settled: Set<Question> = []
        while asked < questions, result.status == .solved {
            guard let question = Self.question(result.ambiguity, task: current, skipping: settled),
                let reply = answer(question)
            else { break }
            asked += 1
            settled.insert(question)
            let groups = result.ambiguity.groups
            let leader = groups.first?.outputs[question.query].map { $0.part(row: question.row) }
            if groups.count == 1, leader == reply { break }
            current = Self.learning(reply, to: question, in: current)
            result = solver.solve(current, keeping: result.consistent).gated(by: gate, queries: current.queries)
        }
        return (result, asked)
    }

    /// The question to ask, or nil when there is none left.
    static func question(_ ambiguity: TableAmbiguity, task: SynthesisTask<Table>, skipping settled: Set<Question>) -> Question? {
        let groups = ambiguity.groups
        if groups.count > 1 {
            var best: (question: Question, entropy: Double)?
            for disagreement in ambiguity.disagreements {
                let rows = disagreement.rows.map { $0.map(Optional.some) } ?? [nil]
                for row in rows {
                    let question = Question(query: disagreement.query, row: row)
                    guard !settled.contains(question) else { continue }
                    var mass: [Table?: Double] = [:]
                    for group in groups { mass[group.outputs[disagreement.query].map { $0.part(row: row) }, default: 0] += group.share }
                    let entropy = mass.values.reduce(0) { $0 - ($1 > 0 ? $1 * log2($1) : 0) }
                    if best == nil || entropy > best!.entropy + 1e-12 { best = (question, entropy) }
                }
            }
            if let best { return best.question }
        }
        return consensusTest(groups.first, task: task, skipping: settled)
    }

    /// The held-out row least like the example's rows, to test a consensus on.
    private static func consensusTest(_ leader: TableAmbiguity.Group?, task: SynthesisTask<Table>, skipping settled: Set<Question>) -> Question? {
        let seen = Set(task.examples.flatMap { $0.input.rows.map(RowShape.of) })
        var fallback: Question?
        for (q, query) in task.queries.enumerated() {
            let aligned = query.rowCount > 1 && leader?.outputs[q]?.rowCount == query.rowCount
            guard aligned else {
                let question = Question(query: q, row: nil)
                if !settled.contains(question), fallback == nil { fallback = question }
                continue
            }
            for (r, row) in query.rows.enumerated() where !settled.contains(Question(query: q, row: r)) {
                if !seen.contains(RowShape.of(row)) { return Question(query: q, row: r) }
                if fallback == nil { fallback = Question(query: q, row: r) }
            }
        }
        return fallback
    }

    /// The task with an answer learned: a row joins the first example when that example keeps its
    /// rows in place; anything else becomes an example of its own.
    static func learning(_ reply: Table, to question: Question, in task: SynthesisTask<Table>) -> SynthesisTask<Table> {
        var task = task
        let query = task.queries[question.query]
        if let row = question.row, let first = task.examples.first, first.input.rowCount == first.output.rowCount, reply.rowCount == 1 {
            task.examples[0] = Example(input: Table(first.input.rows + [query.rows[row]]), output: Table(first.output.rows + reply.rows))
        } else if let row = question.row {
            task.examples.append(Example(input: Table([query.rows[row]]), output: reply))
        } else {
            task.examples.append(Example(input: query, output: reply))
        }
        return task
    }
}

extension Table {
    /// The part of a table a question is about: one row of it (empty when it has no such row), or
    /// all of it.
    func part(row: Int?) -> Table {
        guard let row else { return self }
        return row < rowCount ? Table([rows[row]]) : Table([])
    }
}
