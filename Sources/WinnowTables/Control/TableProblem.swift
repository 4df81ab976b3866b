import WinnowControl
import WinnowCore

/// A table task as a verifier-MDP problem: which of several pipelines that all reproduce a
/// one-record example to trust.
///
/// Probes are made from the held-out inputs, which a user hands over anyway: each held-out input
/// itself (queryable: its hidden answer is the oracle), then row subsets of it (first half, second
/// half, every other row) and perturbed copies (rows reversed; digits shifted), on which pipelines
/// that agree on the held-out input may still come apart. Pipelines are trusted operators and run
/// in-process; every output is computed once, up front.
public struct TableProblem: ControlProblem {
    public let taskID: String
    /// Each candidate as reports show it: a pipeline's steps, or the name of a model program.
    public private(set) var names: [String]
    public let probes: [Table]
    public let queryableProbes: Int
    private let answers: [Table?]
    private var outputs: [[Table?]]

    /// A candidate from outside the search (a model program run in the jail), with its output on
    /// every probe, in probe order.
    public struct OutsideCandidate: Sendable, Hashable {
        public var name: String
        public var outputs: [Table?]

        public init(name: String, outputs: [Table?]) {
            self.name = name
            self.outputs = outputs
        }
    }

    /// - Parameters:
    ///   - pipelines: the pool, best-ranked first (e.g. `TableSolver.Result.consistent`).
    ///   - answers: the hidden answers of `task.queries`, used only by `answer(probe:)` and `isCorrect`.
    public init(task: SynthesisTask<Table>, pipelines: [Pipeline]) {
        taskID = task.id
        names = pipelines.map { $0.steps.isEmpty ? "identity()" : $0.steps.map(\.description).joined(separator: " | ") }
        let queries = task.queries
        answers = queries.indices.map { index in task.answers.flatMap { index < $0.count ? $0[index] : nil } }
        var probes = queries
        for query in queries { probes += Self.variants(of: query) }
        var unique: [Table] = []
        for probe in probes where !unique.contains(probe) { unique.append(probe) }
        // Held-out inputs first (they are the queryable ones), in order.
        self.probes = unique
        queryableProbes = min(queries.count, unique.count)
        outputs = pipelines.map { pipeline in unique.map { pipeline.apply($0) } }
    }

    /// Row subsets and perturbed copies of a held-out input. A header row (a first row that the
    /// subsets would otherwise lose) is kept on every subset.
    static func variants(of table: Table) -> [Table] {
        let rows = table.rows
        guard rows.count >= 2 else { return [perturbDigits(table)] }
        let header = rows[0]
        let body = Array(rows.dropFirst())
        var out: [Table] = []
        let half = max(1, body.count / 2)
        out.append(Table([header] + body.prefix(half)))
        if body.count > 1 { out.append(Table([header] + body.suffix(body.count - half))) }
        if body.count > 2 { out.append(Table([header] + body.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))) }
        out.append(Table([header] + body.reversed()))
        out.append(perturbDigits(table))
        return out.filter { !$0.isEmpty }
    }

    /// Every digit d becomes (d + 3) mod 10: the same shape, different values, so a pipeline that
    /// keys on particular values comes apart from one that keys on structure.
    static func perturbDigits(_ table: Table) -> Table {
        Table(table.rows.map { row in
            row.map { cell in
                String(cell.map { ch -> Character in
                    guard let digit = ch.wholeNumberValue, ch.isASCII else { return ch }
                    return Character(String((digit + 3) % 10))
                })
            }
        })
    }

    /// The same problem with more candidates, ranked after the current ones (search pipelines are
    /// trusted operators ranked by simplicity; outside programs come after them, as in the gate).
    public func appending(_ candidates: [OutsideCandidate]) -> TableProblem {
        var copy = self
        for candidate in candidates where candidate.outputs.count == probes.count {
            copy.names.append(candidate.name)
            copy.outputs.append(candidate.outputs)
        }
        return copy
    }

    public var candidateCount: Int { names.count }
    public var probeCount: Int { probes.count }

    public func describe(candidate: Int) -> String { names[candidate] }

    public func describe(probe: Int) -> String {
        let table = probes[probe]
        let preview = table.rows.prefix(3).map { "[" + $0.joined(separator: ", ") + "]" }.joined(separator: " ")
        return "\(table.rowCount)×\(table.columnCount) table: \(preview)\(table.rowCount > 3 ? " …" : "")"
    }

    public func execute(candidate: Int, probe: Int) -> Table? { outputs[candidate][probe] }

    public func answer(probe: Int) -> Table? { probe < queryableProbes ? answers[probe] : nil }

    public var isScored: Bool { (0..<queryableProbes).contains { answers[$0] != nil } }

    /// Right on every held-out input that has an answer (and there is at least one).
    public func isCorrect(candidate: Int) -> Bool {
        let known = (0..<queryableProbes).filter { answers[$0] != nil }
        return !known.isEmpty && known.allSatisfy { outputs[candidate][$0] == answers[$0] }
    }
}
