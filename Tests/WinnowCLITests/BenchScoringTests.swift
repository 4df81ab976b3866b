import Foundation
import Testing
import WinnowCore
import WinnowTestSupport
@testable import WinnowCLI

@Suite("bench scoring and the peer baseline")
struct BenchScoringTests {
    @Test(arguments: [
        ("exp0_10_1", "exp0_10", 1 as Int?),
        ("exp0_potters_wheel_fold_2_5", "exp0_potters_wheel_fold_2", 5),
        ("split-last-first-names", "split-last-first-names", nil),
        ("_3", "_3", nil),
        ("exp0_3", "exp0_3", nil),
        ("split-numbers-from-units-of-measure_2", "split-numbers-from-units-of-measure_2", nil),
    ])
    func variantsOfAScenarioShareItsName(taskID: String, scenario: String, variant: Int?) {
        let parsed = BenchCase.scenario(of: taskID)
        #expect(parsed.scenario == scenario)
        #expect(parsed.variant == variant)
    }

    @Test func foofahsRuleIgnoresTheOrderOfColumnsButNotOfRowsOrCells() {
        let answer: Table = [["a", "1", "x"], ["b", "2", "y"]]
        #expect(ColumnOrderRule.matches([["x", "a", "1"], ["y", "b", "2"]], answer))
        #expect(!ColumnOrderRule.matches([["b", "2", "y"], ["a", "1", "x"]], answer))
        #expect(!ColumnOrderRule.matches([["x", "a", "1"], ["y", "b", "3"]], answer))
        #expect(!ColumnOrderRule.matches([["x", "a"], ["y", "b"]], answer))
        // Python's zip stops at the shortest row, so a ragged tail is not compared, as in Foofah.
        #expect(ColumnOrderRule.matches([["1", "a", "extra"], ["2", "b"]], [["a", "1"], ["b", "2"]]))
    }

    @Test func theSummaryCountsWrongCasesThatOnlyPermuteColumnsUnderFoofahsRuleAlone() {
        let cases = [
            BenchCase(file: "a.txt", task: "a", status: .perfect, outcome: .solved, ms: 1, expanded: 1, consistent: 1, program: []),
            BenchCase(
                file: "b.txt", task: "b", status: .wrong, outcome: .solved, ms: 1, expanded: 1, consistent: 1, program: [],
                anyColumnOrder: .perfect),
            BenchCase(file: "c.txt", task: "c", status: .wrong, outcome: .solved, ms: 1, expanded: 1, consistent: 1, program: []),
        ]
        let summary = BenchSummary(cases: cases, totalSeconds: 1, resumed: 0)
        #expect(summary.board.perfect == 1)
        #expect(summary.perfectAnyColumnOrder == 2)
        #expect(cases[2].anyColumnOrder == .wrong)
    }

    @Test func foofahBaselineGivesItsPublishedHeadlineFigures() throws {
        let path = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("foofah-baseline.csv").path
        let board = try PeerBaseline.load(path: path).scoreboard()
        #expect(board.cases == 250)
        #expect(board.perfect == 192 && board.judgeable == 225)
        #expect(board.wrong == 20 && board.timeout == 13 && board.none == 0 && board.unscored == 25)
        #expect(board.scenariosWithPerfect == 44 && board.scenariosJudgeable == 45)
        #expect(board.perfectByVariant == ["1": 25, "2": 44, "3": 43, "4": 40, "5": 40])
        let median = try #require(board.perfectMedianMs)
        #expect(abs(median - 52) < 1)
    }

    @Test func numpyStylePercentilesInterpolate() {
        #expect(Statistics.percentile([], 0.5) == nil)
        #expect(Statistics.percentile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Statistics.percentile([0, 10], 0.9) == 9)
    }
}

@Suite("peer baselines other than Foofah")
struct PeerBaselineTests {
    private static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

    /// Writes files into a fresh folder, creating the folders their names hold.
    private func scratchFolder(_ files: [String: String]) throws -> TemporaryFolder {
        let scratch = try TemporaryFolder()
        for (name, text) in files {
            let path = scratch.path(name)
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try scratch.write(name, text)
        }
        return scratch
    }

    @Test(arguments: [
        ("../shared/anchors/sygus-cvc5/excel-k3.csv", "cvc5"),
        ("../shared/anchors/foofah-baseline.csv", "Foofah"),
        ("runs/prose_baseline.csv", "Prose"),
        ("/tmp/results.csv", "peer"),
    ])
    func peerIsNamedByItsBaselinesPath(path: String, name: String) {
        #expect(PeerBaseline.inferredName(path: path) == name)
    }

    @Test func cvc5ProgramsWithQuotesCommasAndParenthesesStayInOneField() throws {
        let path = Self.fixtures.appendingPathComponent("sygus-cvc5/flashfill-k1.csv").path
        let baseline = try PeerBaseline.load(path: path)
        #expect(baseline.name == "cvc5")
        let byFile = Dictionary(uniqueKeysWithValues: baseline.cases.map { ($0.file, $0) })
        #expect(baseline.cases.count == 4)
        #expect(byFile["name-combine-4-long.json"]?.status == .perfect)
        #expect(byFile["name-combine-4-long.json"]?.scenario == "name-combine-4-long")
        #expect(byFile["name-combine-4-long.json"]?.variant == 1)
        #expect(byFile["univ_1.json"]?.status == .perfect)
        #expect(byFile["univ_2-long.json"]?.status == .wrong)
        #expect(baseline.cases.filter { $0.status == .none }.count == 1)
        let ms = try #require(byFile["name-combine-4-long.json"]?.synthMs)
        #expect(abs(ms - 11) < 0.001)
    }

