/// A policy: chooses the next action from the state alone.
///
/// It never sees the problem itself (so it cannot read correctness or the oracle); a policy that
/// needs to describe candidates or probes (the model policy) gets the descriptions.
public protocol ControlPolicy: Sendable {
    var name: String { get }
    func act<Value>(_ state: ControlState<Value>, context: PolicyContext) async -> ControlAction
}

/// What a policy may know beyond the state: readable names, and a seeded random source.
public struct PolicyContext: Sendable {
    public var describeCandidate: @Sendable (Int) -> String
    public var describeProbe: @Sendable (Int) -> String
    /// Per-episode seed, so a stochastic policy is reproducible.
    public var seed: UInt64
}

/// How an episode ended and what it cost.
public struct EpisodeResult: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable { case correct, wrong, abstained }

    public var taskID: String
    public var policy: String
    public var outcome: Outcome
    public var committed: Int?
    public var actions: [String]
    public var queries: Int
    public var executions: Int
    public var reward: Double
    /// Candidates in the pool, and whether any of them is correct (what the oracle policy needs).
    public var poolSize: Int
    public var poolHasCorrect: Bool
    public var microseconds: Double
}

/// One run of the verifier MDP: the policy acts, the episode executes (the verifier) and answers
/// queries (the oracle, counted), until a commit, an abstention, or a policy that keeps acting
/// with nothing left to do (then it abstains).
public struct Episode<Problem: ControlProblem>: Sendable {
    public var problem: Problem
    public var budget: ControlBudget
    public var reward: RewardModel
    /// Actions allowed before the episode is cut off (a policy that loops abstains): room to run the
    /// candidates once on every probe, and 64 more.
    public var maxSteps: Int

    public init(problem: Problem, budget: ControlBudget, reward: RewardModel = RewardModel()) {
        self.problem = problem
        self.budget = budget
        self.reward = reward
        maxSteps = 64 + problem.probeCount
    }

    public func initialState() -> ControlState<Problem.Value> {
        ControlState(
            taskID: problem.taskID, candidateCount: problem.candidateCount, probeCount: problem.probeCount,
            queryableProbes: problem.queryableProbes, budget: budget)
    }

    public func context(seed: UInt64) -> PolicyContext {
        let problem = problem
        return PolicyContext(
            describeCandidate: { problem.describe(candidate: $0) }, describeProbe: { problem.describe(probe: $0) }, seed: seed)
    }

    /// Applies one action; returns true when the episode is over. An action the budget or the
    /// state does not allow is a no-op that still counts as a step.
    public func apply(_ action: ControlAction, to state: inout ControlState<Problem.Value>) -> Bool {
        state.steps += 1
        switch action {
        case .execute(let candidates, let probe):
            guard probe >= 0, probe < problem.probeCount else { return false }
            for candidate in candidates where candidate >= 0 && candidate < problem.candidateCount {
                guard state.executionsLeft > 0 else { break }
                guard state.observed[probe]?[candidate] == nil else { continue }
                state.executionsLeft -= 1
                state.observed[probe, default: [:]][candidate] = .some(problem.execute(candidate: candidate, probe: probe))
            }
            return false
        case .query(let probe):
            guard probe >= 0, probe < problem.queryableProbes, state.queriesLeft > 0, state.answers[probe] == nil,
                  let answer = problem.answer(probe: probe)
            else { return false }
            state.queriesLeft -= 1
            state.answers[probe] = answer
            // Ruling candidates out needs their outputs there: run the ones not yet run (as budget allows).
            _ = apply(.execute(candidates: state.unexecuted(on: probe), probe: probe), to: &state)
            state.steps -= 1
            state.consistent = state.consistent.filter { candidate in
                guard let seen = state.observed[probe]?[candidate] else { return true }
                return seen == answer
            }
            return false
        case .commit, .abstain:
            return true
        }
    }

    /// Runs the policy to a decision.
    public func run(_ policy: any ControlPolicy, seed: UInt64 = 0) async -> EpisodeResult {
        let clock = ContinuousClock()
        let started = clock.now
        var state = initialState()
        let context = context(seed: seed)
        var actions: [String] = []
        var final = ControlAction.abstain
        while state.steps < maxSteps {
            let action = await policy.act(state, context: context)
            actions.append(action.description)
            if apply(action, to: &state) {
                final = action
                break
            }
        }
        return result(final, state: state, policy: policy.name, actions: actions, microseconds: (clock.now - started).microseconds)
    }

    public func result(
        _ final: ControlAction, state: ControlState<Problem.Value>, policy: String, actions: [String], microseconds: Double
    ) -> EpisodeResult {
        let queries = budget.queries - state.queriesLeft
        let executions = budget.executions - state.executionsLeft
        let cost = Double(queries) * reward.queryCost + Double(executions) * reward.executionCost
        var outcome = EpisodeResult.Outcome.abstained
        var committed: Int?
        var value = 0.0
        if case .commit(let candidate) = final, candidate >= 0, candidate < problem.candidateCount {
            committed = candidate
            let right = problem.isCorrect(candidate: candidate)
            outcome = right ? .correct : .wrong
            value = right ? 1 : reward.wrongPenalty
        }
        return EpisodeResult(
            taskID: problem.taskID, policy: policy, outcome: outcome, committed: committed, actions: actions,
            queries: queries, executions: executions, reward: value - cost, poolSize: problem.candidateCount,
            poolHasCorrect: (0..<problem.candidateCount).contains(where: problem.isCorrect), microseconds: microseconds)
    }
}

extension Duration {
    var microseconds: Double { Double(components.seconds) * 1e6 + Double(components.attoseconds) / 1e12 }
}
