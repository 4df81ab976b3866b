import Foundation

/// The table `winnow bench-scale` prints and the section it writes to `BENCHMARKS.md`.
enum ScaleBenchReport {
    static let header = ["workload", "example", "options", "status", "program right", "wall", "solve", "peak memory"]

    static func rows(_ results: [ScaleMeasurement]) -> [[String]] {
        results.map { m in
            [
                m.workload, "\(m.exampleRows) x \(m.exampleColumns)", m.options.isEmpty ? "—" : m.options.joined(separator: " "), m.status,
                m.correct.map { $0 ? "yes" : "no" } ?? "—", String(format: "%.2f s", m.wallSeconds),
                m.solveMilliseconds.map { String(format: "%.0f ms", $0) } ?? "—", String(format: "%.0f MB", m.peakMegabytes),
            ]
        }
    }

    /// The bars of issue 19 that these workloads measure, each against its peer in the same run.
    static func bars(_ results: [ScaleMeasurement], timeout: Double) -> [String] {
        func named(_ prefix: String, control: Bool = false) -> ScaleMeasurement? {
            results.first { $0.workload.hasPrefix(prefix) && $0.options.contains("--no-sampling") == control }
        }
        var lines: [String] = []
        if let small = named("names, 5 rows"), let medium = named("names, 300 rows") {
            lines.append(String(
                format: "300-row example: %.2f× the wall time of its 5-row version (bar ≤ 3×), %.0f MB peak (bar ≤ 150 MB)",
                medium.wallSeconds / small.wallSeconds, medium.peakMegabytes))
        }
        if let wide = named("names, 2,000") {
            lines.append(String(format: "2,000 × 15 example: solved %@ in %.2f s wall (bar ≤ 1 s)", wide.correct == true ? "right" : "NOT right", wide.wallSeconds))
        }
        if let one = results.first(where: { $0.workload.hasPrefix("2,000 rows x 50") }), let ms = one.solveMilliseconds {
            lines.append(String(format: "2,000 × 50 to one row: stopped (%@) after %.2f s of synthesis against a %.0f s budget (bar: within 10 %%)", one.status, ms / 1000, timeout))
        }
        return lines
    }

    static let applyHeader = ["program run on the CSV", "wall", "peak memory", "output identical to the loop's"]

    static func applyRows(_ apply: ApplyScaleMeasurement) -> [[String]] {
        apply.runs.map { [$0.name, String(format: "%.2f s", $0.wallSeconds), String(format: "%.0f MB", $0.peakMegabytes), $0.sameOutput ? "yes" : "no"] }
    }

    static func text(_ results: [ScaleMeasurement], apply: ApplyScaleMeasurement?, timeout: Double) -> String {
        var lines = BenchReport.aligned([header] + rows(results)) + [""] + bars(results, timeout: timeout)
        if let apply {
            lines += ["", "\(apply.rows) rows:"] + BenchReport.aligned([applyHeader] + applyRows(apply)) + [""] + apply.lines
        }
        return lines.joined(separator: "\n")
    }

    static func markdown(
        _ results: [ScaleMeasurement], apply: ApplyScaleMeasurement?, timeout: Double, commandLine: [String], date: Date = Date()
    ) -> String {
        var out = ["## Large examples (`winnow bench-scale`)", ""]
        out += Machine.provenance(tool: "winnow bench-scale", commandLine: commandLine, date: date)
        out.append(
            "- Each workload is a seeded generated task solved by `winnow solve --json` in a process of its own; `wall` includes reading "
                + "the task, `solve` is the synthesis time it reports, `peak memory` is the child's own high-water mark (`VmHWM`, read every 2 ms while it runs).")
        out.append(
            "- Peers, measured in the same run: the 5-row version of the 300-row task, and each large task again with "
                + "`--no-sampling` (the whole example searched, as before `docs/scale.md`).")
        out += ["", "| " + header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
        out += rows(results).map { "| " + $0.joined(separator: " | ") + " |" }
        out += [""] + bars(results, timeout: timeout).map { "- " + $0 }
        if let apply {
            out += [
                "", "### `--apply` on \(apply.rows) generated rows", "",
                "Each run in a process of its own on the same seeded CSV (\"Last, First\",number → first,last,number); the peer is the "
                    + "5-line Python `csv` loop a person would write, run in the same invocation.", "",
                "| " + applyHeader.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: applyHeader.count),
            ]
            out += applyRows(apply).map { "| " + $0.joined(separator: " | ") + " |" }
            out += [""] + apply.lines.map { "- " + $0 }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
