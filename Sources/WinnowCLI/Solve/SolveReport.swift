import Foundation
import WinnowCore
import WinnowTables

/// The human report `winnow solve` prints: what was committed, how sure the search is, and what the
/// program does to the held-out input(s).
enum SolveReport {
    /// Rows of each held-out output shown; the rest are counted, and `-o` or `--json` give them all.
    static let maxRowsShown = 40
    /// Rows shown when the whole output went to a file: a preview is enough to recognise it.
    static let maxRowsPreviewed = 10

    static func text(
        taskID: String, result: TableSolver.Result, outputs: [Table], queryCount: Int, writtenTo file: String? = nil,
        rowsWritten: Int? = nil
    ) -> String {
        let time = String(format: "%.1f ms", result.duration.milliseconds)
        guard let program = result.program else {
            guard result.abstained else { return "task \(taskID): no program found (\(failureSummary(result)); \(time))" }
            return (["task \(taskID): abstained (\(failureSummary(result)); \(time))"]
                + ambiguityLines(result.ambiguity, queryCount: queryCount)
                + ["", "give a few more example rows (those above settle it), or --commit-share 0 to commit the leading one anyway"])
                .joined(separator: "\n")
        }
        var lines = [
            "task \(taskID): solved in \(time), \(result.expanded) nodes expanded",
            "program (\(program.steps.count) \(program.steps.count == 1 ? "step" : "steps")):",
        ]
        lines += program.description.split(separator: "\n").map { "  " + $0 }
        lines.append("distinct consistent programs found: \(result.consistent.count)")
        if result.ambiguity.isAmbiguous { lines += ambiguityLines(result.ambiguity, queryCount: queryCount) }
        if queryCount == 0 {
            lines.append("no held-out input to transform")
        }
        for (index, output) in outputs.enumerated() {
            let label = outputs.count > 1 ? "held-out input \(index + 1) of \(outputs.count)" : "held-out input"
            lines.append("")
            lines.append(rowsWritten == nil ? "\(label), transformed (\(output.rowCount) rows):" : "\(label), its first records transformed:")
            lines.append(TableRenderer.render(output, maxRows: file == nil ? maxRowsShown : maxRowsPreviewed))
        }
        if let file, let count = rowsWritten ?? outputs.first?.rowCount {
            lines.append("")
            lines.append("wrote \(count) rows to \(file)")
        }
        return lines.joined(separator: "\n")
    }

    /// Rows of disagreement shown per held-out input; the count says how many there are.
    static let maxDisagreementsShown = 5

    /// The behaviours and where they part: each group's share and best program, then, for the first
    /// rows they disagree on, what each group makes of the row.
    static func ambiguityLines(_ ambiguity: TableAmbiguity, queryCount: Int) -> [String] {
        var lines = ["", "ambiguous: \(ambiguity.groups.count) behaviours on the held-out input"]
        for (index, group) in ambiguity.groups.enumerated() {
            let share = String(format: "%.0f%%", group.share * 100)
            let members = "\(group.members) program\(group.members == 1 ? "" : "s")"
            lines.append("  \(label(index)): \(share) of belief, \(members); best: \(group.best.steps.isEmpty ? "identity()" : group.best.steps.map(\.description).joined(separator: " | "))")
        }
        for disagreement in ambiguity.disagreements {
            let input = queryCount > 1 ? "held-out input \(disagreement.query + 1)" : "the held-out input"
            guard let rows = disagreement.rows else {
                lines.append("they disagree on \(input) as a whole (they do not keep its rows in place)")
                continue
            }
            lines.append("they disagree on \(rows.count) row\(rows.count == 1 ? "" : "s") of \(input):")
            for r in rows.prefix(maxDisagreementsShown) {
                let outputs = ambiguity.groups.enumerated().map { index, group in
                    "\(label(index)) " + (group.outputs[disagreement.query].map { render($0.rows[r]) } ?? "(fails)")
                }
                lines.append("  row \(r + 1): " + outputs.joined(separator: "  "))
            }
            if rows.count > maxDisagreementsShown { lines.append("  … \(rows.count - maxDisagreementsShown) more") }
        }
        return lines
    }

    /// A behaviour's name in reports: A, B, …, Z, then its number.
    static func label(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : "#\(index + 1)"
    }

    private static func render(_ row: [String]) -> String {
        "[" + row.map { "\"" + $0 + "\"" }.joined(separator: ", ") + "]"
    }

    /// Why nothing was committed, in a few words.
    static func failureSummary(_ result: TableSolver.Result) -> String {
        if result.abstained, let leader = result.ambiguity.groups.first {
            return "\(result.consistent.count) programs reproduce the example but split into \(result.ambiguity.groups.count)"
                + " behaviours on the held-out input; the leading one holds \(String(format: "%.0f%%", leader.share * 100)) of belief"
        }
        return switch result.status {
        case .timeout: "wall-clock budget ran out after \(result.expanded) nodes expanded"
        case .memory: "memory ceiling (--max-memory) reached after \(result.expanded) nodes expanded"
        case .unsolved, .solved: "no pipeline reproduces the example within \(result.expanded) nodes expanded"
        }
    }
}
