import ArgumentParser
import Foundation
import WinnowCore
import WinnowJail

/// `winnow exec`: run one untrusted program in the jail, to debug it the way the verifier sees it.
struct Exec: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Python program in the jail on one table and print the verdict.",
        discussion: """
            The program must define a function (default: transform) that takes the table as a list of \
            rows of strings and returns one. Exits 0 when it returned a table, \(ExitStatus.programFailed) \
            for any other verdict (runtime error, timeout, seccomp kill…), \(ExitStatus.jailUnavailable) \
            when the jail cannot run here. What the program tried outside itself (files, sockets, \
            processes, imports the jail does not offer) is listed on stderr, even when the jail refused \
            it and the program still returned a table.
            """)

    @Argument(help: ArgumentHelp("The Python program.", valueName: "program.py"))
    var program: String

    @Option(help: ArgumentHelp("The input table: a JSON list of rows of strings, or a .csv file.", valueName: "file"))
    var input: String

    @Option(help: "The function to call.")
    var entry = "transform"

    @Option(help: ArgumentHelp("Wall-clock limit in milliseconds (default: the profile's).", valueName: "ms"))
    var timeoutMs: Int?

    @Flag(help: "Print one JSON object: verdict, summary, output table, side_effects, ms.")
    var json = false

    @OptionGroup var jail: JailOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let timeoutMs, timeoutMs <= 0 { throw ValidationError("--timeout-ms must be positive") }
        if let timeoutMs, timeoutMs > JailProfile.Limits.maxWallMilliseconds {
            throw ValidationError("--timeout-ms must be at most \(JailProfile.Limits.maxWallMilliseconds) (about 24 days)")
        }
    }

    func run() async throws {
        try await reportingFailures {
            var profile = try SandboxLocator.load(explicit: jail.profile)
            if let timeoutMs { profile.limits.wallMilliseconds = timeoutMs }
            // Sizes first: a file too large for the jail is refused before it is read or parsed.
            try Self.checkSize(of: program, what: "program", limit: profile.limits.inputBytes)
            try Self.checkSize(of: input, what: "input", limit: profile.limits.inputBytes)
            guard let data = FileManager.default.contents(atPath: program) else {
                throw WinnowError(.missingInput, file: program, "cannot read the program")
            }
            guard let source = String(data: data, encoding: .utf8) else {
                throw WinnowError(.badInput, file: program, "the program is not UTF-8 text")
            }
            let table = try Self.readTable(input)
            let job = Job(source: source, entry: entry, input: table)
            let outcome = try await withJailPool(profile: profile, size: 1) { pool in
                do {
                    return try await pool.execute(job)
                } catch {
                    throw CommandFailure("\(error)", exitCode: ExitStatus.badInput)
                }
            }
            let verdict = outcome.verdict
            if json {
                StandardStreams.output(try JSONOutput.encode(ExecRecord(outcome)))
            } else {
                let ran = verdict.kind == "timeout" ? " (it ran \(outcome.elapsedMilliseconds) ms)" : ""
                StandardStreams.output(verdict.table.map { TableRenderer.render($0) } ?? verdict.summary + ran)
                for attempt in outcome.sideEffects { StandardStreams.error("winnow: \(program): tried \(attempt.summary)") }
            }
            if verdict.table == nil {
                if case .jailFailure = verdict { throw ExitCode(ExitStatus.jailUnavailable) }
                throw ExitCode(ExitStatus.programFailed)
            }
        }
    }

    /// Refuses a file larger than the jail takes, from its size on disk, before reading it.
    static func checkSize(of path: String, what: String, limit: Int) throws(WinnowError) {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limit else { return }
        throw WinnowError(.badInput, file: path, "the \(what) is \(size) bytes; the jail takes at most \(limit) (limits.input_bytes)")
    }

    static func readTable(_ path: String) throws(WinnowError) -> Table {
        if path.lowercased().hasSuffix(".csv") { return try CSV.read(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WinnowError(.missingInput, file: path, "cannot read the input table")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw WinnowError(.badInput, file: path, "malformed JSON")
        }
        do {
            return try Table(jsonObject: object, at: "the table")
        } catch {
            throw WinnowError(.badInput, file: path, error.message)
        }
    }
}

/// `winnow exec --json`: the verdict's kind, a one-line summary, the table when there is one, and
/// what the program tried outside itself.
struct ExecRecord: Codable, Sendable {
    var verdict: String
    var summary: String
    var output: [[String]]?
    var sideEffects: [SideEffectAttempt]
    /// How long the job ran, by the jail's clock.
    var ms: Int

    enum CodingKeys: String, CodingKey {
        case verdict, summary, output, ms
        case sideEffects = "side_effects"
    }

    init(_ outcome: JobOutcome) {
        verdict = outcome.verdict.kind
        summary = outcome.verdict.summary
        output = outcome.verdict.table?.rows
        sideEffects = outcome.sideEffects
        ms = outcome.elapsedMilliseconds
    }
}
