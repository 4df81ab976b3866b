import ArgumentParser
import Foundation
import WinnowCore
import WinnowHarvest
import WinnowLearn
import WinnowSearch
import WinnowTables

/// `winnow iterate`: expert iteration. Each round solves the pool under a tight node budget with
/// the current search prior, harvests the verified wins, trains the next prior on them, and
/// measures it beside two controls on task sets it never trains on.
struct Iterate: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        abstract: "Expert iteration: solve the pool, harvest verified programs, train the search prior, measure, repeat.",
        discussion: """
            Round 0 solves the pool (--pool) with the starting prior (--prior, else the uniform \
            inventory prices) under --budget, harvests every pipeline the jail verifies into OUT/data \
            (the same records as `winnow harvest`), trains a prior on every verified pipeline so far, and \
            measures it on each --eval set (under --budget) and on --foofah (under --foofah-budget) beside \
            two controls: a prior trained on the same steps with shuffled labels, and the uniform prior. \
            Each later round starts from the prior the round before trained. Evaluation tasks are never \
            solved for harvest, and a harvested record that matches one stops the run.

            With --model URL the pool is also put to the model each round, its verified programs join the \
            data, and with --train-cmd CMD the round's SFT data (OUT/round-N/sft/train.jsonl, valid.jsonl) \
            is handed to CMD, whose last line of output names the model the next round samples. See \
            docs/iterate.md for the environment CMD gets.

            Everything is kept in OUT (priors per round, the data, iterate.json); rerunning the same \
            command resumes after the last complete round.
            """)

    @Option(help: ArgumentHelp("Rounds to run.", valueName: "n"))
    var rounds = 3

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Training pool: task files or folders (answers optional).", valueName: "path"))
    var pool: [String]

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Held-out task files or folders, measured under --budget and never trained on.", valueName: "path"))
    var eval: [String] = []

    @Option(help: ArgumentHelp("Folder of Foofah cases, measured under --foofah-budget against the default search.", valueName: "folder"))
    var foofah: String?

    @Option(help: ArgumentHelp("Search budget of the pool and the --eval sets: nodes=K[,seconds=S].", valueName: "budget"))
    var budget = NodeBudgetSpec(nodes: 100)

    @Option(name: .customLong("foofah-budget"), help: ArgumentHelp("Search budget on --foofah: nodes=K[,seconds=S].", valueName: "budget"))
    var foofahBudget = NodeBudgetSpec(nodes: SearchBudget().maxExpansions)

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Folder for the run (created; resumed when it holds the same run).", valueName: "folder"))
    var output: String

    @Option(help: ArgumentHelp("Prior to start round 0 from (default: uniform).", valueName: "file"))
    var prior: String?

    @Option(help: ArgumentHelp(
        "Inventory file (default: $WINNOW_INVENTORY, else inventories/tables.json found above the working folder or the executable).",
        valueName: "file"))
    var inventory: String?

    @Option(name: .customLong("text-inventory"), help: ArgumentHelp(
        "Text inventory for cell programs (default: inventories/text.json found like the inventory; one with derive and replace disabled turns cell programs off).",
        valueName: "file"))
    var textInventory: String?

    @Option(name: .customLong("max-per-task"), help: ArgumentHelp("Verified programs kept per task and round.", valueName: "n"))
    var maxPerTask = HarvestOptions().maxPerTask

    @Flag(name: .customLong("require-hidden"), help: "Harvest only programs that also give the pool tasks' hidden answers.")
    var requireHidden = false

    @Option(name: .customLong("train-seed"), help: ArgumentHelp("Seed of the prior's training.", valueName: "n"))
    var trainSeed: UInt64 = 1

    @Option(name: .customLong("jobs"), help: ArgumentHelp("Tasks solved at once (default: the active processor count).", valueName: "n"))
    var requestedJobs: Int?

    @Option(name: .customLong("train-cmd"), help: ArgumentHelp("Fine-tune command run on each round's SFT data (needs --model).", valueName: "command"))
    var trainCommand: String?

    @Option(help: ArgumentHelp("Also write the table to this Markdown file (its own section).", valueName: "file"))
    var markdown: String?

    @Flag(help: "Print the run's log (iterate.json) instead of the table.")
    var json = false

    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Jail") var jail: JailOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard maxPerTask >= 1 else { throw ValidationError("--max-per-task must be at least 1") }
        if let requestedJobs, requestedJobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if trainCommand != nil, !model.enabled { throw ValidationError("--train-cmd fine-tunes the model: add --model URL") }
        if eval.isEmpty, foofah == nil { throw ValidationError("give at least one held-out set to measure on: --eval PATH or --foofah DIR") }
    }

    func run() async throws {
        try await reportingFailures {
            if let markdown { try OutputPath.checkWritable(markdown) }
            let inventory = try InventoryLocator.load(explicit: inventory, text: textInventory)
            let poolTasks = try TaskCatalog(paths: pool)
            guard !poolTasks.tasks.isEmpty else { throw CommandFailure("--pool holds no tasks", exitCode: ExitStatus.badInput) }
            var evaluations: [IterationRun.MeasuredSet] = []
            for path in eval {
                let tasks = try TaskCatalog(paths: [path]).tasks
                evaluations.append(.init(name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, tasks: tasks, budget: budget.budget))
            }
            if let foofah {
                evaluations.append(.init(name: "foofah", tasks: try TaskCatalog(paths: [foofah]).tasks, budget: foofahBudget.budget))
            }
            let held = Set(evaluations.flatMap { $0.tasks.map(\.id) })
            if let clash = poolTasks.tasks.first(where: { held.contains($0.id) }) {
                throw CommandFailure("task \(clash.id) is both in --pool and in an evaluation set; never train on what you measure", exitCode: ExitStatus.usage)
            }
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let settings = IterationLog.Settings(
                pool: pool, eval: eval, foofah: foofah, nodes: budget.nodes, foofahNodes: foofahBudget.nodes, maxPerTask: maxPerTask,
                trainSeed: trainSeed, requireHidden: requireHidden, prior: prior, model: model.model)
            var training = PriorTrainingConfig()
            training.seed = trainSeed
            var options = HarvestOptions()
            options.maxPerTask = maxPerTask
            options.requireHidden = requireHidden
            var run = IterationRun(
                pool: poolTasks.tasks, families: Dictionary(poolTasks.entries.map { ($0.task.id, $0.family) }, uniquingKeysWith: { first, _ in first }), evaluations: evaluations, inventory: inventory, budget: budget.budget,
                rounds: rounds, jobs: requestedJobs ?? ProcessInfo.processInfo.activeProcessorCount, output: output, training: training,
                harvest: options, startPrior: try prior.map { path throws(WinnowError) in try LearnedSearchPrior.load(path: path) },
                model: modelLoop(), settings: settings)
            let quiet = json
            run.onRound = { if !quiet { StandardStreams.error(IterateReport.poolLine($0)) } }
            let configured = run
            let log = try await withJailPool(profile: try SandboxLocator.load(explicit: jail.profile)) { pool in
                try await configured.run(executor: pool)
            }
            if let markdown {
                try MarkdownSections.write(section: "winnow iterate", body: IterateReport.markdown(log, commandLine: CommandLine.arguments), to: markdown)
            }
            StandardStreams.output(json ? try JSONOutput.encode(log) : IterateReport.text(log))
        }
    }

    private func modelLoop() -> IterationRun.ModelLoop? {
        guard model.enabled else { return nil }
        let options = model
        return IterationRun.ModelLoop(
            connect: { name in
                var named = options
                if let name { named.modelName = name }
                return try await named.connect()
            },
            proposer: { options.proposer($0) }, repairRounds: options.repairRounds,
            trainer: trainCommand.map(ExternalTrainer.init(command:)))
    }
}
