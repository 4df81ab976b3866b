import Testing
import WinnowControl

/// A hand-made problem: candidates are functions of a probe number; candidate `correct` is right.
struct FunctionProblem: ControlProblem {
    var taskID = "t"
    var functions: [@Sendable (Int) -> Int?]
    var correct: Set<Int>
    /// Probe inputs; the first `queryableProbes` have answers (the correct function's output).
    var inputs: [Int]
    var queryableProbes: Int
    var truth: @Sendable (Int) -> Int?

    var candidateCount: Int { functions.count }
    var probeCount: Int { inputs.count }
    func describe(candidate: Int) -> String { "f\(candidate)" }
    func describe(probe: Int) -> String { "x=\(inputs[probe])" }
    func execute(candidate: Int, probe: Int) -> Int? { functions[candidate](inputs[probe]) }
    func answer(probe: Int) -> Int? { probe < queryableProbes ? truth(inputs[probe]) : nil }
    func isCorrect(candidate: Int) -> Bool { correct.contains(candidate) }
}

/// Three candidates agree on the visible example: `x + 1` (wrong, ranked first), `2x` twice
/// (right, two derivations of the same behaviour).
func threeCandidates(queryable: Int = 1) -> FunctionProblem {
    FunctionProblem(
        functions: [{ $0 + 1 }, { $0 * 2 }, { $0 + $0 }], correct: [1, 2], inputs: [5, 7, 0], queryableProbes: queryable,
        truth: { $0 * 2 })
}

struct EpisodeTests {
    @Test func firstCommitsTheBestRankedCandidate() async {
        let result = await Episode(problem: threeCandidates(), budget: ControlBudget()).run(FirstPolicy())
        #expect(result.committed == 0)
        #expect(result.outcome == .wrong)
        #expect(result.reward == -1)
        #expect(result.executions == 0 && result.queries == 0)
    }

    @Test func theHeuristicCommitsTheClassWithTheMostPosteriorShare() async {
        let budget = ControlBudget(queries: 0, executions: 100)
        // Default prior (decay 1/2): rank 0 weighs 1, ranks 1 and 2 together 0.75, so x + 1 wins.
        let three = await Episode(problem: threeCandidates(), budget: budget).run(HeuristicPolicy())
        #expect(three.committed == 0)
        #expect(three.executions == 9)
        // A flat prior (decay 0.9): two derivations of 2x weigh 1.71 against 1, so 2x wins.
        let flat = await Episode(problem: threeCandidates(), budget: budget).run(HeuristicPolicy(prior: RankPrior(decay: 0.9)))
        #expect(flat.outcome == .correct)
        #expect(flat.committed == 1)
        #expect(flat.queries == 0)
    }

    @Test func theHeuristicAbstainsWhenNoClassClearsTheThreshold() async {
        // Under the flat prior 2x holds 63 % of the weight: enough at the default break-even, not at 0.7.
        let budget = ControlBudget(queries: 0, executions: 100)
        let cautious = await Episode(problem: threeCandidates(), budget: budget)
            .run(HeuristicPolicy(threshold: 0.7, prior: RankPrior(decay: 0.9)))
        #expect(cautious.outcome == .abstained)
    }

    @Test func aQueryRulesOutTheCandidatesThatDisagreeWithTheAnswer() async {
        // Make the wrong behaviour the majority: the query must decide.
        var problem = threeCandidates()
        problem.functions = [{ $0 + 1 }, { $0 + 1 }, { $0 * 2 }]
        problem.correct = [2]
        let result = await Episode(problem: problem, budget: ControlBudget(queries: 1, executions: 100)).run(HeuristicPolicy())
        #expect(result.outcome == .correct)
        #expect(result.queries == 1)
        #expect(result.actions.contains("query probe 0"))
    }

    @Test func theBudgetCapsExecutionsAndQueries() async {
        let episode = Episode(problem: threeCandidates(), budget: ControlBudget(queries: 0, executions: 2))
        var state = episode.initialState()
        _ = episode.apply(.execute(candidates: [0, 1, 2], probe: 0), to: &state)
        #expect(state.executionsLeft == 0)
        #expect(state.observed[0]?.count == 2)
        _ = episode.apply(.query(probe: 0), to: &state)
        #expect(state.answers.isEmpty)
        #expect(state.consistent == [0, 1, 2])
    }

    @Test func anEmptyPoolAbstainsCleanly() async {
        let empty = FunctionProblem(functions: [], correct: [], inputs: [1], queryableProbes: 1, truth: { $0 })
        for policy in [FirstPolicy(), HeuristicPolicy(), RandomPolicy()] as [any ControlPolicy] {
            let result = await Episode(problem: empty, budget: ControlBudget(queries: 1, executions: 10)).run(policy)
            #expect(result.outcome == .abstained, "\(policy.name)")
            #expect(result.reward == 0)
        }
    }

    @Test func theOracleCommitsACorrectCandidateWheneverThePoolHasOne() {
        #expect(Episode(problem: threeCandidates(), budget: ControlBudget()).oracleResult().outcome == .correct)
        var hopeless = threeCandidates()
        hopeless.correct = []
        #expect(Episode(problem: hopeless, budget: ControlBudget()).oracleResult().outcome == .abstained)
    }

    @Test func aPolicyThatNeverDecidesIsCutOffAsAnAbstention() async {
        struct Stubborn: ControlPolicy {
            let name = "stubborn"
            func act<Value>(_ state: ControlState<Value>, context: PolicyContext) async -> ControlAction { .query(probe: 99) }
        }
        let problem = threeCandidates()
        let result = await Episode(problem: problem, budget: ControlBudget(queries: 1)).run(Stubborn())
        #expect(result.outcome == .abstained)
        // Room to run the candidates on every probe once, and 64 actions more.
        #expect(result.actions.count == 64 + problem.probeCount)
        #expect(result.queries == 0)
    }

    @Test func theRandomPolicyIsReproducibleFromItsSeed() async {
        let episode = Episode(problem: threeCandidates(), budget: ControlBudget(queries: 1, executions: 100))
        let a = await episode.run(RandomPolicy(), seed: 7)
        let b = await episode.run(RandomPolicy(), seed: 7)
        #expect(a.actions == b.actions && a.committed == b.committed)
    }

    @Test func queryCostsAndExecutionCostsComeOffTheReward() async {
        var problem = threeCandidates()
        problem.functions = [{ $0 + 1 }, { $0 + 1 }, { $0 * 2 }]
        problem.correct = [2]
        let reward = RewardModel(wrongPenalty: -2, queryCost: 0.1, executionCost: 0.01)
        let result = await Episode(problem: problem, budget: ControlBudget(queries: 1, executions: 100), reward: reward).run(HeuristicPolicy())
        #expect(abs(result.reward - (1 - 0.1 - 0.01 * Double(result.executions))) < 1e-12)
    }

    @Test func aQueryOnAConsensusCatchesAPoolThatIsWrongEverywhere() async {
        var problem = threeCandidates()
        problem.functions = [{ $0 + 1 }, { $0 + 1 }]
        problem.correct = []
        let withQuery = await Episode(problem: problem, budget: ControlBudget(queries: 1, executions: 100)).run(HeuristicPolicy())
        #expect(withQuery.outcome == .abstained)
        #expect(withQuery.queries == 1)
        let without = await Episode(problem: problem, budget: ControlBudget(queries: 0, executions: 100)).run(HeuristicPolicy())
        #expect(without.outcome == .wrong)
    }
}
