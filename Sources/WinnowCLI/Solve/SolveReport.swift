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
        taskID: String, result: TableSolver.Result, outputs: [Table], queryCount: Int, writtenTo file: String? = nil
    ) -> String {
        let time = String(format: "%.1f ms", result.duration.milliseconds)
        guard let program = result.program else {
            return "task \(taskID): no program found (\(failureSummary(result)); \(time))"
        }
        var lines = [
            "task \(taskID): solved in \(time), \(result.expanded) nodes expanded",
            "program (\(program.steps.count) \(program.steps.count == 1 ? "step" : "steps")):",
        ]
        lines += program.description.split(separator: "\n").map { "  " + $0 }
        lines.append("distinct consistent programs found: \(result.consistent.count)")
        if queryCount == 0 {
            lines.append("no held-out input to transform")
        }
        for (index, output) in outputs.enumerated() {
            let label = outputs.count > 1 ? "held-out input \(index + 1) of \(outputs.count)" : "held-out input"
            lines.append("")
            lines.append("\(label), transformed (\(output.rowCount) rows):")
            lines.append(TableRenderer.render(output, maxRows: file == nil ? maxRowsShown : maxRowsPreviewed))
        }
        if let file, let output = outputs.first {
            lines.append("")
            lines.append("wrote \(output.rowCount) rows to \(file)")
        }
        return lines.joined(separator: "\n")
    }

    /// Why nothing was committed, in a few words.
    static func failureSummary(_ result: TableSolver.Result) -> String {
        switch result.status {
        case .timeout: "wall-clock budget ran out after \(result.expanded) nodes expanded"
        case .unsolved, .solved: "no pipeline reproduces the example within \(result.expanded) nodes expanded"
        }
    }
}
