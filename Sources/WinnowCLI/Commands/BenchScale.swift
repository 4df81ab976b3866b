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

    @Option(help: ArgumentHelp("Write this run's section of a Markdown report (e.g. BENCHMARKS.md), atomically.", valueName: "file"))
    var markdown: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
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
            if let markdown {
                try MarkdownSections.write(
                    section: "winnow bench-scale",
                    body: ScaleBenchReport.markdown(results, timeout: timeout, commandLine: CommandLine.arguments), to: markdown)
            }
            StandardStreams.output(ScaleBenchReport.text(results, timeout: timeout))
        }
    }
}
