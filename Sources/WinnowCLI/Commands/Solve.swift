import ArgumentParser
import Foundation
import Logging
import WinnowCore
import WinnowGate
import WinnowTables

/// `winnow solve`: find the simplest program that reproduces the example, then transform the
/// held-out input(s) with it.
struct Solve: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        abstract: "Synthesize a table transformation from an example and apply it.",
        discussion: """
            Give either a TASK file or a CSV pair (--input and --example). The committed program is \
            printed one operator per line, then the transformed held-out input(s). Exits \(ExitStatus.unsolved) \
            when no program reproduces the example, and \(ExitStatus.abstained) when programs do but disagree \
            on the held-out input and none dominates (--commit-share); the report or JSON is still \
            printed, with the rows they disagree on. See docs/ambiguity.md.

            With --model (or --replay), a language model proposes a direct answer and programs too; \
            every model program runs only in the jail, and the gate (--gate) commits a program that \
            reproduces the example, else the model's answer if it passes a sanity check, else \
            abstains and exits \(ExitStatus.abstained). See docs/model.md.
            """)

    @Argument(help: ArgumentHelp("Task file: native JSON or JSONL, or a Foofah case. Omit it when using --input and --example.", valueName: "task-file"))
    var task: String?

    @Option(help: ArgumentHelp("CSV of a few input records (use with --example).", valueName: "file"))
    var input: String?

    @Option(help: ArgumentHelp("CSV of what those records should become (use with --input).", valueName: "file"))
    var example: String?

    @Option(help: ArgumentHelp("CSV to transform with the committed program; the program must also run on it to be committed.", valueName: "file"))
    var apply: String?

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("Where --apply writes its CSV, atomically (default: stdout).", valueName: "file"))
    var output: String?

    @Flag(help: "The first line of each CSV is a header: learn on the records only and give the --apply output the example's header.")
    var header = false

    @Option(help: ArgumentHelp("Print only a standalone program on stdout, in this language.", valueName: "language"))
    var emit: EmitLanguage?

    @Flag(help: "Print one JSON object per task (one per line for a file of several tasks).")
    var json = false

    @Option(help: ArgumentHelp("What may be committed (needs --model or --replay): direct, program, ensemble, search+model.", valueName: "mode"))
    var gate: GateMode?

    @OptionGroup(title: "Search") var search: SearchOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Jail") var jail: JailOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        let pair = input != nil || example != nil
        if task != nil, pair { throw ValidationError("give either a TASK file or --input and --example, not both") }
        if task == nil, !pair { throw ValidationError("give a TASK file, or --input and --example") }
        if pair, input == nil || example == nil { throw ValidationError("--input and --example go together") }
        if task != nil, apply != nil || header {
            throw ValidationError("--apply and --header belong to the CSV path (--input and --example)")
        }
        if output != nil, apply == nil { throw ValidationError("-o/--output needs --apply") }
        if json, emit != nil { throw ValidationError("--json and --emit both write stdout; choose one") }
        if apply != nil, output == nil, json || emit != nil {
            throw ValidationError("--apply without -o writes the CSV to stdout, which --json and --emit also need; add -o FILE")
        }
        if gate != nil, !model.enabled { throw ValidationError("--gate needs a model: add --model URL (or --replay FILE)") }
    }

    func run() async throws {
        let code = try await reportingFailures {
            if model.enabled { return try await runWithModel() }
            let solver = try search.solver()
            switch (task, input, example) {
            case (let task?, _, _): return try solveTaskFile(task, solver: solver)
            case (nil, let input?, let example?): return try solveCSVPair(input: input, example: example, solver: solver)
            default: throw ValidationError("give a TASK file, or --input and --example")
            }
        }
        if code != ExitStatus.success { throw ExitCode(code) }
    }

    private var logger: Logger { Logger(label: "winnow.solve") }

    // MARK: - With a model

    private func runWithModel() async throws -> Int32 {
        let mode = gate ?? .searchAndModel
        let connected: ConnectedModel
        do {
            connected = try await model.connect()
        } catch let failure as CommandFailure where json && failure.exitCode == ExitStatus.modelUnavailable {
            try GatedSolveRun.unreached(failure, mode: mode, modelName: model.modelName ?? "", taskIDs: try taskIDs())
            throw failure
        }
        let run = GatedSolveRun(
            mode: mode,
            search: mode.needsSearch ? try search.solver() : nil,
            proposer: model.proposer(connected), model: connected, repairRounds: model.repairRounds,
            json: json, emit: emit != nil, header: header, apply: apply, output: output)
        let (task, input, example) = (self.task, self.input, self.example)
        return try await run.withExecutor(profile: jail.profile) { checker in
            switch (task, input, example) {
            case (let task?, _, _): return try await run.taskFile(task, checker: checker)
            case (nil, let input?, let example?): return try await run.csvPair(input: input, example: example, checker: checker)
            default: throw ValidationError("give a TASK file, or --input and --example")
            }
        }
    }

    /// The ids of the tasks this run would solve, read without solving them.
    private func taskIDs() throws -> [String] {
        if let task {
            let tasks: [SynthesisTask<Table>] = try TaskFile.load(task)
            return tasks.map(\.id)
        }
        guard let input, let example else { return [] }
        return [try CSVPairTask(input: input, example: example, apply: apply, header: header).task.id]
    }

    // MARK: - Task files

    private func solveTaskFile(_ path: String, solver: TableSolver) throws -> Int32 {
        let tasks: [SynthesisTask<Table>] = try TaskFile.load(path)
        logger.info("loaded \(tasks.count) task(s)", metadata: ["file": "\(path)"])
        if emit != nil, tasks.count != 1 {
            throw CommandFailure("\(path): holds \(tasks.count) tasks, but --emit needs a file with exactly one", exitCode: ExitStatus.usage)
        }
        var code = ExitStatus.success
        for (index, task) in tasks.enumerated() {
            let result = solve(task, with: solver)
            code = max(code, result.exitCode)
            if json {
                StandardStreams.output(try JSONOutput.encode(SolveRecord(taskID: task.id, result: result, outputs: result.outputs)))
            } else if emit != nil {
                emitProgram(result, source: path, taskID: task.id)
            } else {
                if index > 0 { StandardStreams.output("") }
                StandardStreams.output(SolveReport.text(
                    taskID: task.id, result: result, outputs: result.outputs, queryCount: task.queries.count))
            }
        }
        return code
    }

    // MARK: - CSV pair

    private func solveCSVPair(input: String, example: String, solver: TableSolver) throws -> Int32 {
        let pair = try CSVPairTask(input: input, example: example, apply: apply, header: header)
        let (wanted, target, task, taskID) = (pair.wanted, pair.target, pair.task, pair.task.id)
        if let output { try OutputPath.checkWritable(output) }
        let result = solve(task, with: solver)
        if let target, result.program == nil, result.rejected > 0 {
            throw WinnowError(
                .badInput, file: target.path,
                "\(result.rejected) program(s) reproduce the example but none applies to every row of this file"
                    + " (are its rows shaped like the sample's?)")
        }
        // The applied output carries the example's header, so it reads like the file the user showed.
        let outputs = result.outputs.map { Table((wanted.header.map { [$0] } ?? []) + $0.rows) }
        var rowsWritten: Int?
        if let target, !pair.targetComplete, let program = result.program {
            rowsWritten = try StreamedApply.run(
                program, path: target.path, skipHeader: header, width: target.records.columnCount, outputHeader: wanted.header, to: output)
            logger.info("wrote \(rowsWritten ?? 0) rows", metadata: ["file": "\(output ?? "stdout")"])
        } else if let applied = outputs.first {
            if let output {
                try AtomicFile.write(CSV.render(applied), to: output)
                logger.info("wrote \(applied.rowCount) rows", metadata: ["file": "\(output)"])
            } else {
                StandardStreams.outputRaw(CSV.render(applied))
            }
        }
        if json {
            StandardStreams.output(try JSONOutput.encode(SolveRecord(taskID: taskID, result: result, outputs: outputs, outputFile: output)))
        } else if emit != nil {
            emitProgram(result, source: "\(input) -> \(example)", taskID: taskID, outputHeader: wanted.header)
        } else {
            let report = SolveReport.text(
                taskID: taskID, result: result, outputs: outputs, queryCount: task.queries.count,
                writtenTo: output, rowsWritten: rowsWritten)
            // With the CSV on stdout, the report moves to stderr so that stdout stays a clean CSV.
            if apply != nil, output == nil { StandardStreams.error(report) } else { StandardStreams.output(report) }
        }
        return result.exitCode
    }

    // MARK: - Shared

    private func solve(_ task: SynthesisTask<Table>, with solver: TableSolver) -> TableSolver.Result {
        logger.debug("solving", metadata: [
            "task": "\(task.id)", "examples": "\(task.examples.count)", "queries": "\(task.queries.count)",
            "max-nodes": "\(solver.budget.maxExpansions)", "timeout": "\(solver.budget.maxDuration)",
        ])
        let result = solver.solve(task).gated(by: search.gate, queries: task.queries)
        logger.info("\(result.abstained ? "abstained" : result.status.rawValue)", metadata: [
            "task": "\(task.id)", "expanded": "\(result.expanded)", "consistent": "\(result.consistent.count)",
            "ms": "\(String(format: "%.1f", result.duration.milliseconds))",
        ])
        return result
    }

    private func emitProgram(_ result: TableSolver.Result, source: String, taskID: String, outputHeader: [String]? = nil) {
        guard let program = result.program else {
            StandardStreams.error("winnow: \(taskID): no program to emit (\(SolveReport.failureSummary(result)))")
            return
        }
        StandardStreams.outputRaw(PythonExporter.script(for: program, comment: "Synthesized by `winnow solve` from \(source) (task \(taskID)).", outputHeader: outputHeader))
    }
}

