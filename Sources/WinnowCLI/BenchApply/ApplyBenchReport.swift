import Foundation
import WinnowCore

/// The issue-17 bar, checked against one run: every cell workload's time per row within `factor`
/// of the mean time per row of the layout workloads measured in the same run. It is checked twice:
/// on the apply step alone, and on what `solve --apply` spends once a program is committed (read
/// the CSV, apply, write the CSV), which is the throughput a user of `--apply` sees.
struct ApplyBar: Sendable {
    static let factor = 2.0

    enum Measure: Sendable {
        case apply, endToEnd

        func secondsPerRow(_ m: ApplyMeasurement) -> Double? {
            self == .apply ? m.secondsPerRow : m.endToEndSecondsPerRow
        }

        var what: String { self == .apply ? "time per row" : "read + apply + write time per row" }
    }

    struct Line: Sendable {
        var workload: String
        /// Time per row against the layout mean, when the workload has a correct cell program to time.
        var ratio: Double?
        var met: Bool
        var detail: String
    }

    /// Mean seconds per row of the layout workloads whose programs were correct.
    var layoutSecondsPerRow: Double?
    var layoutPeers: Int
    var lines: [Line]
    var measure: Measure

    var met: Bool { layoutSecondsPerRow != nil && !lines.isEmpty && lines.allSatisfy(\.met) }

    init(_ results: [ApplyMeasurement], measure: Measure = .apply) {
        self.measure = measure
        let peers = results.filter { $0.kind == .layout && $0.verdict == .correct }.compactMap(measure.secondsPerRow)
        layoutPeers = peers.count
        let layout = peers.isEmpty ? nil : peers.reduce(0, +) / Double(peers.count)
        layoutSecondsPerRow = layout
        lines = results.filter { $0.kind == .cell }.map { m in
            switch m.verdict {
            case .noProgram: return Line(workload: m.workload, ratio: nil, met: false, detail: "no program learned")
            case .notApplicable: return Line(workload: m.workload, ratio: nil, met: false, detail: "program not applicable to the table")
            case .wrong: return Line(workload: m.workload, ratio: nil, met: false, detail: "program wrong on \(m.wrongRows) of \(m.rows) rows")
            case .correct: break
            }
            guard m.hasCellStep else {
                return Line(workload: m.workload, ratio: nil, met: false, detail: "solved by layout steps only, so it does not time a cell program")
            }
            guard let layout, layout > 0, let perRow = measure.secondsPerRow(m) else {
                return Line(workload: m.workload, ratio: nil, met: false, detail: "no correct layout workload to compare with")
            }
            let ratio = perRow / layout
            return Line(
                workload: m.workload, ratio: ratio, met: ratio <= Self.factor, detail: String(format: "%.2f× the layout \(measure.what)", ratio))
        }
    }

    /// One sentence computed from the numbers, for the terminal and the report alike.
    var statement: String {
        let peer = layoutSecondsPerRow.map { String(format: "%.3f µs", $0 * 1e6) } ?? "no layout peer"
        let failing = lines.filter { !$0.met }
        let verdict: String
        if met {
            let worst = lines.compactMap(\.ratio).max() ?? 0
            verdict = "met (slowest cell workload \(String(format: "%.2f", worst))×)"
        } else {
            verdict = "not met (" + failing.map { "\($0.workload): \($0.detail)" }.joined(separator: "; ") + ")"
        }
        let label = measure == .apply ? "bar" : "bar, read + apply + write"
        return "\(label): each cell workload ≤ \(String(format: "%g", Self.factor))× the layout mean \(measure.what) (\(peer) per row over "
            + "\(layoutPeers) layout workloads): \(verdict)"
    }
}

/// `bench-apply --json`: stable names, one object per workload; absent values are `null`.
struct ApplyBenchDocument: Encodable, Sendable {
    struct Workload: Encodable, Sendable {
        var workload: String
        var kind: String
        var program: [String]?
        var cell_step: Bool
        var synthesis_ms: Double
        var apply_ms: Double?
        var rows_per_s: Double?
        var us_per_row: Double?
        var vs_layout: Double?
        var end_to_end_us_per_row: Double?
        var end_to_end_vs_layout: Double?
        var result: String
        var wrong_rows: Int
        var first_wrong: String?

