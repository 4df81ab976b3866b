import ArgumentParser
import Foundation
import WinnowCore
import WinnowGate
import WinnowTables

/// `winnow bench DIR`: solve every task in a folder and score each committed program on its
/// held-out answer.
struct Bench: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve every task in a folder and score it against its held-out answer.",
        discussion: """
            A case is perfect only when the committed program maps the held-out input to the held-out \
            answer exactly; cases without a usable answer are unscored. With --results FILE an interrupted \
            run resumes where it stopped.

            With --model (or --replay), every case is also put to the model once, and the same replies \
            are judged under each --gate mode: perfect, wrong and abstained per mode, the precision of \
            committed programs, recoveries and regressions against direct, and the disagreement slice.
            """)

    @Argument(help: ArgumentHelp("Folder of task files (*.json, *.jsonl, *.txt; README* and LICENSE* are skipped).", valueName: "folder"))
    var directory: String

    @OptionGroup(title: "Search") var search: SearchOptions

    @Option(help: ArgumentHelp(
        "Also put each case to the verifier MDP with up to this many questions about held-out rows (their hidden answers), reported beside the gate's decision.",
        valueName: "n"))
    var queries = 0

    @Option(name: .customLong("jobs"), help: ArgumentHelp("Cases solved at once (default: the active processor count).", valueName: "n"))
    var requestedJobs: Int?

    private var jobs: Int { requestedJobs ?? ProcessInfo.processInfo.activeProcessorCount }

    @Flag(help: "Print one JSON object ({summary, gate, cases, baseline}) instead of the table.")
    var json = false

    @Option(name: .customLong("csv"), help: ArgumentHelp("Also write per-case results as CSV to this file.", valueName: "file"))
    var csvFile: String?

    @Option(help: ArgumentHelp("Per-case results file (JSONL), rewritten as cases finish; cases already in it are not run again.", valueName: "file"))
    var results: String?

    @Option(help: ArgumentHelp("Per-case baseline CSV of a peer (Foofah, cvc5) to print beside Winnow.", valueName: "file"))
    var baseline: String?

    @Option(help: ArgumentHelp(
        "The peer's name in the reports (default: from the baseline's path, <peer>-baseline.csv or a folder <benchmark>-<peer>/).",
        valueName: "name"))
    var peer: String?

    @Option(help: ArgumentHelp(
        "File describing the peer's run, linked from the Markdown report "
            + "(default: <baseline>.md, else the nearest README.md at or above the folder that names the peer).",
        valueName: "file"))
    var peerNotes: String?

    @Option(help: ArgumentHelp("Also write a Markdown report to this file.", valueName: "file"))
    var markdown: String?

    @Option(help: ArgumentHelp(
        "Label of this run's section in the --markdown file, so that runs on several folders keep a section each (e.g. \"sygus excel/k1\").",
        valueName: "label"))
    var section: String?

    @Option(help: ArgumentHelp(
        "Gate modes to compare, comma-separated (needs --model or --replay; default: direct,program,ensemble,search+model).",
        valueName: "modes"))
    var gate: GateList?

    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Jail") var jail: JailOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if gate != nil, !model.enabled { throw ValidationError("--gate needs a model: add --model URL (or --replay FILE)") }
        if baseline != nil, model.enabled { throw ValidationError("--baseline compares search with a peer's run; it does not apply with --model") }
        if peer != nil || peerNotes != nil, baseline == nil { throw ValidationError("--peer and --peer-notes describe a --baseline; add --baseline FILE") }
        if peer?.trimmingCharacters(in: .whitespaces).isEmpty == true { throw ValidationError("--peer must not be empty") }
        if section != nil, markdown == nil { throw ValidationError("--section names a part of the --markdown file; add --markdown FILE") }
        if let section, section.trimmingCharacters(in: .whitespaces).isEmpty || section.contains("-->") || section.contains(where: \.isNewline) {
            throw ValidationError("--section must be one line of text without \"-->\"")
        }
        if queries < 0 { throw ValidationError("--queries must be zero or more") }
        if queries > 0, model.enabled { throw ValidationError("--queries puts search pools to the verifier MDP; it does not apply with --model") }
        if let requestedJobs, requestedJobs < 1 { throw ValidationError("--jobs must be at least 1") }
        let outputs = [csvFile, results, markdown].compactMap { $0 }
        guard Set(outputs).count == outputs.count else { throw ValidationError("--csv, --results and --markdown must name different files") }
    }

    func run() async throws {
        try await reportingFailures {
            if model.enabled {
                let connected = try await model.connect()
                try await ModelBenchRun(
                    folder: directory, modes: gate?.modes ?? GateMode.allCases,
                    search: try search.solver(parallel: false),
                    model: connected, options: model, jobs: jobs, profile: jail.profile, results: results, json: json,
                    csvFile: csvFile, markdown: markdown
                ).run()
                return
            }
            let clock = ContinuousClock()
            let started = clock.now
            for path in [csvFile, results, markdown].compactMap({ $0 }) { try OutputPath.checkWritable(path) }
            let solver = try search.solver(parallel: false)
            if let peerNotes, !FileManager.default.isReadableFile(atPath: peerNotes) {
                throw WinnowError(.missingInput, file: peerNotes, "no such file or not readable")
            }
            let peer = try baseline.map { path throws(WinnowError) in
                let name = self.peer ?? PeerBaseline.inferredName(path: path)
                return try PeerBaseline.load(
                    path: path, name: name, notes: peerNotes ?? PeerBaseline.notes(baseline: path, peer: name, folder: directory))
            }
            let suite = try BenchSuite(folder: directory)
            for failure in suite.failures { StandardStreams.error("winnow: \(failure.file): \(failure.message) (scored error)") }
            let bench = try ResumableBench<BenchCase>(suite: suite, results: results)
            let (gate, queries) = (search.gate, self.queries)
            let solved = try await bench.run(jobs: jobs, mark: { String($0.status.letter) }) { item in
                BenchCase.run(file: item.file, task: item.task, solver: solver, gate: gate, queries: queries)
            }
            let cases = Self.inFileOrder(solved, failures: suite.failures)
            let elapsed = (clock.now - started).milliseconds / 1000
            let summary = BenchSummary(cases: cases, totalSeconds: elapsed, resumed: bench.resumed)
            let comparison = peer.map { PeerComparison(baseline: $0, cases: cases) }
            let controls = GateControls(cases: cases, commitShare: search.commitShare, queries: queries)
            let context = BenchContext(folder: directory, budget: search.budget, jobs: jobs, inventory: search.inventory, textInventory: search.textInventory, prior: search.prior)

            if let csvFile { try AtomicFile.write(CSV.render(Self.csvTable(cases)), to: csvFile) }
            if let markdown {
                try MarkdownSections.write(
                    section: BenchMarkdown.section(label: section),
                    body: BenchMarkdown.render(
                        cases: cases, summary: summary, comparison: comparison, context: context, controls: controls,
                        commandLine: CommandLine.arguments,
                        label: section),
                    to: markdown)
            }
            if json {
                StandardStreams.output(try JSONOutput.encode(BenchDocument(summary: summary, gate: controls, cases: cases, baseline: comparison)))
            } else {
                StandardStreams.output(BenchReport.text(cases: cases, summary: summary, comparison: comparison, context: context, controls: controls))
            }
            if !suite.failures.isEmpty {
                throw CommandFailure(
                    "\(suite.failures.count) task file(s) in \(directory) could not be loaded (scored error above)", exitCode: ExitStatus.badInput)
            }
        }
    }

    /// Solved cases with the files that failed to load merged in by file name, each file's tasks kept in order.
    static func inFileOrder(_ solved: [BenchCase], failures: [BenchSuite.Failure]) -> [BenchCase] {
        let all = solved + failures.map(BenchCase.init(failure:))
        return all.indices.sorted { (all[$0].file, $0) < (all[$1].file, $1) }.map { all[$0] }
    }

    /// Per-case results as a table for `--csv`.
    static func csvTable(_ cases: [BenchCase]) -> Table {
        let header = [
            "file", "task", "scenario", "variant", "status", "outcome", "ms", "expanded", "consistent", "groups", "plain", "oracle",
            "queried", "program_length", "program", "error",
        ]
        return Table([header] + cases.map { c -> [String] in
            let scores: [String] = [c.status.rawValue, c.outcome?.rawValue ?? "", String(c.ms), String(c.expanded), String(c.consistent)]
            let gate: [String] = [String(c.groups), c.plain.rawValue, c.oracle.rawValue, c.queried?.rawValue ?? ""]
            let program: [String] = [c.program.map { String($0.count) } ?? "", c.programSteps?.joined(separator: " | ") ?? ""]
            return [c.file, c.task, c.scenario, c.variant.map(String.init) ?? ""] + scores + gate + program + [c.error ?? ""]
        })
    }
}

/// The `bench --json` document.
struct BenchDocument: Encodable {
    var summary: BenchSummary
    /// The gate beside the plain gate and the oracle (and the decision after asking, with `--queries`).
    var gate: GateControls
    var cases: [BenchCase]
    /// The comparison with a peer's recorded run, when `--baseline` was given.
    var baseline: PeerComparison?
}
