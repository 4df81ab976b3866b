import Testing
import WinnowControl

struct RankPriorTests {
    @Test func withNoDataThePriorHalvesEachRank() {
        let prior = RankPrior.fit(firstCorrectRanks: [])
        #expect(prior.decay == 0.5)
        #expect(prior.observations == 0)
        #expect(prior.weight(rank: 2) == 0.25)
    }

    @Test func aRankingThatIsAlwaysRightIsTrustedButNeverCertain() {
        let prior = RankPrior.fit(firstCorrectRanks: Array(repeating: 0, count: 199))
        // One pseudo-observation at rank 1: mean rank 1/200, decay = mean / (1 + mean) = 1/201.
        #expect(abs(prior.decay - 1.0 / 201) < 1e-12)
        #expect(prior.observations == 199)
        #expect(prior.decay > 0)
    }

    @Test func poolsWithoutACorrectCandidateSayNothingAboutTheRanking() {
        #expect(RankPrior.fit(firstCorrectRanks: [0, nil, 0, nil]) == RankPrior.fit(firstCorrectRanks: [0, 0]))
    }

    @Test func fittingReadsTheRankOfTheFirstCorrectCandidate() {
        // The correct behaviour (2x) first appears at rank 1 in this pool: mean (1 + 1) / 2 = 1.
        let prior = RankPrior.fit([threeCandidates()])
        #expect(prior.decay == 0.5)
        #expect(prior.observations == 1)
    }

    @Test func theBreakEvenThresholdFollowsTheWrongPenalty() {
        #expect(RewardModel(wrongPenalty: -1).commitThreshold == 0.5)
        #expect(RewardModel(wrongPenalty: -3).commitThreshold == 0.75)
        #expect(RewardModel(wrongPenalty: 0).commitThreshold == 0)
    }

    @Test func aFittedPriorCommitsTheTopRankedSurvivorOfAQuery() async {
        // x + 1 is ranked first and wrong. One query (of two hidden answers) rules it and x + 100
        // out, leaving 2x and 2x + (x − 2)(x − 3), which agree on both queryable probes and part on
        // the third. A sharp prior gives 2x (better ranked) a 0.99 share, which clears 0.9; the
        // default gives it 0.67 and abstains.
        let problem = FunctionProblem(
            functions: [{ $0 + 1 }, { $0 * 2 }, { 2 * $0 + ($0 - 2) * ($0 - 3) }, { $0 + 100 }], correct: [1], inputs: [2, 3, 9],
            queryableProbes: 2, truth: { $0 * 2 })
        let budget = ControlBudget(queries: 1, executions: 100)
        let sharp = await Episode(problem: problem, budget: budget).run(HeuristicPolicy(threshold: 0.9, prior: RankPrior(decay: 0.01)))
        #expect(sharp.queries == 1)
        #expect(sharp.outcome == .correct)
        #expect(sharp.committed == 1)
        let flat = await Episode(problem: problem, budget: budget).run(HeuristicPolicy(threshold: 0.9))
        #expect(flat.outcome == .abstained)
    }
}