        enum CodingKeys: String, CodingKey {
            case workload, kind, program, cell_step, synthesis_ms, apply_ms, rows_per_s, us_per_row, vs_layout
            case end_to_end_us_per_row, end_to_end_vs_layout, result, wrong_rows, first_wrong
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(workload, forKey: .workload)
            try c.encode(kind, forKey: .kind)
            try c.encode(program, forKey: .program)
            try c.encode(cell_step, forKey: .cell_step)
            try c.encode(synthesis_ms, forKey: .synthesis_ms)
            try c.encode(apply_ms, forKey: .apply_ms)
            try c.encode(rows_per_s, forKey: .rows_per_s)
            try c.encode(us_per_row, forKey: .us_per_row)
            try c.encode(vs_layout, forKey: .vs_layout)
            try c.encode(end_to_end_us_per_row, forKey: .end_to_end_us_per_row)
            try c.encode(end_to_end_vs_layout, forKey: .end_to_end_vs_layout)
            try c.encode(result, forKey: .result)
            try c.encode(wrong_rows, forKey: .wrong_rows)
            try c.encode(first_wrong, forKey: .first_wrong)
        }
    }

    var rows: Int
    var repeats: Int
    var seed: UInt64
    var layout_us_per_row: Double?
    var bar_met: Bool
    var bar: String
    var end_to_end_bar_met: Bool
    var end_to_end_bar: String
    var workloads: [Workload]

    enum CodingKeys: String, CodingKey {
        case rows, repeats, seed, layout_us_per_row, bar_met, bar, end_to_end_bar_met, end_to_end_bar, workloads
    }

    init(_ results: [ApplyMeasurement], rows: Int, repeats: Int, seed: UInt64) {
        let bar = ApplyBar(results)
        let endToEnd = ApplyBar(results, measure: .endToEnd)
        self.rows = rows
        self.repeats = repeats
        self.seed = seed
        layout_us_per_row = bar.layoutSecondsPerRow.map { rounded($0 * 1e6) }
        bar_met = bar.met
        self.bar = bar.statement
        end_to_end_bar_met = endToEnd.met
        end_to_end_bar = endToEnd.statement
        workloads = results.map { m in
            Workload(
                workload: m.workload, kind: m.kind.rawValue, program: m.program.map { $0.steps.map(\.description) },
                cell_step: m.hasCellStep, synthesis_ms: rounded(m.synthesisMs), apply_ms: m.applySeconds.map { rounded($0 * 1000) },
                rows_per_s: m.rowsPerSecond.map(rounded), us_per_row: m.secondsPerRow.map { rounded($0 * 1e6) },
                vs_layout: ApplyBenchReport.ratio(m, bar).map(rounded),
                end_to_end_us_per_row: m.endToEndSecondsPerRow.map { rounded($0 * 1e6) },
                end_to_end_vs_layout: ApplyBenchReport.ratio(m, endToEnd).map(rounded), result: m.verdict.rawValue, wrong_rows: m.wrongRows,
                first_wrong: m.firstWrong)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(repeats, forKey: .repeats)
        try c.encode(seed, forKey: .seed)
        try c.encode(layout_us_per_row, forKey: .layout_us_per_row)
        try c.encode(bar_met, forKey: .bar_met)
        try c.encode(bar, forKey: .bar)
        try c.encode(end_to_end_bar_met, forKey: .end_to_end_bar_met)
        try c.encode(end_to_end_bar, forKey: .end_to_end_bar)
        try c.encode(workloads, forKey: .workloads)
    }
}

private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

/// The terminal table and the `BENCHMARKS.md` section for `bench-apply`.
enum ApplyBenchReport {
    static let header = [
        "workload", "kind", "synthesis ms", "apply ms", "rows/s", "µs/row", "vs layout", "read+apply+write µs/row", "vs layout", "result",
    ]

    /// Time per row against the layout mean, for every workload that ran (layout ones included, so
    /// the spread of the peer itself shows).
    static func ratio(_ m: ApplyMeasurement, _ bar: ApplyBar) -> Double? {
        guard let layout = bar.layoutSecondsPerRow, layout > 0, let perRow = bar.measure.secondsPerRow(m) else { return nil }
        return perRow / layout
    }

    static func rows(_ results: [ApplyMeasurement]) -> [[String]] {
        let bar = ApplyBar(results)
        let endToEnd = ApplyBar(results, measure: .endToEnd)
        return results.map { m in
            [
                m.workload, m.kind.rawValue, String(format: "%.1f", m.synthesisMs),
                m.applySeconds.map { String(format: "%.1f", $0 * 1000) } ?? "—",
                m.rowsPerSecond.map { String(format: "%.0f", $0) } ?? "—",
                m.secondsPerRow.map { String(format: "%.3f", $0 * 1e6) } ?? "—",
                ratio(m, bar).map { String(format: "%.2f×", $0) } ?? "—",
                m.endToEndSecondsPerRow.map { String(format: "%.3f", $0 * 1e6) } ?? "—",
                ratio(m, endToEnd).map { String(format: "%.2f×", $0) } ?? "—",
                result(m),
            ]
        }
    }

