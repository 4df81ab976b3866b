import ArgumentParser
import Foundation
import Logging
import WinnowCore
import WinnowGate
import WinnowJail
import WinnowTables

/// `winnow bench DIR --model URL`: gathers the evidence of every case once, judges it under every
/// requested gate mode, and reports them side by side against `direct`.
struct ModelBenchRun: Sendable {
    var folder: String
    var modes: [GateMode]
    var search: TableSolver
    var model: ConnectedModel
    var options: ModelOptions
    var jobs: Int
    var profile: String?
    var results: String?
    var json: Bool
    var csvFile: String?
    var markdown: String?

    private var logger: Logger { Logger(label: "winnow.bench") }

    /// `direct` first (the baseline every row is compared with), then the requested modes in order.
    var evaluated: [GateMode] { [.direct] + modes.filter { $0 != .direct } }

    func run() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        for path in [csvFile, results, markdown].compactMap({ $0 }) { try OutputPath.checkWritable(path) }
        let suite = try BenchSuite(folder: folder)
        let resultsFile = results.map(ResultsFile<ModelBenchCase>.init)
        let keys = Set(suite.items.map(\.key))
        let previous = try resultsFile?.load() ?? []
        let foreign = previous.filter { !keys.contains($0.key) }
        var finished = Dictionary(previous.filter { keys.contains($0.key) }.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        let resumed = finished.count
        if let results { StandardStreams.error("bench: resumed \(resumed) of \(suite.items.count) cases from \(results)") }
        let pending = suite.items.filter { finished[$0.key] == nil }

        let needsJail = evaluated.contains { $0 != .direct }
        let loaded = needsJail ? try SandboxLocator.load(explicit: profile) : nil
        let base = gatedSolver
        let evaluated = evaluated
        let replaying = model.replaying
        let jobs = jobs
        let alreadyFinished = finished
        finished = try await withOptionalJail(loaded) { checker in
            var finished = alreadyFinished
            var configured = base
            configured.checker = checker
            let solver = configured
            if let last = evaluated.last, !pending.isEmpty {
                StandardStreams.error("bench: \(pending.count) cases; progress counts the \(last.rawValue) gate's scores")
            }
            var progress = BenchProgress(total: pending.count)
            defer { progress.finish() }
            let saveInterval = Duration.milliseconds(250)
            var lastSave = clock.now
            try await withThrowingTaskGroup(of: ModelBenchCase.self) { group in
                var next = 0
                func startNext() {
                    guard next < pending.count else { return }
                    let item = pending[next]
                    next += 1
                    group.addTask {
                        let evidence = try await solver.gather(item.task, for: Set(evaluated))
                        if replaying, let miss = evidence.modelErrors.first {
                            throw CommandFailure("\(item.file): the replayed cassette does not match this run: \(miss)", exitCode: ExitStatus.badInput)
                        }
                        return ModelBenchCase(file: item.file, task: item.task, evidence: evidence, modes: evaluated)
                    }
                }
                for _ in 0..<min(jobs, pending.count) { startNext() }
                var done = 0
                while let result = try await group.next() {
                    done += 1
                    finished[result.key] = result
                    progress.record(result.modes.last?.score.rawValue ?? "?")
                    if done == pending.count || clock.now - lastSave >= saveInterval {
                        try resultsFile?.write(foreign + suite.items.compactMap { finished[$0.key] })
                        lastSave = clock.now
                    }
                    startNext()
                }
            }
            return finished
        }

        let cases = suite.items.compactMap { finished[$0.key] }
        if !cases.isEmpty, cases.allSatisfy({ $0.requests > 0 && $0.errors.count > 0 && $0.programs == 0 && $0.direct == .unreadable }) {
            throw CommandFailure("every case failed to reach the model: \(cases[0].errors.first ?? "")", exitCode: ExitStatus.modelUnavailable)
        }
        let summary = ModelBenchSummary(cases: cases, modes: evaluated, totalSeconds: (clock.now - started).milliseconds / 1000, resumed: resumed)
        if let csvFile { try AtomicFile.write(CSV.render(csvTable(cases)), to: csvFile) }
        if let markdown {
            try MarkdownSections.write(
                section: "winnow bench --model",
                body: ModelBenchReport.markdown(summary, modelName: model.name, folder: folder, commandLine: CommandLine.arguments),
                to: markdown)
        }
        if json {
            StandardStreams.output(try JSONOutput.encode(ModelBenchDocument(model: model.name, summary: summary, cases: cases)))
        } else {
            StandardStreams.output(ModelBenchReport.text(summary, modelName: model.name, folder: folder))
        }
    }

    private var gatedSolver: GatedSolver {
        var solver = GatedSolver(search: search, proposer: options.proposer(model), checker: nil)
        solver.repairRounds = options.repairRounds
        return solver
    }

    private func withOptionalJail<T: Sendable>(
        _ profile: JailProfile?, _ body: @Sendable (ProgramChecker?) async throws -> T
    ) async throws -> T {
        guard let profile else { return try await body(nil) }
        return try await withJailPool(profile: profile) { pool in try await body(ProgramChecker(executor: pool)) }
    }

    private func csvTable(_ cases: [ModelBenchCase]) -> Table {
        let header = ["file", "task", "direct_answer"] + evaluated.flatMap { ["\($0.rawValue)", "\($0.rawValue)_origin"] }
            + ["programs", "reproduced", "repairs", "requests", "prompt_tokens", "completion_tokens", "ms"]
        var rows = [header]
        for c in cases {
            var row = [c.file, c.task, c.direct.rawValue]
            for mode in evaluated {
                row.append(c.result(mode)?.score.rawValue ?? "")
                row.append(c.result(mode)?.origin?.rawValue ?? "")
            }
            let counts: [Int] = [c.programs, c.reproduced, c.repairs, c.requests, c.promptTokens, c.completionTokens]
            row += counts.map(String.init)
            row.append(String(c.ms))
            rows.append(row)
        }
        return Table(rows)
    }
}

/// The `bench --model --json` document.
struct ModelBenchDocument: Encodable {
    var model: String
    var summary: ModelBenchSummary
    var cases: [ModelBenchCase]
}

/// A comma-separated list of gate modes, as `bench --gate` takes it.
struct GateList: ExpressibleByArgument, Sendable {
    var modes: [GateMode]

    init?(argument: String) {
        var modes: [GateMode] = []
        for name in argument.split(separator: ",") {
            guard let mode = GateMode(rawValue: name.trimmingCharacters(in: .whitespaces)) else { return nil }
            if !modes.contains(mode) { modes.append(mode) }
        }
        guard !modes.isEmpty else { return nil }
        self.modes = modes
    }
}
