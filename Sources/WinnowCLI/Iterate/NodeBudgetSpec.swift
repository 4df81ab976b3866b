import ArgumentParser
import WinnowSearch

/// `--budget nodes=K[,seconds=S]`: the search budget a round solves under. Nodes are the
/// deterministic limit the prior is judged by; seconds are only a safety net.
struct NodeBudgetSpec: ExpressibleByArgument, Sendable {
    var budget: SearchBudget

    init(nodes: Int, seconds: Int = 5) {
        budget = SearchBudget(maxExpansions: nodes, maxDuration: .seconds(seconds))
    }

    init?(argument: String) {
        var budget = SearchBudget()
        var sawNodes = false
        for part in argument.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return nil }
            switch pair[0] {
            case "nodes":
                guard let nodes = Int(pair[1]), nodes > 0 else { return nil }
                budget.maxExpansions = nodes
                sawNodes = true
            case "seconds":
                guard let seconds = Double(pair[1]), seconds > 0, seconds.isFinite else { return nil }
                budget.maxDuration = .milliseconds(Int((seconds * 1000).rounded()))
            default: return nil
            }
        }
        guard sawNodes else { return nil }
        self.budget = budget
    }

    var nodes: Int { budget.maxExpansions }

    var defaultValueDescription: String { "nodes=\(budget.maxExpansions)" }
}
