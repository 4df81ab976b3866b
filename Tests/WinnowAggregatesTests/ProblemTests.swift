import Foundation
import Testing
import WinnowAggregates
import WinnowControl
import WinnowCore

@Suite struct ProblemTests {
    static let inputs: [[Double]] = [[1, 2, 3, 4], [-2, 5, 6, 0, 6], [7, 7, 8], [2, -4, 9, 1, 3, 3], [-9, -1, 0], [10, 3, -6, 5, 5, 2, 8]]

    private func problem(target: String, candidates: [String], queries: [[Double]] = [[4, 4, -3], [2, 6]], seed: UInt64 = 0) throws -> AggregateProblem {
        let made = task("problem", target: try program(target), inputs: Self.inputs, queries: queries)
        return AggregateProblem(task: made, candidates: try candidates.map(program), seed: seed)
    }

    @Test func heldOutInputsComeFirstAndAreTheOnlyQueryableProbes() throws {
        let p = try problem(target: "sum", candidates: ["sum", "filter(nonzero) | sum"])
        #expect(p.queryableProbes == 2)
        #expect(Array(p.probes.prefix(2)) == [list(4, 4, -3), list(2, 6)])
        #expect(p.answer(probe: 0) == .number(5))
        #expect(p.answer(probe: 1) == .number(8))
        #expect(p.probeCount > p.queryableProbes)
        #expect(p.answer(probe: p.queryableProbes) == nil)
    }

    @Test func correctMeansRightOnEveryHeldOutInput() throws {
        // On [4, 4, -3]: sum 5, last after sorting 4, sum above 1 is 8; leaving out zeros changes no sum.
        let p = try problem(target: "sum", candidates: ["sum", "sort | last", "filter(>1) | sum", "filter(nonzero) | sum"])
        #expect(p.isCorrect(candidate: 0))
        #expect(!p.isCorrect(candidate: 1))
        #expect(!p.isCorrect(candidate: 2))
        #expect(p.isCorrect(candidate: 3))
        #expect(p.isScored)
    }

    @Test func executeIsTheProgramOnTheProbeAndNilWhereUndefined() throws {
        let p = try problem(target: "max", candidates: ["max", "kth-largest(3)", "sort-desc | first"])
        for candidate in 0..<p.candidateCount {
            for probe in 0..<p.probeCount {
                #expect(p.execute(candidate: candidate, probe: probe) == p.programs[candidate].apply(p.probes[probe]))
            }
        }
        // [2, 6] has no third largest.
        #expect(p.execute(candidate: 1, probe: 1) == nil)
        #expect(p.describe(candidate: 2) == "sort-desc | first")
        #expect(p.describe(probe: 0) == "[4, 4, -3]")
    }

    @Test func generatedProbesSeparateCandidatesTheHeldOutInputsDoNot() throws {
        // On these held-out inputs (no 1, no zero) the three agree; elsewhere they do not.
        let p = try problem(
            target: "filter(positive) | sum", candidates: ["filter(positive) | sum", "filter(>1) | sum", "filter(nonzero) | abs | sum"],
            queries: [[4, 4, 7], [2, 6]])
        for a in 0..<p.candidateCount {
            for b in (a + 1)..<p.candidateCount {
                let separated = (p.queryableProbes..<p.probeCount).contains { p.execute(candidate: a, probe: $0) != p.execute(candidate: b, probe: $0) }
                #expect(separated, "\(p.describe(candidate: a)) vs \(p.describe(candidate: b))")
            }
        }
    }

    @Test func probesAreTheSameOnEveryRun() throws {
        let a = try problem(target: "mean", candidates: ["mean", "median"], seed: 4)
        let b = try problem(target: "mean", candidates: ["mean", "median"], seed: 4)
        #expect(a.probes == b.probes)
    }

    @Test func anEpisodeCommitsThroughTheControlCore() async throws {
        let p = try problem(target: "filter(even) | square | sum", candidates: ["filter(even) | square | sum", "filter(even) | square | max"])
        let episode = Episode(problem: p, budget: ControlBudget(queries: 1, executions: 100))
        let first = await episode.run(FirstPolicy())
        #expect(first.outcome == .correct)
        #expect(first.poolHasCorrect)
        #expect(episode.oracleResult().outcome == .correct)
    }

    @Test func aTaskWithoutAnswersIsUnscored() throws {
        let made = SynthesisTask<AggregateValue>(
            id: "unscored", domain: "aggregates", examples: [Example(input: list(1, 2), output: .number(3))], queries: [list(5)])
        let p = AggregateProblem(task: made, candidates: [try program("sum")])
        #expect(!p.isScored)
        #expect(!p.isCorrect(candidate: 0))
        #expect(p.answer(probe: 0) == nil)
    }
}
