import Foundation
import WinnowControl
import WinnowTables

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
/// `decisions` the chosen policy's per-task episodes, each with the committed program's text.
struct SearchDocument: Encodable {
    var evaluation: ControlEvaluation
    var chosen: ControlEvaluation.Run
    /// Each task's candidates as readable text (`ControlTasks.pools`), for the decisions' `program`.
    var pools: [String: [String]] = [:]

    private enum Key: String, CodingKey {
        case summary, policies, decisions, unscored
        case candidateSearchMedianMicroseconds = "candidate_search_median_us"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(evaluation.summary(of: chosen), forKey: .summary)
        try container.encode(evaluation.runs.map(evaluation.summary(of:)), forKey: .policies)
        try container.encode(chosen.episodes.map { SearchDecision(episode: $0, pool: pools[$0.taskID] ?? []) }, forKey: .decisions)
        try container.encode(evaluation.unscored, forKey: .unscored)
        try container.encode(evaluation.medianCandidateSearchMicroseconds, forKey: .candidateSearchMedianMicroseconds)
    }
}

/// One `decisions` entry: the episode's own keys, plus `program`, the committed table pipeline's
/// operator lines as `solve --json` prints them (null when nothing was committed, or the committed
/// candidate is not a pipeline), so `winnow harvest` can read search wins back.
private struct SearchDecision: Encodable {
    var episode: EpisodeResult
    var pool: [String]

    private enum Key: String, CodingKey { case program }

    func encode(to encoder: any Encoder) throws {
        try episode.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(program, forKey: .program)
    }

    var program: [String]? {
        guard let committed = episode.committed, committed < pool.count else { return nil }
        let lines = Self.steps(pool[committed])
        guard (try? Pipeline(parsing: lines)) != nil else { return nil }
        return lines
    }

    /// A pool entry's steps: it joins them with " | ", which may also occur inside a quoted string.
    static func steps(_ name: String) -> [String] {
        let scalars = Array(name.unicodeScalars)
        let separator = Array(" | ".unicodeScalars)
        var steps: [String] = []
        var current = String.UnicodeScalarView()
        var quoted = false
        var index = 0
        while index < scalars.count {
            if !quoted, scalars[index...].starts(with: separator) {
                steps.append(String(current))
                current = String.UnicodeScalarView()
                index += separator.count
                continue
            }
            let scalar = scalars[index]
            if quoted, scalar == "\\", index + 1 < scalars.count {
                current.append(scalar)
                index += 1
            } else if scalar == "\"" {
                quoted.toggle()
            }
            current.append(scalars[index])
            index += 1
        }
        return steps + [String(current)]
    }
}
