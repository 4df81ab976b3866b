import ArgumentParser
import Foundation
import WinnowCore
import WinnowJail

/// `winnow bench-exec`: jobs per second and latency of the jailed executor, against a fresh jail
/// per job measured in the same run.
struct BenchExec: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-exec",
        abstract: "Benchmark the jail: the warm pool against a fresh jailed python3 per job.",
        discussion: """
            Runs a 10x5 and a 1000x5 table transform through the pool and through a fresh jail per job, \
            checks every output, and prints jobs/s and p50/p99 latency. Exits \(ExitStatus.jailUnavailable) \
            when the jail cannot start here.
            """)

    @Option(help: "Pool jobs for the 10x5 workload.")
    var jobs = 5000

    @Option(help: "Pool jobs for the 1000x5 workload.")
    var largeJobs = 500

    @Option(help: "Fresh-jail jobs per workload.")
    var freshJobs = 100

    @Option(help: "Zygotes in the pool, and callers submitting jobs (default: one per core).")
    var workers: Int?

    @Flag(help: "Print one JSON object (pool_jobs_per_s, fresh_jobs_per_s, p50_ms, p99_ms per workload).")
    var json = false

    @Option(help: ArgumentHelp("Write this run's section of a Markdown report (e.g. BENCHMARKS.md), atomically.", valueName: "file"))
    var markdown: String?

    @OptionGroup var jail: JailOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if jobs <= 0 || largeJobs <= 0 || freshJobs <= 0 { throw ValidationError("job counts must be positive") }
        if let workers, workers <= 0 { throw ValidationError("--workers must be positive") }
    }

    func run() async throws {
        try await reportingFailures {
            let profile = try SandboxLocator.load(explicit: jail.profile)
            if let markdown { try OutputPath.checkWritable(markdown) }
            let workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
            let workloads = [(ExecWorkload.make(rows: 10, columns: 5), jobs), (ExecWorkload.make(rows: 1000, columns: 5), largeJobs)]
            let freshJobs = freshJobs
            let (comparisons, layers) = try await withJailPool(profile: profile, size: workers) { pool in
                let fresh = try FreshJail(profile: profile)
                var comparisons: [ExecComparison] = []
                for (workload, count) in workloads {
                    StandardStreams.error("bench-exec: \(workload.name): warming up")
                    _ = try await ExecMeasurement.run(workload, on: pool, count: workers * 20, concurrency: workers)
                    StandardStreams.error("bench-exec: \(workload.name): \(count) jobs through the pool")
                    let pooled = try await ExecMeasurement.run(workload, on: pool, count: count, concurrency: workers)
                    StandardStreams.error("bench-exec: \(workload.name): \(freshJobs) jobs, a fresh jail each")
                    let fresh = try await ExecMeasurement.run(workload, on: fresh, count: freshJobs, concurrency: workers)
                    comparisons.append(ExecComparison(workload: workload.name, pool: pooled, fresh: fresh))
                }
                return (comparisons, pool.layers)
            }
            if let markdown {
                try MarkdownSections.write(
                    section: "winnow bench-exec",
                    body: ExecBenchReport.markdown(comparisons, workers: workers, layers: layers, commandLine: CommandLine.arguments),
                    to: markdown)
            }
            if json {
                StandardStreams.output(try JSONOutput.encode(ExecBenchDocument(comparisons: comparisons, workers: workers, profile: profile.name, layers: layers)))
            } else {
                StandardStreams.output(ExecBenchReport.text(comparisons, workers: workers))
            }
            let wrong = comparisons.flatMap { [$0.pool, $0.fresh] }.first { $0.wrong > 0 }
            if let wrong {
                throw CommandFailure("\(wrong.wrong) jobs gave a wrong verdict (first: \(wrong.firstWrong ?? "?")); the numbers are void", exitCode: ExitStatus.internalFailure)
            }
        }
    }
}