/// Languages `--emit` can print a committed program in.
enum EmitLanguage: String, CaseIterable, ExpressibleByArgument {
    case python
}

/// The CSV pair as a task: the sample's records become the example's, and the `--apply` file's
/// records are the held-out input.
struct CSVPairTask {
    var wanted: CSVInput
    /// The `--apply` file's first records (`StreamedApply.headRecords`), or all of them.
    var target: CSVInput?
    /// Whether `target` holds every record of the `--apply` file; if not, the committed program is
    /// streamed over the file (`StreamedApply`).
    var targetComplete = true
    var task: SynthesisTask<Table>

    init(input: String, example: String, apply: String?, header: Bool) throws(WinnowError) {
        let sample = try CSVInput(path: input, header: header)
        wanted = try CSVInput(path: example, header: header)
        if let apply { (target, targetComplete) = try StreamedApply.head(path: apply, header: header) }
        task = SynthesisTask(
            id: URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent, domain: "table",
            examples: [Example(input: sample.records, output: wanted.records)], queries: target.map { [$0.records] } ?? [])
    }
}

/// One CSV file of the user path, split into its optional header line and its records.
struct CSVInput {
    var path: String
    var header: [String]?
    var records: Table

    init(path: String, header: [String]?, records: Table) {
        self.path = path
        self.header = header
        self.records = records
    }

    init(path: String, header hasHeader: Bool) throws(WinnowError) {
        self.path = path
        let table = try CSV.read(path: path)
        guard hasHeader else {
            header = nil
            records = table
            return
        }
        let split = try CSV.splitHeader(table, file: path)
        (header, records) = (split.header, split.records)
    }
}
