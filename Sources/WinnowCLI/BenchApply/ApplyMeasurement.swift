import Foundation
import WinnowCore
import WinnowTables

/// One workload's result: the program learned from the table's first three rows, and how fast and
/// how correctly it transforms the whole table.
struct ApplyMeasurement: Sendable {
    enum Verdict: String, Sendable {
        /// Every output row equals the intent's.
        case correct
        /// The program ran on the table but some rows differ from the intent.
        case wrong
        /// Some row is one the program cannot handle, so the step refused the table.
        case notApplicable = "not applicable"
        /// Nothing reproduced the three example rows within the budget.
        case noProgram = "no program"
    }

    var workload: String
    var kind: ApplyWorkload.Kind
    var program: Pipeline?
    var synthesisMs: Double
    /// Best of the timed runs, in seconds; `nil` when no program ran to the end.
    var applySeconds: Double?
    /// Best of the timed runs of what `solve --apply` does once a program is committed: read the
    /// table's CSV text, apply the program, write the CSV text (in memory, so the disk is not timed).
    var endToEndSeconds: Double?
    var rows: Int
    var verdict: Verdict
    /// Output rows that differ from the intent's (all of them when the output has another row count).
    var wrongRows: Int
    /// The first differing row, for the report: a wrong program is shown, never hidden.
    var firstWrong: String?

    var secondsPerRow: Double? { applySeconds.map { $0 / Double(rows) } }
    var endToEndSecondsPerRow: Double? { endToEndSeconds.map { $0 / Double(rows) } }
    var rowsPerSecond: Double? { applySeconds.flatMap { $0 > 0 ? Double(rows) / $0 : nil } }

    /// Whether the program carries a cell program; a cell workload solved by layout steps alone
    /// measures nothing about cell programs.
    var hasCellStep: Bool {
        program?.steps.contains { step in
            switch step {
            case .derive, .replace: true
            default: false
            }
        } ?? false
    }

    static func run(_ workload: ApplyWorkload, rows: [[String]], solver: TableSolver, repeats: Int) -> ApplyMeasurement {
        let examples = Array(rows.prefix(3))
        let task = SynthesisTask(
            id: workload.name, domain: "table",
            examples: [Example(input: Table(examples), output: Table(examples.map(workload.intent)))], queries: [])
        let clock = ContinuousClock()
        let started = clock.now
        let program = solver.solve(task).program
        let synthesisMs = (clock.now - started).milliseconds
        var measurement = ApplyMeasurement(
            workload: workload.name, kind: workload.kind, program: program, synthesisMs: synthesisMs, applySeconds: nil,
            endToEndSeconds: nil, rows: rows.count, verdict: .noProgram, wrongRows: rows.count, firstWrong: nil)
        guard let program else { return measurement }
        let table = Table(rows)
        var best = Double.infinity
        var output: Table?
        for _ in 0..<repeats {
            let start = clock.now
            output = program.apply(table)
            best = min(best, (clock.now - start).milliseconds / 1000)
        }
        guard let output else {
            measurement.verdict = .notApplicable
            return measurement
        }
        measurement.applySeconds = best
        let csv = Data(CSV.render(table).utf8)
        var bestEndToEnd = Double.infinity
        for _ in 0..<repeats {
            let start = clock.now
            guard let read = try? CSV.parse(csv, file: "bench-apply"), let applied = program.apply(read) else { break }
            _ = CSV.render(applied)
            bestEndToEnd = min(bestEndToEnd, (clock.now - start).milliseconds / 1000)
        }
        measurement.endToEndSeconds = bestEndToEnd.isFinite ? bestEndToEnd : nil
        let expected = rows.map(workload.intent)
        let mismatches = expected.indices.filter { $0 >= output.rowCount || !sameBytes(output.rows[$0], expected[$0]) }
        measurement.wrongRows = output.rowCount == expected.count ? mismatches.count : rows.count
        measurement.verdict = measurement.wrongRows == 0 ? .correct : .wrong
        if let index = mismatches.first {
            let got = index < output.rowCount ? shown(output.rows[index]) : "no row"
            measurement.firstWrong = "row \(index + 1): \(shown(rows[index])) gave \(got), meant \(shown(expected[index]))"
        } else if output.rowCount != expected.count {
            measurement.firstWrong = "\(output.rowCount) rows out, meant \(expected.count)"
        }
        return measurement
    }

    /// A row as the report prints it, cut short: a wrong program's row can be as wide as the table.
    private static func shown(_ row: [String]) -> String {
        let text = row.joined(separator: " | ")
        return text.count <= 120 ? text : text.prefix(120) + "…"
    }

    /// Byte equality, as `Table` compares cells: what a diff of the written file would report.
    private static func sameBytes(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { ExactText.same($0, $1) }
    }
}
