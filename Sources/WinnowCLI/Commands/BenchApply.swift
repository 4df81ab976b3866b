import ArgumentParser
import Foundation
import WinnowCore

/// `winnow bench-apply`: how fast a learned program transforms a large table, cell programs against
/// the layout programs measured in the same run.
struct BenchApply: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-apply",
        abstract: "Benchmark --apply: cell programs against layout programs on a large seeded table.",
        discussion: """
            Generates a seeded table of contact records (name, phone, M/D/YYYY date, amount), learns \
            each workload's program from its first three rows alone, applies the program to every \
            row in-process, checks every output row against the transform written by hand, \
            and prints the time per row, for the apply step alone and for what solve --apply does \
            once a program is committed (read the CSV text, apply, write the CSV text). The bar, \
            checked on both: each cell workload within \(String(format: "%g", ApplyBar.factor))× \
            the layout workloads' mean time per row. A workload whose program is missing or wrong is \
            reported as such; it never counts towards the bar.
            """)

    @Option(help: "Rows in the table each program is applied to.")
    var rows = 100_000

    @Option(help: "Timed runs per workload; the best is reported.")
    var repeats = 5

    @Option(help: ArgumentHelp("Seed of the table's rows.", valueName: "n"))
    var seed: UInt64 = 1

    @Flag(help: "Print one JSON object (layout_us_per_row, bar_met, end_to_end_bar_met, and per workload program, us_per_row, vs_layout, end_to_end_us_per_row, end_to_end_vs_layout, result).")
    var json = false

    @Option(help: ArgumentHelp("Write this run's section of a Markdown report (e.g. BENCHMARKS.md), atomically.", valueName: "file"))
    var markdown: String?

    @OptionGroup var search: SearchOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if rows < 3 { throw ValidationError("--rows must be at least 3 (the program is learned from the first three)") }
        if repeats <= 0 { throw ValidationError("--repeats must be positive") }
    }

    func run() async throws {
        try await reportingFailures {
            let solver = try search.solver(parallel: false)
            if let markdown { try OutputPath.checkWritable(markdown) }
            let table = ApplyData.rows(rows, seed: seed)
            var results: [ApplyMeasurement] = []
            for workload in ApplyWorkload.all {
                StandardStreams.error("bench-apply: \(workload.name): learning from 3 rows, applying to \(rows)")
                results.append(ApplyMeasurement.run(workload, rows: table, solver: solver, repeats: repeats))
            }
            if let markdown {
                try MarkdownSections.write(
                    section: "winnow bench-apply",
                    body: ApplyBenchReport.markdown(results, rows: rows, repeats: repeats, commandLine: CommandLine.arguments),
                    to: markdown)
            }
            if json {
                StandardStreams.output(try JSONOutput.encode(ApplyBenchDocument(results, rows: rows, repeats: repeats, seed: seed)))
            } else {
                StandardStreams.output(ApplyBenchReport.text(results, rows: rows, repeats: repeats))
            }
        }
    }
}