    static func result(_ m: ApplyMeasurement) -> String {
        switch m.verdict {
        case .correct: m.kind == .cell && !m.hasCellStep ? "correct, layout steps only" : "correct"
        case .wrong: "WRONG on \(m.wrongRows) of \(m.rows) rows"
        case .notApplicable, .noProgram: m.verdict.rawValue
        }
    }

    static func runs(_ repeats: Int) -> String { repeats == 1 ? "one timed run" : "best of \(repeats) timed runs" }

    static func program(_ m: ApplyMeasurement) -> String {
        m.program.map { $0.steps.map(\.description).joined(separator: "; ") } ?? "—"
    }

    static func text(_ results: [ApplyMeasurement], rows count: Int, repeats: Int) -> String {
        var lines = ["\(count) rows, \(runs(repeats)); each program learned from the first 3 rows", ""]
        lines += TextTable.lines([header] + rows(results))
        lines += ["", "programs:"]
        lines += results.map { "  \($0.workload): \(program($0))" }
        let wrong = results.compactMap { m in m.firstWrong.map { "  \(m.workload): \($0)" } }
        if !wrong.isEmpty { lines += ["", "first wrong rows:"] + wrong }
        lines += ["", ApplyBar(results).statement, ApplyBar(results, measure: .endToEnd).statement]
        return lines.joined(separator: "\n")
    }

    /// One Markdown line per cell workload, then the overall verdict.
    private static func verdicts(_ bar: ApplyBar, overall: String) -> [String] {
        bar.lines.map { "- \($0.workload): \($0.detail) (\($0.met ? "met" : "**not met**"))" }
            + ["", "Overall, \(overall): \(bar.met ? "met" : "**not met**")."]
    }

    static func markdown(
        _ results: [ApplyMeasurement], rows count: Int, repeats: Int, commandLine: [String], date: Date = Date()
    ) -> String {
        let bar = ApplyBar(results)
        var out = ["## Applying programs to a large table (`winnow bench-apply`)", ""]
        out += Machine.provenance(tool: "winnow bench-apply", commandLine: commandLine, date: date)
        out.append(
            "- Each program is learned from the table's first three rows, then applied in-process to all \(count) rows (\(runs(repeats))); "
                + "`result` compares every output row with the transform written by hand in Swift.")
        out.append(
            "- Peer, measured in the same run: the layout workloads, whose operators are all `--apply` could run before cell programs; "
                + "`vs layout` is the workload's time per row divided by their mean time per row.")
        out.append(
            "- `read+apply+write` times what `solve --apply` does once a program is committed: parse the table's CSV text, apply the "
                + "program, render the CSV text (in memory; the disk is not timed), \(runs(repeats)).")
        let columns = header + ["program"]
        out += ["", "| " + columns.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: columns.count)]
        out += zip(results, rows(results)).map { m, row in
            "| " + (row + ["`\(program(m))`"]).map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        let wrong = results.compactMap { m in m.firstWrong.map { "- \(m.workload), first wrong row: \($0.replacingOccurrences(of: "|", with: "\\|"))" } }
        if !wrong.isEmpty { out += [""] + wrong }
        out += ["", "### Against the bar", ""]
        out.append(
            "Cell programs on a 100,000-row `--apply` keep the current throughput within a factor of two: each cell workload's time per row "
                + "≤ \(String(format: "%g", ApplyBar.factor))× the layout workloads' mean "
                + "(\(bar.layoutSecondsPerRow.map { String(format: "%.3f µs", $0 * 1e6) } ?? "no layout peer") per row over \(bar.layoutPeers) of them).")
        out.append("")
        out += verdicts(bar, overall: "on the apply step alone")
        let endToEnd = ApplyBar(results, measure: .endToEnd)
        out += ["", "The same bar on read + apply + write, the throughput a user of `--apply` sees "
            + "(\(endToEnd.layoutSecondsPerRow.map { String(format: "%.3f µs", $0 * 1e6) } ?? "no layout peer") per row for the layout workloads):", ""]
        out += verdicts(endToEnd, overall: "read + apply + write")
        if count != 100_000 { out += ["", "This run used \(count) rows, not the bar's 100,000."] }
        return out.joined(separator: "\n")
    }
}
