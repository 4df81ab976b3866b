import Foundation
import WinnowControl

/// `winnow search` as text: each task's pool and the chosen policy's actions, then one line per
/// policy (first, the chosen one and its controls, oracle).
enum SearchReport {
    static func text(_ evaluation: ControlEvaluation, chosen: ControlEvaluation.Run, pools: [String: [String]]) -> String {
        var lines: [String] = []
        for episode in chosen.episodes {
            let pool = pools[episode.taskID] ?? []
            lines.append("task \(episode.taskID): \(pool.count) candidate\(pool.count == 1 ? "" : "s")")
            lines.append("  \(chosen.policy): " + episode.actions.joined(separator: " → ")
                + "  ⇒ \(episode.outcome.rawValue) (queries \(episode.queries), executions \(episode.executions))")
            if let committed = episode.committed, committed < pool.count { lines.append("  committed: \(pool[committed])") }
        }
        if !evaluation.unscored.isEmpty {
            lines.append("unscored (no hidden answers): \(evaluation.unscored.joined(separator: ", "))")
        }
        lines.append("")
        lines += TextTable.lines(table(evaluation))
        lines.append(String(format: "candidate search: median %.3f ms per task (before the policy acts)", evaluation.medianCandidateSearchMicroseconds / 1000))
        return lines.joined(separator: "\n")
    }

    static func table(_ evaluation: ControlEvaluation) -> [[String]] {
        let header = ["policy", "tasks", "correct", "wrong", "abstained", "queries", "executions", "headroom", "median decision"]
        var rows = [header]
        for run in evaluation.runs {
            let s = evaluation.summary(of: run)
            rows.append([
                s.policy, String(s.tasks), String(s.correct), String(s.wrong), String(s.abstained), String(s.queries),
                String(s.executions), s.headroomCaptured.map { String(format: "%.1f %%", 100 * $0) } ?? "—",
                String(format: "%.3f ms", s.medianDecisionMicroseconds / 1000),
            ])
        }
        return rows
    }
}

/// The `search --json` document: `summary` is the chosen policy's line, `policies` every line,
/// `decisions` the chosen policy's per-task episodes.
struct SearchDocument: Encodable {
    var evaluation: ControlEvaluation
    var chosen: ControlEvaluation.Run

    private enum Key: String, CodingKey {
        case summary, policies, decisions, unscored
        case candidateSearchMedianMicroseconds = "candidate_search_median_us"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(evaluation.summary(of: chosen), forKey: .summary)
        try container.encode(evaluation.runs.map(evaluation.summary(of:)), forKey: .policies)
        try container.encode(chosen.episodes, forKey: .decisions)
        try container.encode(evaluation.unscored, forKey: .unscored)
        try container.encode(evaluation.medianCandidateSearchMicroseconds, forKey: .candidateSearchMedianMicroseconds)
    }
}
