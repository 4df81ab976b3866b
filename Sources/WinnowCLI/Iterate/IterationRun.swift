import Foundation
import Logging
import WinnowCore
import WinnowGate
import WinnowHarvest
import WinnowJail
import WinnowLearn
import WinnowSearch
import WinnowTables

/// Expert iteration over the search prior (and, with a model, over the model): each round solves
/// the pool under a tight budget with the prior it starts from, harvests what the jail verifies,
/// trains the next prior on every verified pipeline so far, and measures it beside its controls
/// on task sets it never trains on.
struct IterationRun: Sendable {
    /// A task set the priors are measured on (never trained on), and the budget it is measured under.
    struct MeasuredSet: Sendable {
        var name: String
        var tasks: [SynthesisTask<Table>]
        var budget: SearchBudget
    }

    /// The model side of the loop: how to reach the model a round samples, and who fine-tunes it.
    struct ModelLoop: Sendable {
        var connect: @Sendable (String?) async throws -> ConnectedModel
        var proposer: @Sendable (ConnectedModel) -> ModelProposer
        var repairRounds: Int
        var trainer: ExternalTrainer?
    }

    var pool: [SynthesisTask<Table>]
    var families: [String: String]
    var evaluations: [MeasuredSet]
    var inventory: Inventory
    var budget: SearchBudget
    var rounds: Int
    var jobs: Int
    var output: String
    var training: PriorTrainingConfig
    var harvest: HarvestOptions
    var startPrior: LearnedSearchPrior?
    var model: ModelLoop?
    var settings: IterationLog.Settings
    /// Called with the log after every round (for progress).
    var onRound: @Sendable (IterationLog.Round) -> Void = { _ in }

    private var logger: Logger { Logger(label: "winnow.iterate") }
    private var logPath: String { folder("iterate.json") }

    private func folder(_ parts: String...) -> String {
        parts.reduce(URL(fileURLWithPath: output)) { $0.appendingPathComponent($1) }.path
    }

