import ArgumentParser
import Foundation
import WinnowControl
import WinnowCore
import WinnowLearn
import WinnowTables

/// `winnow bench-search`: the verifier-MDP benchmark. Held-out aggregate tasks (the learned policy
/// trained on the training split) and the Foofah cases (the learned policy cross-validated by
/// scenario), each under zero and one query, every policy beside `first`, `oracle` and the learned
/// policy's controls.
struct BenchSearch: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-search",
        abstract: "Benchmark the search policies: correct commits, headroom captured, controls, decision time.")

    @Option(name: .customLong("aggregates-train"), help: ArgumentHelp("Aggregate training split.", valueName: "file"))
    var aggregatesTrain = "tasks/aggregates/train.jsonl"

    @Option(name: .customLong("aggregates-heldout"), help: ArgumentHelp("Aggregate held-out split.", valueName: "file"))
    var aggregatesHeldout = "tasks/aggregates/heldout.jsonl"

    @Option(help: ArgumentHelp("Folder of Foofah cases (omit to skip the table domain).", valueName: "folder"))
    var foofah: String?

    @Option(help: ArgumentHelp("Folds of the by-scenario cross-validation on Foofah.", valueName: "n"))
    var folds = 5

    @Option(name: .customLong("aggregates-inventory"), help: ArgumentHelp("Aggregates inventory (default: the shipped one).", valueName: "file"))
    var aggregatesInventory: String?

    @Option(name: .customLong("query-cost"), help: ArgumentHelp("What one query costs in reward.", valueName: "c"))
    var queryCost = RewardModel().queryCost

    @Option(name: .customLong("wrong-penalty"), help: ArgumentHelp("Reward of a wrong commit (a correct one is +1, abstaining 0).", valueName: "r"))
    var wrongPenalty = RewardModel().wrongPenalty

    var reward: RewardModel { RewardModel(wrongPenalty: wrongPenalty, queryCost: queryCost) }

    @Option(help: ArgumentHelp("Also write a Markdown report to this file (its own section).", valueName: "file"))
    var markdown: String?

    @Flag(help: "Print one JSON object instead of the tables.")
    var json = false

    @OptionGroup(title: "Search") var search: SearchOptions
    @OptionGroup var global: GlobalOptions

    static let budgets = [ControlBudget(queries: 0, executions: 1_000), ControlBudget(queries: 1, executions: 1_000)]

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard wrongPenalty <= 0, queryCost >= 0 else { throw ValidationError("--wrong-penalty must be ≤ 0 and --query-cost ≥ 0") }
    }

    func run() async throws {
        try await reportingFailures {
            if let markdown { try OutputPath.checkWritable(markdown) }
            var sections: [SearchBenchSection] = []
            var times: [Double] = []
            let train = try ControlTasks.load(aggregatesTrain, inventory: aggregatesInventory, budget: search.budget, maxCandidates: 64, times: &times)
            times = []
            let heldout = try ControlTasks.load(aggregatesHeldout, inventory: aggregatesInventory, budget: search.budget, maxCandidates: 64, times: &times)
            guard case .aggregates(let trainProblems) = train, case .aggregates(let heldoutProblems) = heldout else {
                throw CommandFailure("--aggregates-train and --aggregates-heldout must hold aggregate tasks", exitCode: ExitStatus.badInput)
            }
            for budget in Self.budgets {
                let policies = try await Self.trained(on: trainProblems, budget: budget, reward: reward)
                var evaluation = await ControlEvaluation.evaluate(
                    heldoutProblems, policies: [RandomPolicy(), Self.heuristic(fittedOn: trainProblems, reward: reward)] + policies, budget: budget, reward: reward, seed: 1)
                evaluation.candidateSearchMicroseconds = times
                sections.append(SearchBenchSection(
                    title: "aggregates, held-out split (\(heldoutProblems.count) tasks), queries ≤ \(budget.queries)", evaluation: evaluation))
            }
            if let foofah {
                var tableTimes: [Double] = []
                guard case .table(let problems, _) = try ControlTasks.load(
                    foofah, inventory: search.inventory, textInventory: search.textInventory, budget: search.budget, maxCandidates: 64, times: &tableTimes, prior: try search.loadPrior())
                else { throw CommandFailure("\(foofah): not table tasks", exitCode: ExitStatus.badInput) }
                for budget in Self.budgets {
                    var evaluation = try await Self.crossValidated(problems.filter(\.isScored), folds: folds, budget: budget, reward: reward)
                    evaluation.candidateSearchMicroseconds = tableTimes
                    sections.append(SearchBenchSection(
                        title: "Foofah (\(evaluation.runs.first?.episodes.count ?? 0) scored cases), learned cross-validated by scenario in \(folds) folds, queries ≤ \(budget.queries)",
                        evaluation: evaluation))
                }
            }
            if let markdown {
                try MarkdownSections.write(section: "winnow bench-search", body: SearchBenchReport.markdown(sections, reward: reward, commandLine: CommandLine.arguments), to: markdown)
            }
            if json {
                StandardStreams.output(try JSONOutput.encode(sections.map { SearchBenchSection.Document(section: $0) }))
            } else {
                StandardStreams.output(SearchBenchReport.text(sections))
            }
        }
    }

    /// The heuristic with its rank prior fitted on the training problems only.
    static func heuristic<P: ControlProblem>(fittedOn problems: [P], reward: RewardModel) -> HeuristicPolicy {
        HeuristicPolicy(threshold: reward.commitThreshold, prior: RankPrior.fit(problems))
    }

    /// GRPO and DPO policies, each with its two controls, trained on `problems` under `budget`.
    static func trained<P: ControlProblem>(on problems: [P], budget: ControlBudget, reward: RewardModel) async throws -> [any ControlPolicy] {
        var policies: [any ControlPolicy] = []
        for method in TrainingMethod.allCases {
            let config = TrainingConfig(method: method, rounds: method == .dpo ? 6 : 1, seed: 1, budget: budget, reward: reward)
            let trained = await PolicyTrainer.trainWithControls(problems.filter(\.isScored), config: config)
            policies += [trained.learned, trained.shuffledRewards, trained.scrambledFeatures].map {
                RenamedPolicy(base: $0, name: "\($0.name) (\(method.rawValue))")
            }
        }
        return policies
    }

    /// Every policy on every problem, the learned ones trained on the other folds' scenarios only.
    static func crossValidated(_ problems: [TableProblem], folds: Int, budget: ControlBudget, reward: RewardModel) async throws -> ControlEvaluation {
        let scenarios = Array(Set(problems.map { BenchCase.scenario(of: $0.taskID).scenario })).sorted()
        var merged: [String: [EpisodeResult]] = [:]
        var order: [String] = []
        for fold in 0..<folds {
            let held = Set(scenarios.enumerated().filter { $0.offset % folds == fold }.map(\.element))
            let test = problems.filter { held.contains(BenchCase.scenario(of: $0.taskID).scenario) }
            let train = problems.filter { !held.contains(BenchCase.scenario(of: $0.taskID).scenario) }
            guard !test.isEmpty else { continue }
            let learned = try await trained(on: train, budget: budget, reward: reward)
            let evaluation = await ControlEvaluation.evaluate(test, policies: [heuristic(fittedOn: train, reward: reward)] + learned, budget: budget, reward: reward, seed: 1)
            for run in evaluation.runs {
                if merged[run.policy] == nil { order.append(run.policy) }
                merged[run.policy, default: []] += run.episodes
            }
        }
        return ControlEvaluation(runs: order.map { ControlEvaluation.Run(policy: $0, episodes: merged[$0]!) }, unscored: [])
    }
}

/// A policy shown under another name (to tell GRPO and DPO runs apart in one table).
struct RenamedPolicy: ControlPolicy {
    var base: any ControlPolicy
    var name: String

    func act<Value>(_ state: ControlState<Value>, context: PolicyContext) async -> ControlAction {
        await base.act(state, context: context)
    }
}
