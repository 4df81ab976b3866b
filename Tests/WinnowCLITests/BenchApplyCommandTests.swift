import Foundation
import Testing
import WinnowTestSupport

@Suite("winnow bench-apply")
struct BenchApplyCommandTests {
    /// Small enough to run in a test; the timings it prints are never looked at.
    private static let small = ["bench-apply", "--rows", "300", "--repeats", "1"]
    private static let layout = ["drop the amount", "move the date first", "split the name at the space"]
    private static let cell = [
        "date M/D/YYYY as YYYY-MM-DD", "name in upper case", "initials of the name", "phone as (555) 123-4567",
        "amount as $1,234.50", "Dr. and the last name",
    ]

    @Test func everyWorkloadLearnsAProgramFromThreeRowsThatIsRightOnEveryRow() async throws {
        let run = try await Winnow.run(Self.small + ["--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try jsonObject(run.stdout)
        #expect(object["rows"] as? Int == 300)
        #expect(object["bar_met"] is Bool)
        #expect((object["bar"] as? String)?.hasPrefix("bar: each cell workload ≤ 2× the layout mean time per row") == true)
        #expect(object["end_to_end_bar_met"] is Bool)
        #expect((object["end_to_end_bar"] as? String)?.hasPrefix("bar, read + apply + write: each cell workload ≤ 2×") == true)
        let workloads = try #require(object["workloads"] as? [[String: Any]])
        #expect(workloads.compactMap { $0["workload"] as? String } == Self.layout + Self.cell)
        for workload in workloads {
            let name = workload["workload"] as? String ?? "?"
            #expect(workload["program"] is [String], "\(name): no program")
            #expect(workload["result"] as? String == "correct", "\(name): \(workload["first_wrong"] ?? "")")
            #expect(workload["wrong_rows"] as? Int == 0, "\(name)")
            #expect(workload["us_per_row"] is Double || workload["us_per_row"] is Int, "\(name)")
            #expect(workload["vs_layout"] is Double || workload["vs_layout"] is Int, "\(name)")
            #expect(workload["end_to_end_us_per_row"] is Double || workload["end_to_end_us_per_row"] is Int, "\(name)")
            #expect(workload["end_to_end_vs_layout"] is Double || workload["end_to_end_vs_layout"] is Int, "\(name)")
            // A cell workload is only a measurement of cell programs when its program has a cell step.
            let kind = workload["kind"] as? String
            #expect(workload["cell_step"] as? Bool == (kind == "cell"), "\(name): \(workload["program"] ?? "")")
        }
    }

    @Test func theMarkdownSectionNamesTheCommandAndARerunReplacesIt() async throws {
        let scratch = try TemporaryFolder()
        let report = scratch.path("BENCHMARKS.md")
        try "# Winnow benchmark\n\n<!-- begin winnow bench -->\nsynthesis numbers\n<!-- end winnow bench -->\n"
            .write(toFile: report, atomically: true, encoding: .utf8)
        let first = try await Winnow.run(Self.small + ["--markdown", report])
        #expect(first.status == 0, "\(first.stderr)")
        for name in Self.layout + Self.cell {
            #expect(first.stdout.contains(name), "\(name) missing from the table")
        }
        #expect(first.stdout.contains("\nbar: each cell workload ≤ 2× the layout mean time per row"))
        #expect(first.stdout.contains("\nbar, read + apply + write: each cell workload ≤ 2×"))
        var markdown = try String(contentsOfFile: report, encoding: .utf8)
        #expect(markdown.contains("synthesis numbers"))
        #expect(markdown.contains("## Applying programs to a large table (`winnow bench-apply`)"))
        #expect(markdown.contains("bench-apply --rows 300 --repeats 1 --markdown \(report)`"))
        #expect(markdown.contains("- Machine: "))
        #expect(markdown.contains("### Against the bar"))
        #expect(markdown.contains("Overall, read + apply + write: "))

        let second = try await Winnow.run(Self.small + ["--seed", "2", "--markdown", report])
        #expect(second.status == 0, "\(second.stderr)")
        markdown = try String(contentsOfFile: report, encoding: .utf8)
        #expect(markdown.components(separatedBy: "<!-- begin winnow bench-apply -->").count == 2)
        #expect(markdown.components(separatedBy: "## Applying programs to a large table").count == 2)
        #expect(markdown.contains("--seed 2 --markdown"))
        #expect(!markdown.contains("--repeats 1 --markdown"))
        #expect(markdown.contains("synthesis numbers"))
    }
}
