import ArgumentParser
import Foundation
import WinnowCore
import WinnowHarvest

/// `winnow harvest`: verified successes from `solve`, `bench` and `search` runs as fine-tuning data.
struct Harvest: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn verified programs from solve, bench and search runs into chat-format JSONL for fine-tuning.",
        discussion: """
            Reads RUN files (bench --results or --json, solve --json, search --json), looks each task up in \
            --tasks, runs every committed program, rendered as the Python the model would write, in the jail \
            on the visible examples (with --require-hidden also on the held-out answers), and merges the \
            programs that pass into DIR/train.jsonl and DIR/valid.jsonl as {"messages", "meta"} records, \
            split by task family. Records are deduplicated by normalised program hash and capped per task; \
            harvesting the same runs again adds nothing. If any record matches a task of --eval, nothing is \
            written and the command exits \(ExitStatus.badInput). See docs/harvest.md.
            """)

    @Argument(help: ArgumentHelp("Run files: bench --results/--json, solve --json or search --json output.", valueName: "run"))
    var runs: [String]

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Task files or folders the runs were made from (looked up by task id).", valueName: "path"))
    var tasks: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder for train.jsonl and valid.jsonl (existing records are kept and merged).", valueName: "dir"))
    var output: String

    @Flag(name: .customLong("require-hidden"), help: "Keep only programs that also reproduce the held-out answers.")
    var requireHidden = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp("A frozen evaluation set (task files or folders): refuse the harvest if any record matches one of its tasks.", valueName: "path"))
    var eval: [String] = []

    @Option(name: .customLong("max-per-task"), help: ArgumentHelp("Distinct programs kept per task and view.", valueName: "n"))
    var maxPerTask = HarvestOptions().maxPerTask

    @Option(name: .customLong("valid-fraction"), help: ArgumentHelp("Share of task families written to valid.jsonl.", valueName: "f"))
    var validFraction = HarvestOptions().validFraction

    @Option(help: ArgumentHelp("Expert-iteration round recorded on the new records.", valueName: "r"))
    var round = 0

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @OptionGroup var jail: JailOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if runs.isEmpty { throw ValidationError("give at least one run file") }
        if tasks.isEmpty { throw ValidationError("--tasks is required: run files name tasks only by id") }
        if maxPerTask < 1 { throw ValidationError("--max-per-task must be at least 1") }
        if !(0...1).contains(validFraction) { throw ValidationError("--valid-fraction must be between 0 and 1") }
        if round < 0 { throw ValidationError("--round must not be negative") }
    }

    func run() async throws {
        try await reportingFailures {
            try Self.checkOutputFolder(output)
            let options = HarvestOptions(requireHidden: requireHidden, maxPerTask: maxPerTask, validFraction: validFraction)
            var dataset = try HarvestDataset(folder: output, options: options)
            let catalog = try TaskCatalog(paths: tasks)
            let guardSet = EvaluationSet(tasks: eval.isEmpty ? [] : try TaskCatalog(paths: eval).tasks)
            let found = try HarvestRuns(paths: runs, catalog: catalog, round: round)
            let verified = try await verify(found.sources, options: options)
            let merge = dataset.merge(verified.records)
            if let leak = dataset.records.lazy.compactMap(guardSet.leak(in:)).first {
                throw CommandFailure("refusing to harvest: \(leak); nothing was written", exitCode: ExitStatus.badInput)
            }
            try dataset.write()
            let summary = HarvestSummary(
                runs: found, verifiedRecords: verified.records.count, rejected: verified.rejected, merge: merge, dataset: dataset)
            StandardStreams.output(json ? try JSONOutput.encode(summary) : summary.text)
        }
    }

    /// The records of the sources that pass in the jail, and the reasons of those that do not.
    private func verify(_ sources: [HarvestSource], options: HarvestOptions) async throws -> (records: [HarvestRecord], rejected: [String]) {
        // Run files with no committed program need no jail.
        guard !sources.isEmpty else { return ([], []) }
        return try await withJailPool(profile: try SandboxLocator.load(explicit: jail.profile)) { pool in
            let outcome = try await Harvester(options: options, executor: pool).verify(sources)
            return (outcome.records, outcome.rejected.map(\.reason))
        }
    }

    /// Fails before any work when the output folder cannot be written (or made: its parent must exist).
    private static func checkOutputFolder(_ path: String) throws(WinnowError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw WinnowError(.cannotWrite, file: path, "is a file, expected an output folder") }
            guard access(path, W_OK) == 0 else { throw WinnowError(.cannotWrite, file: path, "is not writable") }
            return
        }
        try OutputPath.checkWritable(path)
    }
}
