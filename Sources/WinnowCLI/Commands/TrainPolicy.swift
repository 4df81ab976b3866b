import ArgumentParser
import Foundation
import WinnowControl
import WinnowCore
import WinnowLearn

/// `winnow train-policy`: fits the learned controller on a training split, with its two controls.
struct TrainPolicy: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-policy",
        abstract: "Train the learned search policy (GRPO or DPO) on a training split, with its controls.",
        discussion: """
            Writes FILE and, beside it, the two controls trained on the same data and budget: \
            FILE.shuffled-rewards.json (rewards permuted across trajectories) and \
            FILE.scrambled-features.json (features moved to other states). `winnow search \
            --policy learned:FILE` evaluates all three. Train only on a training split: the \
            held-out split and the Foofah benchmark are for measuring.
            """)

    @Argument(help: ArgumentHelp("Training task file or folder (table or aggregates domain).", valueName: "tasks"))
    var tasks: String

    @Option(help: ArgumentHelp("grpo or dpo.", valueName: "method"))
    var method: TrainingMethod = .grpo

    @Option(help: ArgumentHelp("The budget the policy will run under: queries=Q,executions=E.", valueName: "budget"))
    var budget = BudgetSpec(argument: "queries=1,executions=1000")!

    @Option(help: ArgumentHelp("GRPO sweeps, or DPO passes per round.", valueName: "n"))
    var epochs = 20

    @Option(name: .customLong("hidden"), help: ArgumentHelp("Width of a tanh hidden layer (0: linear softmax).", valueName: "n"))
    var hidden = 0

    @Option(name: .customLong("train-seed"), help: ArgumentHelp("Seed of rollouts and initial weights.", valueName: "n"))
    var trainSeed: UInt64 = 1

    @Option(name: .customLong("query-cost"), help: ArgumentHelp("What one query costs in reward.", valueName: "c"))
    var queryCost = RewardModel().queryCost

    @Option(name: .customLong("wrong-penalty"), help: ArgumentHelp("Reward of a wrong commit.", valueName: "r"))
    var wrongPenalty = -1.0

    @Option(name: .customLong("max-candidates"), help: ArgumentHelp("Candidates kept per task.", valueName: "n"))
    var maxCandidates = 64

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Weights file to write (atomically).", valueName: "file"))
    var output: String

    @OptionGroup(title: "Search") var search: SearchOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
        guard hidden >= 0 else { throw ValidationError("--hidden cannot be negative") }
        guard wrongPenalty <= 0 else { throw ValidationError("--wrong-penalty must be zero or negative") }
    }

    var config: TrainingConfig {
        TrainingConfig(
            method: method, epochs: epochs, rounds: method == .dpo ? 6 : 1, hiddenUnits: hidden, seed: trainSeed,
            budget: budget.budget, reward: RewardModel(wrongPenalty: wrongPenalty, queryCost: queryCost))
    }

    func run() async throws {
        try await reportingFailures {
            for path in [output] + LearnedPolicyFiles.controls(of: output) { try OutputPath.checkWritable(path) }
            var times: [Double] = []
            let loaded = try ControlTasks.load(tasks, inventory: search.inventory, textInventory: search.textInventory, budget: search.budget, maxCandidates: maxCandidates, times: &times, prior: try search.loadPrior())
            guard loaded.scored.contains(true) else {
                throw CommandFailure("\(tasks): no task has hidden answers to train on", exitCode: ExitStatus.badInput)
            }
            let report = try await loaded.visit(TrainVisitor(config: config, output: output))
            StandardStreams.output(report)
        }
    }
}

/// Trains on the problems and writes the three weights files; returns the training-set report.
struct TrainVisitor: ProblemVisitor {
    var config: TrainingConfig
    var output: String

    func visit<Problem: ControlProblem>(_ problems: [Problem]) async throws -> String {
        let scored = problems.filter(\.isScored)
        let trained = await PolicyTrainer.trainWithControls(scored, config: config)
        do {
            try trained.learned.save(to: output)
            let controls = LearnedPolicyFiles.controls(of: output)
            try trained.shuffledRewards.save(to: controls[0])
            try trained.scrambledFeatures.save(to: controls[1])
        } catch {
            throw CommandFailure("cannot write the policy: \(error)", exitCode: ExitStatus.cannotWrite)
        }
        var lines = ["trained \(config.method.rawValue) on \(scored.count) tasks (budget queries=\(config.budget.queries), executions=\(config.budget.executions)); mean reward on the training tasks:"]
        for (name, policy) in [("initial", trained.initial), ("learned", trained.learned), ("shuffled-rewards control", trained.shuffledRewards),
                               ("scrambled-features control", trained.scrambledFeatures)] {
            let mean = policy.meanReward(on: scored, budget: config.budget, reward: config.reward, maxSteps: config.maxSteps)
            lines.append("  " + name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%+.3f", mean))
        }
        lines.append("wrote \(output) and its controls \(LearnedPolicyFiles.controls(of: output).joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}

extension TrainingMethod: ExpressibleByArgument {}
