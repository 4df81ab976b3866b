import Foundation
import Testing
import WinnowTestSupport

@Suite("winnow bench")
struct BenchCommandTests {
    /// Expansion-bounded so that every status is decided by the node budget, never by the clock.
    private static let budget = ["--max-nodes", "150", "--timeout", "600", "--jobs", "2"]
    private var folder: String { Winnow.fixtures.appendingPathComponent("bench").path }

    private func summary(_ object: [String: Any]) throws -> [String: Any] {
        try #require(object["summary"] as? [String: Any])
    }

    @Test func jsonCountsAreConsistentAndThePlaceholderAnswerIsUnscored() async throws {
        let run = try await Winnow.run(["bench", folder, "--json"] + Self.budget)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try jsonObject(run.stdout)
        let summary = try summary(object)
        let cases = try #require(object["cases"] as? [[String: Any]])
        #expect(cases.count == 6)
        let statuses = ["perfect", "wrong", "none", "timeout", "unscored"]
        for status in statuses {
            #expect(summary[status] as? Int == cases.filter { $0["status"] as? String == status }.count, "summary.\(status)")
        }
        #expect(statuses.map { summary[$0] as? Int ?? -1 }.reduce(0, +) == cases.count)
        #expect(summary["unscored"] as? Int == 1)
        #expect((summary["perfect"] as? Int ?? 0) >= 2)
        #expect(summary["median_ms"] is Double || summary["median_ms"] is Int)
        #expect(summary["total_s"] is Double || summary["total_s"] is Int)
        let byFile = Dictionary(uniqueKeysWithValues: cases.map { ($0["file"] as? String ?? "", $0) })
        #expect(byFile["exp0_3_1.txt"]?["status"] as? String == "unscored")
        #expect(byFile["exp0_10_1.txt"]?["status"] as? String == "perfect")
        for c in cases {
            #expect(c["ms"] is Double || c["ms"] is Int)
            // A program is committed exactly when the case is perfect or wrong (unscored cases may go either way).
            switch c["status"] as? String {
            case "perfect", "wrong": #expect(c["program"] is [String])
            case "none", "timeout": #expect(c["program"] is NSNull)
            default: #expect(c["status"] as? String == "unscored")
            }
        }
        #expect(byFile["README.md"] == nil && byFile["LICENSE-foofah.md"] == nil)
    }

    @Test func aRerunWithTheSameResultsFileResumesEveryCaseAndGivesTheSameSummary() async throws {
        let scratch = try TemporaryFolder()
        let results = scratch.path("results.jsonl")
        let first = try await Winnow.run(["bench", folder, "--json", "--results", results] + Self.budget)
        #expect(first.status == 0)
        #expect(first.stderr.contains("resumed 0 of 6 cases"))
        let lines = try String(contentsOfFile: results, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 6)

        let second = try await Winnow.run(["bench", folder, "--json", "--results", results] + Self.budget)
        #expect(second.status == 0)
        #expect(second.stderr.contains("resumed 6 of 6 cases"))
        let a = try jsonObject(first.stdout), b = try jsonObject(second.stdout)
        let stable = ["perfect", "wrong", "none", "timeout", "unscored", "median_ms", "p90_ms", "scenarios_with_perfect"]
        for key in stable {
            #expect("\(try summary(a)[key] ?? "missing")" == "\(try summary(b)[key] ?? "missing")", "summary.\(key) changed")
        }
        #expect(try summary(b)["resumed"] as? Int == 6)
        #expect(NSArray(array: a["cases"] as? [Any] ?? []) == NSArray(array: b["cases"] as? [Any] ?? []))
    }

