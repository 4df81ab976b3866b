import ArgumentParser
import Foundation
import WinnowCore
import WinnowGate
import WinnowJail
import WinnowModel
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

    /// `direct` first (the baseline every row is compared with), then the requested modes in order.
    var evaluated: [GateMode] { [.direct] + modes.filter { $0 != .direct } }

    func run() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        for path in [csvFile, results, markdown].compactMap({ $0 }) { try OutputPath.checkWritable(path) }
        let suite = try BenchSuite(folder: folder)
        for failure in suite.failures { StandardStreams.error("winnow: \(failure.file): \(failure.message) (skipped)") }
        let bench = try ResumableBench<ModelBenchCase>(suite: suite, results: results)
        let needsJail = evaluated.contains { $0 != .direct }
        let loaded = needsJail ? try SandboxLocator.load(explicit: profile) : nil
        let base = gatedSolver
        let evaluated = evaluated
        let replaying = model.replaying
        let jobs = jobs
        let cases = try await withOptionalJail(loaded) { checker in
            var configured = base
            configured.checker = checker
            let solver = configured
            if let last = evaluated.last, !bench.pending.isEmpty {
                StandardStreams.error("bench: \(bench.pending.count) cases; progress counts the \(last.rawValue) gate's scores")
            }
            return try await bench.run(jobs: jobs, mark: { $0.modes.last?.score.rawValue ?? "?" }) { item in
                let evidence = try await solver.gather(item.task, for: Set(evaluated))
                if replaying, let miss = evidence.modelErrors.first(where: { $0.contains(ModelError.notRecordedLead) }) {
                    throw CommandFailure("\(item.file): the replayed cassette does not match this run: \(miss)", exitCode: ExitStatus.badInput)
                }
                return ModelBenchCase(file: item.file, task: item.task, evidence: evidence, modes: evaluated)
            }
        }
        let summary = ModelBenchSummary(cases: cases, modes: evaluated, totalSeconds: (clock.now - started).milliseconds / 1000, resumed: bench.resumed)
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
        // Only when the model answered no call of any case is the run about the server rather
        // than the tasks; the report above still stands (search results, per-gate failures).
        if !cases.isEmpty, cases.allSatisfy({ $0.modelUnavailable == true }) {
            let first = ModelErrorAdvice.line(cases[0].errors.first ?? "", structuredOutput: !options.noStructuredOutput)
            throw CommandFailure("every model request of every case failed: \(first)", exitCode: ExitStatus.modelUnavailable)
        }
        if !suite.failures.isEmpty {
            throw CommandFailure("\(suite.failures.count) task file(s) in \(folder) could not be loaded (named above)", exitCode: ExitStatus.badInput)
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
