import ArgumentParser
import Foundation
import WinnowControl
import WinnowCore
import WinnowGate
import WinnowTables

/// `winnow search`: the verifier MDP. Candidates that all reproduce the visible examples are put to
/// a policy, which probes, executes, queries the oracle and commits or abstains under a budget.
struct Search: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose among example-consistent programs with a policy, under a budget of queries and executions.",
        discussion: """
            TASKS is a task file (native JSON/JSONL with "domain": "table" or "aggregates", or a Foofah \
            case) or a folder of table task files. Each task's pool is every program the inventory search \
            finds that reproduces the visible examples (for tables, with --model, also every model program \
            that does so in the jail); the policy then acts (execute candidates on a \
            probe, query a hidden answer, commit, abstain). The report puts the policy beside `first` (the \
            plain visible-example gate) and `oracle` (commits a correct candidate whenever the pool has \
            one), and gives the share of that headroom the policy captures.
            """)

    @Argument(help: ArgumentHelp("Task file or folder of table task files.", valueName: "tasks"))
    var tasks: String

    @Option(help: ArgumentHelp("first, random, heuristic, learned:FILE, model or oracle.", valueName: "policy"))
    var policy: PolicySpec = .heuristic

    @Option(help: ArgumentHelp("What a task may spend: queries=Q,executions=E.", valueName: "budget"))
    var budget = BudgetSpec(argument: "queries=0,executions=1000")!

    @Option(name: .customLong("query-cost"), help: ArgumentHelp("What one query costs in reward.", valueName: "c"))
    var queryCost = RewardModel().queryCost

    @Option(name: .customLong("wrong-penalty"), help: ArgumentHelp("Reward of a wrong commit (a correct one is +1, abstaining 0).", valueName: "r"))
    var wrongPenalty = -1.0

    @Option(help: ArgumentHelp(
        "Fit the heuristic's rank prior (how far to trust the search's ranking) on this task file's pools; it needs hidden answers, so give a training split, not the tasks being scored.",
        valueName: "file"))
    var calibrate: String?

    @Option(name: .customLong("policy-seed"), help: ArgumentHelp("Seed of the stochastic policies.", valueName: "n"))
    var policySeed: UInt64 = 0

    @Option(name: .customLong("max-candidates"), help: ArgumentHelp("Candidates kept per task, best-ranked first.", valueName: "n"))
    var maxCandidates = 64

    @Flag(help: "Print one JSON object: summary, policies, decisions, unscored.")
    var json = false

    @OptionGroup(title: "Search") var search: SearchOptions
    @OptionGroup(title: "Model (for --policy model, and to add model programs to table pools)") var model: ModelOptions
    @OptionGroup(title: "Jail") var jail: JailOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard maxCandidates > 0 else { throw ValidationError("--max-candidates must be positive") }
        guard wrongPenalty <= 0 else { throw ValidationError("--wrong-penalty must be zero or negative") }
        if policy == .model, !model.enabled { throw ValidationError("--policy model needs --model URL (or --replay FILE)") }
    }

    func run() async throws {
        try await reportingFailures {
            let connected = model.enabled ? try await model.connect() : nil
            let policies = try makePolicies(connected, prior: try calibratedPrior())
            var times: [Double] = []
            var loaded = try ControlTasks.load(tasks, inventory: search.inventory, textInventory: search.textInventory, budget: search.budget, maxCandidates: maxCandidates, times: &times, prior: try search.loadPrior())
            if let connected, case .table(let problems, let items) = loaded {
                let proposer = model.proposer(connected)
                let rounds = model.repairRounds
                let withModel = try await withJailPool(profile: try SandboxLocator.load(explicit: jail.profile)) { pool in
                    try await ModelCandidates.add(to: problems, tasks: items, proposer: proposer, pool: pool, repairRounds: rounds)
                }
                loaded = .table(withModel, tasks: items)
            }
            try requireAnswers(loaded.scored)
            var evaluation = try await loaded.visit(EvaluateVisitor(policies: policies, budget: budget.budget, reward: reward, seed: policySeed))
            evaluation.candidateSearchMicroseconds = times
            let chosen = evaluation.runs.first { $0.policy == policy.name } ?? evaluation.runs[0]
            if json {
                StandardStreams.output(try JSONOutput.encode(SearchDocument(evaluation: evaluation, chosen: chosen, pools: loaded.pools)))
            } else {
                StandardStreams.output(SearchReport.text(evaluation, chosen: chosen, pools: loaded.pools))
            }
        }
    }

    private func makePolicies(_ connected: ConnectedModel?, prior: RankPrior) throws -> [any ControlPolicy] {
        switch policy {
        case .first, .oracle: return []
        case .random: return [RandomPolicy()]
        case .heuristic: return [HeuristicPolicy(threshold: reward.commitThreshold, prior: prior)]
        case .model:
            guard let connected else { throw CommandFailure("--policy model needs --model URL", exitCode: ExitStatus.usage) }
            return [ModelPolicy(model: connected.model, options: model.sampling)]
        case .learned(let path): return try LearnedPolicyFiles.load(path)
        }
    }

    var reward: RewardModel { RewardModel(wrongPenalty: wrongPenalty, queryCost: queryCost) }

    /// The rank prior fitted on `--calibrate`'s pools (built as the scored tasks' are), or the default.
    private func calibratedPrior() throws -> RankPrior {
        guard let calibrate else { return RankPrior() }
        var times: [Double] = []
        let training = try ControlTasks.load(calibrate, inventory: search.inventory, textInventory: search.textInventory, budget: search.budget, maxCandidates: maxCandidates, times: &times, prior: try search.loadPrior())
        let prior = training.rankPrior
        guard prior.observations > 0 else {
            throw CommandFailure("\(calibrate): no task has hidden answers and a correct candidate in its pool, so nothing calibrates the prior", exitCode: ExitStatus.badInput)
        }
        return prior
    }

    /// A query budget needs hidden answers: with none anywhere, say so instead of scoring nothing.
    private func requireAnswers(_ scored: [Bool]) throws {
        if !scored.isEmpty, !scored.contains(true) {
            throw CommandFailure("\(tasks): no task has hidden answers, so nothing can be scored or queried", exitCode: ExitStatus.badInput)
        }
    }
}

/// Runs `first`, the policies and the oracle on the problems.
struct EvaluateVisitor: ProblemVisitor {
    var policies: [any ControlPolicy]
    var budget: ControlBudget
    var reward: RewardModel
    var seed: UInt64

    func visit<Problem: ControlProblem>(_ problems: [Problem]) async throws -> ControlEvaluation {
        await ControlEvaluation.evaluate(problems, policies: policies, budget: budget, reward: reward, seed: seed)
    }
}
