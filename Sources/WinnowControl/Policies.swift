import Foundation

/// The plain visible-example gate: commit the best-ranked candidate (every candidate in the pool
/// reproduces the visible examples), abstain on an empty pool. The baseline every policy is
/// measured against.
public struct FirstPolicy: ControlPolicy {
    public let name = "first"
    public init() {}

    public func act<Value>(_ state: ControlState<Value>, context: PolicyContext) async -> ControlAction {
        state.consistent.first.map { .commit(candidate: $0) } ?? .abstain
    }
}

/// Explores at random, then commits a random consistent candidate: the floor a learned policy must
/// clear.
public struct RandomPolicy: ControlPolicy {
    public let name = "random"
    public init() {}

    public func act<Value>(_ state: ControlState<Value>, context: PolicyContext) async -> ControlAction {
        var random = SeededRandom(seed: context.seed &+ UInt64(state.steps) &* 0x9E37_79B9_7F4A_7C15)
        guard !state.consistent.isEmpty else { return .abstain }
        switch Int.random(in: 0..<3, using: &random) {
        case 0 where state.executionsLeft > 0 && state.probeCount > 0:
            let probe = Int.random(in: 0..<state.probeCount, using: &random)
            if !state.unexecuted(on: probe).isEmpty { return .execute(candidates: state.unexecuted(on: probe), probe: probe) }
        case 1 where state.queriesLeft > 0 && state.queryableProbes > 0:
            let probe = Int.random(in: 0..<state.queryableProbes, using: &random)
            if state.answers[probe] == nil { return .query(probe: probe) }
        default: break
        }
        return .commit(candidate: state.consistent.randomElement(using: &random)!)
    }
}

/// Runs every consistent candidate on every probe it can afford, spends queries on the probe that
/// splits the consistent set most evenly (then on any unasked one, to test a consensus), and
/// commits when one behaviour class remains or one class's posterior share under `prior` reaches
/// `threshold` (its best-ranked member); otherwise it abstains.
///
/// Behaviour classes stand in for meaning: candidates that agree on every probe are, as far as the
/// verifier can tell, the same program, and a class is as likely as the ranking says its members
/// are together (a large class is many independent derivations of one program).
public struct HeuristicPolicy: ControlPolicy {
    public let name = "heuristic"
    /// The least posterior share worth committing (`RewardModel.commitThreshold` is the break-even).
    public var threshold: Double
    public var prior: RankPrior

    public init(threshold: Double = RewardModel().commitThreshold, prior: RankPrior = RankPrior()) {
        self.threshold = threshold
        self.prior = prior
    }

    public func act<Value>(_ state: ControlState<Value>, context: PolicyContext) async -> ControlAction {
        guard !state.consistent.isEmpty else { return .abstain }
        if state.consistent.count > 1, state.executionsLeft > 0,
           let probe = (0..<state.probeCount).first(where: { !state.unexecuted(on: $0).isEmpty }) {
            return .execute(candidates: state.unexecuted(on: probe), probe: probe)
        }
        // A query on a probe where the candidates disagree splits them; one where they all agree
        // still tests the consensus (if it is wrong, every candidate is, and abstaining is right).
        let unasked = state.queriesLeft > 0 ? (0..<state.queryableProbes).filter { state.answers[$0] == nil } : []
        if let probe = Self.mostEvenSplit(state, among: state.informativeQueries) ?? unasked.first { return .query(probe: probe) }
        // Checked against every hidden answer there is: nothing left to learn, commit the best-ranked.
        if state.queryableProbes > 0, state.answers.count == state.queryableProbes { return .commit(candidate: state.consistent[0]) }
        let classes = state.behaviourClasses(on: state.exploredProbes)
        guard !classes.isEmpty else { return .abstain }
        // Shares are ratios, so ranks count from the best-ranked survivor (no weight underflows).
        let top = state.consistent.min()!
        let weights = classes.map { $0.reduce(0) { $0 + prior.weight(rank: $1 - top) } }
        let total = weights.reduce(0, +)
        let best = weights.indices.max { weights[$0] < weights[$1] || (weights[$0] == weights[$1] && classes[$0][0] > classes[$1][0]) }!
        if classes.count == 1 || weights[best] / total >= threshold { return .commit(candidate: classes[best][0]) }
        return .abstain
    }

    /// The probe whose behaviour classes have the highest entropy (the most even split).
    static func mostEvenSplit<Value>(_ state: ControlState<Value>, among probes: [Int]) -> Int? {
        probes.max { entropy(state.behaviourClasses(on: [$0]), state.consistent.count) < entropy(state.behaviourClasses(on: [$1]), state.consistent.count) }
    }

    static func entropy(_ classes: [[Int]], _ total: Int) -> Double {
        guard total > 0 else { return 0 }
        return classes.reduce(0) { sum, group in
            let p = Double(group.count) / Double(total)
            return sum - p * log2(p)
        }
    }
}

/// SplitMix64: a small seeded generator, so every stochastic choice can be replayed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Episode {
    /// The upper bound: commits a correct candidate whenever the pool holds one, abstains
    /// otherwise, spending nothing. Only this reads correctness, and only to bound the others.
    public func oracleResult() -> EpisodeResult {
        let correct = (0..<problem.candidateCount).first(where: problem.isCorrect)
        return result(correct.map { .commit(candidate: $0) } ?? .abstain, state: initialState(), policy: "oracle",
                      actions: [correct.map { "commit \($0)" } ?? "abstain"], microseconds: 0)
    }
}
