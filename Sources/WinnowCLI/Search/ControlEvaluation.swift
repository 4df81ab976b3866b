import Foundation
import WinnowControl

/// Episodes of several policies over the same problems, and what they add up to.
struct ControlEvaluation: Sendable {
    /// One policy's episodes, one per scored problem, in problem order.
    struct Run: Sendable {
        var policy: String
        var episodes: [EpisodeResult]
    }

    var runs: [Run]
    /// Task ids that have no hidden answers: run, but neither right nor wrong.
    var unscored: [String]
    /// Time to build each task's candidate pool (the inventory search), microseconds.
    var candidateSearchMicroseconds: [Double] = []

    var medianCandidateSearchMicroseconds: Double {
        let sorted = candidateSearchMicroseconds.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// Runs `first`, every policy given, and the oracle on every scored problem.
    static func evaluate<P: ControlProblem>(
        _ problems: [P], policies: [any ControlPolicy], budget: ControlBudget, reward: RewardModel, seed: UInt64
    ) async -> ControlEvaluation {
        let scored = problems.filter(\.isScored)
        var all: [any ControlPolicy] = [FirstPolicy()]
        all += policies.filter { $0.name != "first" }
        var runs: [Run] = []
        for policy in all {
            var episodes: [EpisodeResult] = []
            for (index, problem) in scored.enumerated() {
                let episode = Episode(problem: problem, budget: budget, reward: reward)
                episodes.append(await episode.run(policy, seed: seed &+ UInt64(index)))
            }
            runs.append(Run(policy: policy.name, episodes: episodes))
        }
        runs.append(Run(policy: "oracle", episodes: scored.map { Episode(problem: $0, budget: budget, reward: reward).oracleResult() }))
        return ControlEvaluation(runs: runs, unscored: problems.filter { !$0.isScored }.map(\.taskID))
    }

    func summary(of run: Run) -> ControlSummary {
        ControlSummary(run: run, first: runs.first { $0.policy == "first" }, oracle: runs.first { $0.policy == "oracle" })
    }
}

/// The aggregate line of one policy: the `--json` `summary`.
struct ControlSummary: Encodable, Sendable {
    var policy: String
    var tasks: Int
    var correct: Int
    var wrong: Int
    var abstained: Int
    var queries: Int
    var executions: Int
    /// (correct − first's correct) / (oracle's correct − first's correct); nil when there is no headroom.
    var headroomCaptured: Double?
    var reward: Double
    var medianDecisionMicroseconds: Double

    private enum CodingKeys: String, CodingKey {
        case policy, tasks, correct, wrong, abstained, queries, executions, reward
        case headroomCaptured = "headroom_captured"
        case medianDecisionMicroseconds = "median_decision_us"
    }

    init(run: ControlEvaluation.Run, first: ControlEvaluation.Run?, oracle: ControlEvaluation.Run?) {
        policy = run.policy
        let episodes = run.episodes
        tasks = episodes.count
        correct = episodes.filter { $0.outcome == .correct }.count
        wrong = episodes.filter { $0.outcome == .wrong }.count
        abstained = episodes.filter { $0.outcome == .abstained }.count
        queries = episodes.reduce(0) { $0 + $1.queries }
        executions = episodes.reduce(0) { $0 + $1.executions }
        reward = episodes.reduce(0) { $0 + $1.reward }
        let base = first?.episodes.filter { $0.outcome == .correct }.count ?? 0
        let top = oracle?.episodes.filter { $0.outcome == .correct }.count ?? 0
        headroomCaptured = top > base ? Double(correct - base) / Double(top - base) : nil
        let times = episodes.map(\.microseconds).sorted()
        medianDecisionMicroseconds = times.isEmpty ? 0 : times[times.count / 2]
    }
}