    @Test func anExplicitNameOverridesTheInferredOne() throws {
        let path = Self.fixtures.appendingPathComponent("sygus-cvc5/excel-k3.csv").path
        #expect(try PeerBaseline.load(path: path, name: "cvc5 1.0.3").name == "cvc5 1.0.3")
    }

    @Test func notesBesideTheBaselineComeFirst() throws {
        let scratch = try scratchFolder(["anchors/foofah-baseline.csv": "", "anchors/foofah-baseline.md": "# Foofah", "cases/README.md": "Foofah's cases"])
        let notes = PeerBaseline.notes(baseline: scratch.path("anchors/foofah-baseline.csv"), peer: "Foofah", folder: scratch.path("cases"))
        #expect(notes == scratch.path("anchors/foofah-baseline.md"))
    }

    @Test func withoutNotesBesideTheBaselineTheNearestReadmeNamingThePeerIsLinked() throws {
        let scratch = try scratchFolder([
            "anchors/sygus-cvc5/excel-k3.csv": "", "sygus/README.md": "## The peer: cvc5",
            "sygus/excel/README.md": "Excel help pages; no peer here", "sygus/excel/k3/a.json": "{}",
        ])
        let csv = scratch.path("anchors/sygus-cvc5/excel-k3.csv"), folder = scratch.path("sygus/excel/k3")
        #expect(PeerBaseline.notes(baseline: csv, peer: "cvc5", folder: folder) == scratch.path("sygus/README.md"))
        #expect(PeerBaseline.notes(baseline: csv, peer: "Foofah", folder: folder) == nil)
    }

    @Test func labelledRunsKeepTheirOwnMarkdownSections() throws {
        let scratch = try TemporaryFolder()
        let file = scratch.path("BENCHMARKS.md")
        try MarkdownSections.write(section: BenchMarkdown.section(label: nil), body: "foofah", to: file)
        try MarkdownSections.write(section: BenchMarkdown.section(label: "sygus excel/k1"), body: "excel k1, first", to: file)
        try MarkdownSections.write(section: BenchMarkdown.section(label: "sygus excel/k2"), body: "excel k2", to: file)
        try MarkdownSections.write(section: BenchMarkdown.section(label: "sygus excel/k1"), body: "excel k1, again", to: file)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text == """
            # Winnow benchmark

            <!-- begin winnow bench -->
            foofah
            <!-- end winnow bench -->

            <!-- begin winnow bench sygus excel/k1 -->
            excel k1, again
            <!-- end winnow bench sygus excel/k1 -->

            <!-- begin winnow bench sygus excel/k2 -->
            excel k2
            <!-- end winnow bench sygus excel/k2 -->

            """)
    }
}

@Suite("the gate beside its controls")
struct GateControlsTests {
    private func solved(_ file: String, gate: BenchCase.Status, plain: BenchCase.Status, leader: BenchCase.Status, oracle: BenchCase.Status, groups: Int, share: Double?, queried: BenchCase.Status? = nil) -> BenchCase {
        BenchCase(
            file: file, task: file, status: gate, outcome: .solved, ms: 1, expanded: 1, consistent: groups, program: nil, groups: groups,
            share: share, plain: plain, leader: leader, oracle: oracle, queried: queried, queriesUsed: queried == nil ? nil : 1)
    }

    @Test func eachDecisionIsCountedBesideThePlainGateTheOracleAndTheShareCurve() {
        let cases = [
            // Unambiguous and right: every decision commits it.
            solved("a", gate: .perfect, plain: .perfect, leader: .perfect, oracle: .perfect, groups: 1, share: 1, queried: .perfect),
            // Ambiguous, leading share 0.8: the gate commits the right behaviour.
            solved("b", gate: .perfect, plain: .perfect, leader: .perfect, oracle: .perfect, groups: 2, share: 0.8, queried: .perfect),
            // Ambiguous, a tie: the gate abstains; the plain gate is wrong; a right program is in the pool.
            solved("c", gate: .abstained, plain: .wrong, leader: .wrong, oracle: .perfect, groups: 2, share: 0.5, queried: .perfect),
            // Ambiguous, share 0.6 and wrong.
            solved("d", gate: .wrong, plain: .wrong, leader: .wrong, oracle: .wrong, groups: 3, share: 0.6, queried: .abstained),
            BenchCase(file: "e", task: "e", status: .unscored, outcome: .solved, ms: 1, expanded: 1, consistent: 1, program: nil),
        ]
        let controls = GateControls(cases: cases, commitShare: 0.5, queries: 1)
        let counts = controls.rows.map { [$0.perfect, $0.wrong, $0.abstained] }
        #expect(counts == [[2, 1, 1], [2, 2, 0], [3, 1, 0], [3, 0, 1]])
        #expect(controls.ambiguous == 3)
        #expect(controls.ambiguousCommittedRight == 1)
        let curve = Dictionary(uniqueKeysWithValues: controls.curve.map { ($0.policy, [$0.perfect, $0.wrong, $0.abstained]) })
        #expect(curve["commit-share 0.0"] == [2, 2, 0])
        #expect(curve["commit-share 0.5"] == [2, 1, 1])
        #expect(curve["commit-share 0.75"] == [2, 0, 2])
        #expect(curve["commit-share 0.9"] == [1, 0, 3])
    }

    @Test func resultsFilesWrittenBeforeTheGateReadTheirStatusAsThePlainGates() throws {
        let line = #"{"file":"x.json","task":"x","scenario":"x","status":"wrong","outcome":"solved","ms":1,"expanded":2,"consistent":3,"program":["drop(column: 0)"]}"#
        let read = try JSONDecoder().decode(BenchCase.self, from: Data(line.utf8))
        #expect(read.plain == .wrong && read.leader == .wrong && read.oracle == .wrong)
        #expect(read.groups == 1 && read.queried == nil)
    }
}
