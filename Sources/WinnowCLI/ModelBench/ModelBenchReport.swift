import Foundation
import WinnowGate

/// The benchmark report with a model, as text and as Markdown: one row per gate mode, then the
/// disagreement slice, then what the run cost.
enum ModelBenchReport {
    static func text(_ summary: ModelBenchSummary, modelName: String, folder: String) -> String {
        var lines = [
            "bench \(folder) with model \(modelName): \(summary.cases) cases, \(summary.scored) scored"
                + (summary.resumed > 0 ? " (\(summary.resumed) resumed from the results file)" : ""),
            "direct answer on its own: \(summary.directPerfect) perfect, \(summary.directWrong) wrong, \(summary.directUnreadable) unreadable",
            "",
        ]
        lines += TextTable.lines(table(summary))
        lines.append("")
        lines.append("disagreement slice (a committed program passed the example, the direct answer differs):")
        for mode in summary.modes where mode.gate != .direct {
            lines.append("  \(mode.gate.rawValue): \(mode.disagreements) cases; program right \(mode.programRight), "
                + "direct right \(mode.directRight), neither \(mode.neitherRight)")
        }
        lines.append("")
        lines += costLines(summary)
        return lines.joined(separator: "\n")
    }

    static func markdown(_ summary: ModelBenchSummary, modelName: String, folder: String, commandLine: [String]) -> String {
        var lines = [
            "## Model channel: \(folder) with \(modelName)",
            "",
            "Command: `\(commandLine.joined(separator: " "))`",
            "",
            "\(summary.cases) cases, \(summary.scored) scored. Direct answer on its own: \(summary.directPerfect) perfect, "
                + "\(summary.directWrong) wrong, \(summary.directUnreadable) unreadable.",
            "",
        ]
        let rows = table(summary)
        lines.append("| " + rows[0].joined(separator: " | ") + " |")
        lines.append("|" + rows[0].map { _ in "---:" }.joined(separator: "|") + "|")
        for row in rows.dropFirst() { lines.append("| " + row.joined(separator: " | ") + " |") }
        lines.append("")
        lines.append("Disagreement slice (a committed program passed the example, the direct answer differs):")
        lines.append("")
        for mode in summary.modes where mode.gate != .direct {
            lines.append("- `\(mode.gate.rawValue)`: \(mode.disagreements) cases; program right \(mode.programRight), "
                + "direct right \(mode.directRight), neither \(mode.neitherRight)")
        }
        lines.append("")
        lines += costLines(summary).map { "- " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The per-mode table, header first.
    static func table(_ summary: ModelBenchSummary) -> [[String]] {
        let header = ["gate", "perfect", "wrong", "abstained", "programs", "precision", "answers", "recoveries", "regressions", "model errors"]
        var rows = [header]
        for mode in summary.modes {
            rows.append([
                mode.gate.rawValue,
                Format.fraction(mode.perfect, mode.scored),
                String(mode.wrong),
                String(mode.abstained),
                String(mode.programsCommitted),
                mode.programPrecision.map { String(format: "%d/%d (%.1f %%)", mode.programsPerfect, mode.programsCommitted, 100 * $0) } ?? "—",
                "\(mode.answersPerfect)/\(mode.answersCommitted)",
                mode.gate == .direct ? "—" : "+\(mode.recoveries)",
                mode.gate == .direct ? "—" : "−\(mode.regressions)",
                String(mode.modelErrors),
            ])
        }
        return rows
    }

    static func costLines(_ summary: ModelBenchSummary) -> [String] {
        [
            "model: \(summary.requests) requests (\(summary.retries) retries), \(summary.promptTokens) prompt + "
                + "\(summary.completionTokens) completion tokens, \(String(format: "%.1f", summary.modelSeconds)) s waiting in total",
            "programs: \(summary.programsChecked) checked in the jail (\(summary.repairs) repairs), "
                + "\(summary.programsReproduced) reproduced the example; \(summary.jailRuns) jail runs; "
                + "\(summary.unreadableReplies) unreadable replies; \(summary.casesWithModelErrors) cases with model errors",
            "wall time: \(String(format: "%.1f", summary.totalSeconds)) s",
        ]
    }
}
