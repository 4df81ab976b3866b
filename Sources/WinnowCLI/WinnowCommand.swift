import ArgumentParser

/// The `winnow` command: a thin layer over the library, one subcommand per job.
public struct WinnowCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "winnow",
        abstract: "Verifier-centric program synthesis: propose, check, commit only what passes.",
        discussion: "Exit codes: 0 success, 2 no program found, 64 usage, 65 bad input data, 66 missing input, 70 internal error, 73 cannot write output, 78 bad configuration (docs/exit-codes.md).",
        subcommands: [Solve.self, Bench.self]
    )

    public init() {}
}
