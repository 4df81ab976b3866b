import ArgumentParser
import WinnowControl

/// `--budget queries=Q,executions=E`.
struct BudgetSpec: ExpressibleByArgument, Sendable {
    var budget: ControlBudget

    init?(argument: String) {
        var budget = ControlBudget()
        for part in argument.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let value = Int(pair[1]), value >= 0 else { return nil }
            switch pair[0] {
            case "queries": budget.queries = value
            case "executions": budget.executions = value
            default: return nil
            }
        }
        self.budget = budget
    }

    var defaultValueDescription: String { "queries=\(budget.queries),executions=\(budget.executions)" }
}

/// `--policy first|random|heuristic|learned:FILE|model|oracle`.
enum PolicySpec: ExpressibleByArgument, Sendable, Equatable {
    case first, random, heuristic, oracle, model
    case learned(String)

    init?(argument: String) {
        switch argument {
        case "first": self = .first
        case "random": self = .random
        case "heuristic": self = .heuristic
        case "oracle": self = .oracle
        case "model": self = .model
        default:
            guard argument.hasPrefix("learned:"), argument.count > "learned:".count else { return nil }
            self = .learned(String(argument.dropFirst("learned:".count)))
        }
    }

    var name: String {
        switch self {
        case .first: "first"
        case .random: "random"
        case .heuristic: "heuristic"
        case .oracle: "oracle"
        case .model: "model"
        case .learned: "learned"
        }
    }

    static let allValueStrings = ["first", "random", "heuristic", "learned:FILE", "model", "oracle"]
}
