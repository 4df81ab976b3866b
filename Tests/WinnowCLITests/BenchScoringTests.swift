import Foundation
import Testing
import WinnowCore
@testable import WinnowCLI

@Suite("bench scoring and the peer baseline")
struct BenchScoringTests {
    @Test(arguments: [
        ("exp0_10_1", "exp0_10", 1 as Int?),
        ("exp0_potters_wheel_fold_2_5", "exp0_potters_wheel_fold_2", 5),
        ("split-last-first-names", "split-last-first-names", nil),
        ("_3", "_3", nil),
    ])
    func variantsOfAScenarioShareItsName(taskID: String, scenario: String, variant: Int?) {
        let parsed = BenchCase.scenario(of: taskID)
        #expect(parsed.scenario == scenario)
        #expect(parsed.variant == variant)
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