    func run(executor: some Executor) async throws -> IterationLog {
        var log = try resumedLog()
        var dataset = try HarvestDataset(folder: folder("data"), options: harvest)
        let guardSet = WinnowHarvest.EvaluationSet(tasks: evaluations.flatMap(\.tasks))
        var prior = try currentPrior(after: log)
        var modelName = log.rounds.last?.nextModel
        let byID = Dictionary(pool.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let harvester = Harvester(options: harvest, executor: executor)
        let uniformScores = try await uniformScores(cached: log)

        for round in log.rounds.count..<rounds {
            let clock = ContinuousClock()
            let started = clock.now
            let roundFolder = folder("round-\(round)")
            try makeFolder(roundFolder)

            // 1. Solve the pool with the prior this round starts from.
            let solver = solver(budget, prior)
            let (results, poolSeconds) = await ParallelSolve.run(pool, solver: solver, jobs: jobs)
            var sources: [HarvestSource] = []
            // One program per behaviour on the held-out inputs: the pool's other programs of a cell
            // step mostly write the same behaviour again, and would crowd the model's records out of
            // the per-task cap.
            for (task, result) in zip(pool, results) where result.status == .solved {
                for pipeline in result.ambiguity.groups.prefix(harvest.maxPerTask).map(\.best) {
                    sources.append(source(task, .pipeline(pipeline), origin: "search", model: "", round: round))
                }
            }
            // 2. With a model, sample programs on the pool too.
            var connected: ConnectedModel?
            var modelSolved = 0
            if let model {
                let current = try await model.connect(modelName)
                connected = current
                modelName = current.name
                var gatherer = GatedSolver(search: nil, proposer: model.proposer(current), checker: ProgramChecker(executor: executor))
                gatherer.repairRounds = model.repairRounds
                for task in pool {
                    let evidence = try await gatherer.gather(task, for: [.ensemble])
                    var any = false
                    for program in evidence.programs where program.isCommittable {
                        guard case .python(let code) = program.code else { continue }
                        sources.append(source(task, .python(code), origin: "model", model: current.name, round: round))
                        any = true
                    }
                    if any { modelSolved += 1 }
                }
            }
            // 3. Harvest what the jail verifies, never anything that touches an evaluation task.
            let verified = try await harvester.verify(sources)
            for record in verified.records {
                if let leak = guardSet.leak(in: record) {
                    throw CommandFailure("round \(round): a harvested record matches an evaluation task (\(leak)); the pool and the evaluation sets overlap", exitCode: ExitStatus.badInput)
                }
            }
            let added = dataset.add(verified.records)
            try dataset.write()

            // 4. Train the next prior, and its shuffled-label control, on every verified pipeline so far.
            let examples = try trainingExamples(dataset, tasks: byID)
            let trained = LearnedSearchPrior.train(examples, config: training)
            var control = training
            control.shuffledLabels = true
            let shuffled = LearnedSearchPrior.train(examples, config: control)
            try trained.save(to: URL(fileURLWithPath: roundFolder).appendingPathComponent("prior.json").path)
            try shuffled.save(to: URL(fileURLWithPath: roundFolder).appendingPathComponent("prior.shuffled-labels.json").path)

            // 5. Measure all three arms on every evaluation set.
            var evaluated: [IterationLog.Evaluation] = []
            for (set, uniform) in zip(evaluations, uniformScores) {
                var arms = [PriorArm.uniform.rawValue: uniform]
                for (arm, armPrior) in [(PriorArm.trained, trained), (.shuffledLabels, shuffled)] {
                    let (scored, seconds) = await ParallelSolve.run(set.tasks, solver: self.solver(set.budget, armPrior), jobs: jobs)
                    arms[arm.rawValue] = ArmScore(tasks: set.tasks, results: scored, seconds: seconds)
                }
                evaluated.append(IterationLog.Evaluation(name: set.name, nodes: set.budget.maxExpansions, arms: arms))
            }

            // 6. With a train command: the round's SFT data, the user's fine-tune, the next model.
            var nextModel = connected?.name ?? ""
            if let trainer = model?.trainer, let connected {
                let sft = folder("round-\(round)", "sft")
                try makeFolder(sft)
                var roundData = try HarvestDataset(folder: sft, options: harvest)
                _ = roundData.add(dataset.records)
                try roundData.write()
                let checkpoints = folder("round-\(round)", "train-output")
                try makeFolder(checkpoints)
                nextModel = try await trainer.run(
                    ExternalTrainer.Round(round: round, dataFolder: sft, outputFolder: checkpoints, baseModel: log.rounds.first?.model ?? connected.name, currentModel: connected.name),
                    log: folder("round-\(round)", "train-cmd.log"))
                logger.info("fine-tuned", metadata: ["round": "\(round)", "model": "\(nextModel)"])
            }

            let record = IterationLog.Round(
                round: round, pool: ArmScore(tasks: pool, results: results, seconds: poolSeconds), added: added,
                records: dataset.records.count, trainingSteps: examples.count, modelSolved: modelSolved,
                model: connected?.name ?? "", nextModel: nextModel, evaluations: evaluated,
                seconds: (clock.now - started).milliseconds / 1000)
            log.rounds.append(record)
            try log.save(path: logPath)
            onRound(record)
            prior = trained
            modelName = model == nil ? nil : nextModel
        }
        return log
    }

    private func solver(_ budget: SearchBudget, _ prior: LearnedSearchPrior?) -> TableSolver {
        var solver = TableSolver(inventory: inventory, budget: budget, parallel: false)
        solver.prior = prior
        return solver
    }

    private func source(_ task: SynthesisTask<Table>, _ program: HarvestProgram, origin: String, model: String, round: Int) -> HarvestSource {
        HarvestSource(task: task, family: families[task.id] ?? task.id, program: program, origin: origin, model: model, round: round, run: "iterate round \(round)")
    }

    /// The uniform arm does not change between rounds: measured once, then read from the log.
    private func uniformScores(cached log: IterationLog) async throws -> [ArmScore] {
        if let first = log.rounds.first, first.evaluations.count == evaluations.count {
            return first.evaluations.compactMap { $0.arms[PriorArm.uniform.rawValue] }
        }
        var scores: [ArmScore] = []
        for set in evaluations {
            let (results, seconds) = await ParallelSolve.run(set.tasks, solver: solver(set.budget, nil), jobs: jobs)
            scores.append(ArmScore(tasks: set.tasks, results: results, seconds: seconds))
        }
        return scores
    }

    /// Every step of every verified search pipeline in the data set, replayed on its task's example.
    private func trainingExamples(_ dataset: HarvestDataset, tasks: [String: SynthesisTask<Table>]) throws -> [PriorExample] {
        var examples: [PriorExample] = []
        for record in dataset.records where !record.meta.pipeline.isEmpty && record.meta.view == "program" {
            guard let task = tasks[record.meta.taskID], let example = task.examples.first else { continue }
            let pipeline = try Pipeline(parsing: record.meta.pipeline.split(separator: "\n").map(String.init))
            examples += PriorExample.steps(of: pipeline, on: example)
        }
        return examples
    }

    private func resumedLog() throws -> IterationLog {
        guard let log = try IterationLog.load(path: logPath) else { return IterationLog(settings: settings) }
        guard log.settings == settings else {
            throw CommandFailure("\(output) holds an iterate run with other settings; give a new output folder (or the same options to resume)", exitCode: ExitStatus.usage)
        }
        return log
    }

    private func currentPrior(after log: IterationLog) throws -> LearnedSearchPrior? {
        guard let last = log.rounds.last else { return startPrior }
        return try LearnedSearchPrior.load(path: folder("round-\(last.round)", "prior.json"))
    }

    private func makeFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WinnowError(.cannotWrite, file: path, "cannot create the folder (\(error.localizedDescription))")
        }
    }
}