    @Test func csvAndMarkdownReportsAreWrittenBesideThePeerBaseline() async throws {
        let scratch = try TemporaryFolder()
        let baseline = Winnow.fixtures.appendingPathComponent("foofah-baseline.csv").path
        let run = try await Winnow.run(
            ["bench", folder, "--csv", scratch.path("cases.csv"), "--markdown", scratch.path("BENCHMARKS.md"), "--baseline", baseline]
                + Self.budget)
        #expect(run.status == 0, "\(run.stderr)")
        // The table on stdout puts the peer's recorded figures on the same six cases beside Winnow's.
        let perfectLine = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("perfect (of judgeable cases)") })
        #expect(perfectLine.hasSuffix("5/5 (100.0 %)"))
        #expect(perfectLine.components(separatedBy: "/5 (").count == 3)
        #expect(run.stdout.contains("restricted to the 6 cases of this run (244 other baseline cases left out)"))
        let gridLine = run.stdout.split(separator: "\n").first { $0.hasPrefix("exp0_10 ") }
        #expect(gridLine?.split(separator: " ").count == 3)
        #expect(gridLine?.hasSuffix(" PP") == true)

        let csv = try String(contentsOfFile: scratch.path("cases.csv"), encoding: .utf8).components(separatedBy: "\r\n")
        #expect(csv[0].hasPrefix("file,task,scenario,variant,status"))
        #expect(csv.count == 8 && csv[7].isEmpty)
        #expect(csv.contains { $0.hasPrefix("exp0_3_1.txt,exp0_3_1,exp0_3,1,unscored,") })

        let markdown = try String(contentsOfFile: scratch.path("BENCHMARKS.md"), encoding: .utf8)
        #expect(markdown.hasPrefix("# Winnow benchmark\n"))
        #expect(markdown.contains("--markdown"))
        #expect(markdown.contains("- Machine: "))
        #expect(markdown.contains("- Build configuration: "))
        #expect(markdown.contains("not re-run by this command"))
        #expect(markdown.contains("foofah-baseline.md"))
        #expect(markdown.contains("| `exp0_3` | `U` | `U` |"))
        #expect(markdown.split(separator: "\n").contains { $0.hasPrefix("| `exp0_10` | `") && $0.hasSuffix("| `PP` |") })
        #expect(markdown.contains("| exp0_3_1.txt | unscored |"))
    }

    @Test func aCvc5BaselineIsNamedFromItsFolderAndLinksTheReadmeThatDescribesIt() async throws {
        let scratch = try TemporaryFolder()
        let sygus = Winnow.fixtures.appendingPathComponent("sygus").path
        let baseline = Winnow.fixtures.appendingPathComponent("sygus-cvc5/excel-k3.csv").path
        let run = try await Winnow.run(
            ["bench", sygus + "/excel/k3", "--json", "--baseline", baseline, "--markdown", scratch.path("BENCHMARKS.md")] + Self.budget)
        #expect(run.status == 0, "\(run.stderr)")
        let comparison = try #require(try jsonObject(run.stdout)["baseline"] as? [String: Any])
        #expect(comparison["name"] as? String == "cvc5")
        #expect(comparison["notes"] as? String == sygus + "/README.md")
        #expect(comparison["baseline_only"] as? Int == 3)
        #expect((comparison["peer"] as? [String: Any])?["perfect"] as? Int == 2)

        let markdown = try String(contentsOfFile: scratch.path("BENCHMARKS.md"), encoding: .utf8)
        #expect(markdown.contains("|  | Winnow | cvc5 |"))
        #expect(markdown.contains("The cvc5 column is cvc5's own recorded run, described in `"))
        #expect(markdown.contains("sygus/README.md`; its figures are read from `"))
        #expect(markdown.contains("### Perfect for cvc5, not for Winnow"))
        #expect(!markdown.contains("Foofah"))
    }

    @Test func thePeerOptionNamesThePeerInTheTable() async throws {
        let sygus = Winnow.fixtures.appendingPathComponent("sygus").path
        let baseline = Winnow.fixtures.appendingPathComponent("sygus-cvc5/excel-k3.csv").path
        let run = try await Winnow.run(["bench", sygus + "/excel/k3", "--baseline", baseline, "--peer", "cvc5 1.0.3"] + Self.budget)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        let header = try #require(lines.first { $0.hasPrefix(" ") && $0.contains("Winnow") })
        #expect(header.hasSuffix("  cvc5 1.0.3"))
        #expect(run.stdout.contains("(cvc5 1.0.3: recorded run read from \(baseline), not re-run; restricted to the 2 cases"))
        #expect(run.stdout.contains("perfect for cvc5 1.0.3, not for Winnow"))
    }

    @Test func runsWithDifferentSectionLabelsKeepTheirOwnMarkdownSections() async throws {
        let scratch = try TemporaryFolder()
        let markdown = scratch.path("BENCHMARKS.md")
        let sygus = Winnow.fixtures.appendingPathComponent("sygus/excel/k3").path
        for label in ["sygus excel/k3", "another label", "sygus excel/k3"] {
            let run = try await Winnow.run(["bench", sygus, "--markdown", markdown, "--section", label] + Self.budget)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        for label in ["sygus excel/k3", "another label"] {
            #expect(text.components(separatedBy: "<!-- begin winnow bench \(label) -->").count == 2)
            #expect(text.components(separatedBy: "<!-- end winnow bench \(label) -->").count == 2)
            #expect(text.components(separatedBy: "## Table synthesis: \(label) (`winnow bench`)").count == 2)
        }
        #expect(!text.contains("<!-- begin winnow bench -->"))
    }

    @Test func peerAndSectionOptionsNeedWhatTheyDescribe() async throws {
        for arguments in [["--peer", "cvc5"], ["--peer-notes", "notes.md"], ["--section", "excel"]] {
            let run = try await Winnow.run(["bench", folder] + arguments + Self.budget)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
        }
    }

    @Test func aMalformedTaskFileIsScoredErrorWhileTheOtherCasesAreSolved() async throws {
        let scratch = try TemporaryFolder()
        let cases = scratch.path("cases")
        try FileManager.default.createDirectory(atPath: cases, withIntermediateDirectories: true)
        for name in ["exp0_10_1.txt", "exp0_3_1.txt"] {
            try FileManager.default.copyItem(atPath: "\(folder)/\(name)", toPath: "\(cases)/\(name)")
        }
        try "{\"examples\": [".write(toFile: "\(cases)/broken.json", atomically: true, encoding: .utf8)
        try "{\"examples\": [{\"input\": [[\"a\"]], \"output\": [[\"a\"]]}]}\n{oops\n".write(toFile: "\(cases)/lines.jsonl", atomically: true, encoding: .utf8)
        let run = try await Winnow.run(["bench", cases, "--json", "--markdown", scratch.path("r.md"), "--csv", scratch.path("r.csv")] + Self.budget)

        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("broken.json: ") && run.stderr.contains("lines.jsonl: line 2"))
        let object = try jsonObject(run.stdout)
        let summary = try summary(object)
        #expect(summary["errors"] as? Int == 2)
        #expect(summary["perfect"] as? Int == 1)
        #expect(summary["judgeable"] as? Int == 1)
        let all = try #require(object["cases"] as? [[String: Any]])
        #expect(all.map { $0["file"] as? String } == ["broken.json", "exp0_10_1.txt", "exp0_3_1.txt", "lines.jsonl"])
        let broken = try #require(all.first)
        #expect(broken["status"] as? String == "error")
        #expect((broken["error"] as? String)?.isEmpty == false)
        #expect(broken["program"] is NSNull)

        let markdown = try String(contentsOfFile: scratch.path("r.md"), encoding: .utf8)
        #expect(markdown.contains("| broken.json | error |"))
        #expect(markdown.contains("| error (task file could not be loaded) | 2 |"))
        let csv = try String(contentsOfFile: scratch.path("r.csv"), encoding: .utf8)
        #expect(csv.contains("lines.jsonl,lines,lines,,error,"))
    }

    @Test func progressOnAPipeIsSparse() async throws {
        let run = try await Winnow.run(["bench", folder] + Self.budget)
        #expect(run.status == 0)
        // Six cases: no bar redraws, one final line.
        #expect(!run.stderr.contains("\r"))
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.hasPrefix("bench: 6/6 cases"))
    }
}
