import ArgumentParser
import Foundation
import WinnowCore

/// `winnow bench-scale`: what a large example costs, against its small version and against searching
/// the whole example, each in a process of its own.
struct BenchScale: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-scale",
        abstract: "Benchmark synthesis from large examples: wall time and peak memory per generated task.",
        discussion: """
            Generates seeded tasks (a "Last, First" split from a 5-row, a 300-row and a 2,000-row × \
            15-column example, and a 2,000-row × 50-column table whose output is one row), solves each \
            with winnow solve in a child process, and reports wall time, synthesis time and the child's \
            peak memory, with the large tasks also solved with --no-sampling as the control. See \
            docs/scale.md.
            """)

    @Option(help: ArgumentHelp("Seed of the generated tasks.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Wall-clock budget per task, seconds (passed to solve).", valueName: "seconds"))
    var timeout: Double = 5

    @Option(name: .customLong("apply-rows"), help: ArgumentHelp(
        "Rows of the generated CSV that solve --apply, a hand-written Python csv loop and the --emit python script each transform (0: skip).",
        valueName: "n"))
    var applyRows = 1_000_000

    @Option(help: ArgumentHelp("Write this run's section of a Markdown report (e.g. BENCHMARKS.md), atomically.", valueName: "file"))
    var markdown: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard applyRows >= 0 else { throw ValidationError("--apply-rows must be zero or more") }
    }

    func run() async throws {
        try await reportingFailures {
            if let markdown { try OutputPath.checkWritable(markdown) }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-bench-scale-\(getpid())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var results: [ScaleMeasurement] = []
            for workload in ScaleWorkload.all(seed: seed) {
                StandardStreams.error("bench-scale: \(workload.name)")
                results.append(try ScaleMeasurement.run(workload, in: folder, budget: ["--timeout", String(timeout)]))
            }
            var apply: ApplyScaleMeasurement?
            if applyRows > 0 {
                StandardStreams.error("bench-scale: --apply on \(applyRows) rows, beside a Python csv loop and the --emit python script")
                apply = try ApplyScaleMeasurement.run(rows: applyRows, seed: seed, in: folder)
            }
            if let markdown {
                try MarkdownSections.write(
                    section: "winnow bench-scale",
                    body: ScaleBenchReport.markdown(results, apply: apply, timeout: timeout, commandLine: CommandLine.arguments), to: markdown)
            }
            StandardStreams.output(ScaleBenchReport.text(results, apply: apply, timeout: timeout))
        }
    }
}
