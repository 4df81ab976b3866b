import ArgumentParser
import WinnowCore

/// The `winnow` command: a thin layer over the library, one subcommand per job.
public struct WinnowCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "winnow",
        abstract: "Verifier-centric program synthesis: propose, check, commit only what passes.",
        discussion: """
            EXIT CODES (docs/exit-codes.md):
              \(ExitStatus.success)   success (solve: a program was committed)
              \(ExitStatus.unsolved)   solve: no program reproduces the example within the budget
              \(ExitStatus.programFailed)   exec: the program did not return a table
              \(ExitStatus.abstained)   solve: abstained (programs disagree on the held-out input; with a model: nothing verified, no sane answer)
              \(ExitStatus.outOfMemory)   solve: the search reached the memory ceiling (--max-memory) first
              \(ExitStatus.usage)  usage: unknown option, missing or conflicting arguments
              \(ExitStatus.badInput)  bad input: malformed JSON/CSV, missing key, non-string cell, empty table
              \(ExitStatus.missingInput)  missing input: no such file or folder, unreadable, no task files
              \(ExitStatus.jailUnavailable)  the jail cannot run here (a required layer is missing)
              \(ExitStatus.internalFailure)  internal error (a bug in Winnow)
              \(ExitStatus.cannotWrite)  cannot write an output file (nothing partial is left behind)
              \(ExitStatus.modelUnavailable)  the model server cannot be reached (models, solve/bench --model)
              \(ExitStatus.badConfiguration)  bad configuration: the inventory file or sandbox profile is malformed
            """,
        subcommands: [Solve.self, Serve.self, MCPCommand.self, Bench.self, Search.self, Harvest.self, Iterate.self, TrainPolicy.self, BenchSearch.self, Generate.self, BenchExec.self, BenchApply.self, BenchScale.self, BenchServe.self, Exec.self, Sandbox.self, Models.self]
    )

    public init() {}

    /// Parses the command line, bootstraps logging once with the chosen level, then runs the command.
    ///
    /// Replaces `AsyncParsableCommand.main()` because logging must be set up from the parsed
    /// `--log-level` before any command code runs, and only by the executable, never by library users.
    public static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            LogSetup.bootstrap((command as? any LoggingCommand)?.global.logLevel.level ?? .warning)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
