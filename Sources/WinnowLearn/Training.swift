import Foundation
import WinnowControl

/// How the learned policy is fitted.
public enum TrainingMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Group-relative policy gradient, on-policy: each sweep samples a group of rollouts per
    /// training problem from the current policy and ascends Σ A·∇log π with group-normalised A.
    case grpo
    /// Direct preference optimisation: the best and worst trajectory of each group form a pair,
    /// and the policy is fitted to the pairs against the initial policy as the reference. Offline
    /// (groups sampled once, from the reference) with `rounds` = 1; with more rounds the groups
    /// are re-sampled from the current policy each round (online, iterative DPO).
    case dpo
}

/// A control run trained beside the real one on the same problems, seeds, budget and
/// hyper-parameters, with one link of the signal cut. If a control does as well as the real run,
/// the real run's gain is not coming from what the control cut.
public enum TrainingControl: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    /// Rewards are permuted across every trajectory of the training set (a GRPO sweep, or a DPO
    /// round's data set) before advantages or preferences are computed: rewards no longer belong
    /// to the trajectories that earned them.
    case shuffledRewards = "shuffled-rewards"
    /// Each logged step's feature vector is replaced by the feature vector of another logged step,
    /// by a random permutation over all steps of the training data (each GRPO sweep; each DPO
    /// round's data set, once, before the reference log-probabilities are taken). The legal mask, the action and the reward stay with the real step (the
    /// action must be legal where it was taken), so the update sees real action/reward statistics
    /// but features that say nothing about the state they were taken in. The bias feature is 1 in
    /// every state, so what such a run can still learn is a state-independent preference among
    /// the legal macro-actions: the control measures what the features add beyond that.
    case scrambledFeatures = "scrambled-features"
}

/// How a gradient becomes a parameter update.
public enum Optimizer: String, Sendable, Hashable, Codable, CaseIterable {
    /// θ ← θ + lr · ∇J: plain gradient ascent; steps scale with the gradient.
    case sgd
    /// Adam (β₁ 0.9, β₂ 0.999): per-parameter normalised steps of about lr each.
    case adam
}

/// Everything that shapes a training run (recorded in the weights file).
public struct TrainingConfig: Sendable, Hashable, Codable {
    public var method: TrainingMethod
    /// GRPO: sweeps over the training problems (each samples fresh groups). DPO: passes over the pairs.
    public var epochs: Int
    /// Rollouts per training problem in a group.
    public var groupSize: Int
    /// Parameter updates per sweep (GRPO) or per pass (DPO); the training problems (pairs) are
    /// split into this many shuffled minibatches.
    public var minibatches: Int
    public var optimizer: Optimizer
    /// Step size.
    public var learningRate: Double
    /// L2 penalty: the objective loses (l2/2)·‖θ‖² (every parameter, biases included).
    public var l2: Double
    /// GRPO: weight on the mean per-trajectory sum of policy entropies (keeps exploring).
    public var entropyBonus: Double
    /// GRPO: A = (r − mean) / (std + advantageEpsilon) within a group. A group whose rewards differ
    /// only by a query's or a few executions' cost (every rollout right, say) then gets small
    /// advantages instead of ±1: with ε near 0 such cost noise, blown up to full size, taught the
    /// policy never to query (0.2 roughly doubled the queries and raised held-out reward ~0.1).
    public var advantageEpsilon: Double
    /// DPO: the inverse temperature β.
    public var beta: Double
    /// DPO: times the groups are sampled, each from the policy as it then is (1: offline, from
    /// the reference only); each round is followed by `epochs` passes over its pairs. The
    /// reference stays the initial policy throughout.
    public var rounds: Int
    /// DPO: rewards closer than this count as a tie when picking pairs, so that a few executions'
    /// cost alone does not make one right commit "preferred" to another.
    public var tieTolerance: Double
    /// 0: the linear softmax policy; otherwise the width of one tanh hidden layer.
    public var hiddenUnits: Int
    /// Standard deviation of the initial output weights.
    public var initScale: Double
    /// Standardise each feature (mean 0, standard deviation 1 over the initial policy's states)
    /// before the first layer. Without it the constant-ish features make every action's logit move
    /// together across states, and what is learned in late states leaks into the first.
    public var standardiseInputs: Bool
    public var seed: UInt64
    public var budget: ControlBudget
    public var reward: RewardModel
    /// Actions before an episode is cut off (abstains), as `Episode.maxSteps`.
    public var maxSteps: Int

    /// The defaults are what the synthetic-pool tests train with (Adam at 0.05 on standardised
    /// inputs, entropy bonus 0.1 for GRPO; for DPO pass `rounds` > 1 to re-sample online).
    public init(
        method: TrainingMethod = .grpo, epochs: Int = 20, groupSize: Int = 6, minibatches: Int = 4,
        optimizer: Optimizer = .adam, learningRate: Double = 0.05, l2: Double = 1e-3, entropyBonus: Double = 0.1,
        advantageEpsilon: Double = 0.2, beta: Double = 0.5, rounds: Int = 1, tieTolerance: Double = 0.02,
        hiddenUnits: Int = 0, initScale: Double = 0.01, standardiseInputs: Bool = true, seed: UInt64 = 0,
        budget: ControlBudget = ControlBudget(queries: 1, executions: 1_000), reward: RewardModel = RewardModel(),
        maxSteps: Int = 64
    ) {
        self.method = method
        self.epochs = epochs
        self.groupSize = groupSize
        self.minibatches = minibatches
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.l2 = l2
        self.entropyBonus = entropyBonus
        self.advantageEpsilon = advantageEpsilon
        self.beta = beta
        self.rounds = rounds
        self.tieTolerance = tieTolerance
        self.hiddenUnits = hiddenUnits
        self.initScale = initScale
        self.standardiseInputs = standardiseInputs
        self.seed = seed
        self.budget = budget
        self.reward = reward
        self.maxSteps = maxSteps
    }
}

/// One step of a logged episode: what the policy saw and which macro-action it took.
public struct LoggedStep: Sendable, Hashable, Codable {
    public var features: [Double]
    public var legal: [Bool]
    public var action: MacroAction

    public init(features: [Double], legal: [Bool], action: MacroAction) {
        self.features = features
        self.legal = legal
        self.action = action
    }
}

/// One episode run step by step through `Episode.apply`, with every state's observation kept.
public struct LoggedEpisode: Sendable, Hashable {
    public var steps: [LoggedStep]
    public var result: EpisodeResult
    public var reward: Double { result.reward }
}

/// A DPO pair: the preferred and the rejected trajectory of one group, with their log-probability
/// under the reference policy.
public struct PreferencePair: Sendable, Hashable {
    public var preferred: [LoggedStep]
    public var rejected: [LoggedStep]
    public var referencePreferred: Double
    public var referenceRejected: Double

    public init(preferred: [LoggedStep], rejected: [LoggedStep], referencePreferred: Double, referenceRejected: Double) {
        self.preferred = preferred
        self.rejected = rejected
        self.referencePreferred = referencePreferred
        self.referenceRejected = referenceRejected
    }
}

/// The real run and its two controls, trained together.
public struct TrainedPolicies: Sendable {
    /// The starting point all three share (and DPO's reference).
    public var initial: LearnedPolicy
    public var learned: LearnedPolicy
    public var shuffledRewards: LearnedPolicy
    public var scrambledFeatures: LearnedPolicy
}

extension LearnedPolicy {
    /// Runs one episode with this policy, keeping each step's observation: greedy when `seed` is
    /// nil, otherwise sampling with a generator seeded by it.
    public func rollout<Problem: ControlProblem>(_ episode: Episode<Problem>, seed: UInt64? = nil) -> LoggedEpisode {
        var random = seed.map(SeededRandom.init(seed:))
        var state = episode.initialState()
        var steps: [LoggedStep] = []
        var actions: [String] = []
        var final = ControlAction.abstain
        while state.steps < episode.maxSteps {
            let observation = Observation(state)
            let macro = random == nil ? greedy(observation) : sample(observation, using: &random!)
            let action = observation.actions[macro.rawValue]!
            steps.append(LoggedStep(features: observation.features, legal: observation.legal, action: macro))
            actions.append(action.description)
            if episode.apply(action, to: &state) {
                final = action
                break
            }
        }
        return LoggedEpisode(
            steps: steps, result: episode.result(final, state: state, policy: name, actions: actions, microseconds: 0))
    }

    /// Mean reward of greedy episodes on these problems.
    public func meanReward<Problem: ControlProblem>(
        on problems: [Problem], budget: ControlBudget, reward: RewardModel = RewardModel(), maxSteps: Int = 64
    ) -> Double {
        guard !problems.isEmpty else { return 0 }
        return problems.reduce(0) { sum, problem in
            var episode = Episode(problem: problem, budget: budget, reward: reward)
            episode.maxSteps = maxSteps
            return sum + rollout(episode).reward
        } / Double(problems.count)
    }
}

/// Trains `LearnedPolicy` on logged episodes of any `ControlProblem` type. Pass the training
/// split only: nothing here holds problems out.
public enum PolicyTrainer {
    /// The real run and both controls, on the same problems and configuration, trained
    /// concurrently (each run is deterministic on its own, so the result does not depend on the
    /// interleaving).
    public static func trainWithControls<Problem: ControlProblem>(_ problems: [Problem], config: TrainingConfig) async -> TrainedPolicies {
        let runs = await withTaskGroup(of: (TrainingControl, LearnedPolicy).self) { group in
            for control in TrainingControl.allCases {
                group.addTask { (control, train(problems, config: config, control: control)) }
            }
            var runs: [TrainingControl: LearnedPolicy] = [:]
            for await (control, policy) in group { runs[control] = policy }
            return runs
        }
        return TrainedPolicies(
            initial: initialPolicy(problems, config: config), learned: runs[.none]!, shuffledRewards: runs[.shuffledRewards]!,
            scrambledFeatures: runs[.scrambledFeatures]!)
    }

    /// The untrained policy a run with this configuration starts from: small random weights and,
    /// when `standardiseInputs`, input standardisation measured on one group of its own rollouts
    /// per training problem (the same for the real run and its controls).
    public static func initialPolicy<Problem: ControlProblem>(_ problems: [Problem], config: TrainingConfig) -> LearnedPolicy {
        var policy = LearnedPolicy(hidden: config.hiddenUnits, scale: config.initScale, seed: mix(config.seed, 0x1417))
        guard config.standardiseInputs else { return policy }
        var states = StepBatch()
        for group in sampleGroups(problems, policy: policy, config: config, round: .max) {
            for episode in group {
                for step in episode.steps {
                    states.append(features: step.features, legal: step.legal, action: step.action.rawValue, coefficient: 0)
                }
            }
        }
        policy.network.standardise(on: states.features, rows: states.rows)
        return policy
    }

    public static func train<Problem: ControlProblem>(
        _ problems: [Problem], config: TrainingConfig, control: TrainingControl = .none
    ) -> LearnedPolicy {
        precondition(config.groupSize >= 2 && config.minibatches >= 1 && config.epochs >= 0)
        var policy: LearnedPolicy
        switch config.method {
        case .grpo: policy = grpo(problems, config: config, control: control)
        case .dpo: policy = dpo(problems, config: config, control: control)
        }
        policy.name = control == .none ? "learned" : "learned-\(control.rawValue)"
        policy.method = config.method.rawValue
        policy.control = control
        policy.config = config
        return policy
    }

    /// A deterministic split of problems into a training and a held-out part.
    public static func split<Problem: ControlProblem>(
        _ problems: [Problem], heldOutFraction: Double, seed: UInt64
    ) -> (training: [Problem], heldOut: [Problem]) {
        var random = SeededRandom(seed: mix(seed, 0x5917))
        let shuffled = problems.shuffled(using: &random)
        let heldOut = Int((Double(problems.count) * heldOutFraction).rounded())
        return (Array(shuffled.dropFirst(heldOut)), Array(shuffled.prefix(heldOut)))
    }

    // MARK: - GRPO

    static func grpo<Problem: ControlProblem>(_ problems: [Problem], config: TrainingConfig, control: TrainingControl) -> LearnedPolicy {
        var policy = initialPolicy(problems, config: config)
        var optimizer = Ascent(config, count: policy.network.parameters.count)
        var controlRandom = SeededRandom(seed: mix(config.seed, 0xC0_47_01))
        var orderRandom = SeededRandom(seed: mix(config.seed, 0x0_4DE4))
        var history: [Double] = []
        for sweep in 0..<config.epochs {
            var logged = sampleGroups(problems, policy: policy, config: config, round: UInt64(sweep))
            let rewards = logged.map { $0.map(\.reward) }
            history.append(mean(rewards.joined()))
            let used = control == .shuffledRewards ? permuteRewards(rewards, using: &controlRandom) : rewards
            if control == .scrambledFeatures { scrambleFeatures(&logged, using: &controlRandom) }
            let advantages = used.map { groupAdvantages($0, epsilon: config.advantageEpsilon) }
            let order = Array(problems.indices).shuffled(using: &orderRandom)
            for part in chunks(order, config.minibatches) where !part.isEmpty {
                var batch = StepBatch()
                let trajectories = Double(part.count * config.groupSize)
                batch.entropyCoefficient = config.entropyBonus / trajectories
                for i in part {
                    for (episode, advantage) in zip(logged[i], advantages[i]) {
                        for step in episode.steps {
                            batch.append(
                                features: step.features, legal: step.legal, action: step.action.rawValue,
                                coefficient: advantage / trajectories)
                        }
                    }
                }
                let (_, gradient) = policy.network.gradient(batch, l2: config.l2)
                optimizer.step(&policy.network.parameters, gradient: gradient)
            }
        }
        policy.history = history
        return policy
    }

    /// (r − mean) / (std + ε) within one group (population standard deviation).
    public static func groupAdvantages(_ rewards: [Double], epsilon: Double) -> [Double] {
        let m = mean(rewards)
        let std = (rewards.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, rewards.count))).squareRoot()
        return rewards.map { ($0 - m) / (std + epsilon) }
    }

    // MARK: - DPO

    static func dpo<Problem: ControlProblem>(_ problems: [Problem], config: TrainingConfig, control: TrainingControl) -> LearnedPolicy {
        let reference = initialPolicy(problems, config: config)
        var policy = reference
        var controlRandom = SeededRandom(seed: mix(config.seed, 0xC0_47_01))
        var orderRandom = SeededRandom(seed: mix(config.seed, 0x0_4DE4))
        var optimizer = Ascent(config, count: policy.network.parameters.count)
        var history: [Double] = []
        for round in 0..<config.rounds {
            // The logged data: one group per training problem from the current policy (round 0: the
            // reference, and so the same rollouts for the real run and both controls).
            var logged = sampleGroups(problems, policy: policy, config: config, round: UInt64(round))
            var rewards = logged.map { $0.map(\.reward) }
            if control == .shuffledRewards { rewards = permuteRewards(rewards, using: &controlRandom) }
            if control == .scrambledFeatures { scrambleFeatures(&logged, using: &controlRandom) }
            let pairs = preferencePairs(logged, rewards: rewards, reference: reference.network, tolerance: config.tieTolerance)
            for _ in 0..<config.epochs {
                var lossSum = 0.0
                for part in chunks(Array(pairs.indices).shuffled(using: &orderRandom), config.minibatches) where !part.isEmpty {
                    let (loss, gradient) = dpoLoss(policy.network, pairs: part.map { pairs[$0] }, beta: config.beta, l2: config.l2)
                    lossSum += loss * Double(part.count)
                    // The gradient is of the loss: ascend its negative.
                    optimizer.step(&policy.network.parameters, gradient: gradient.map { -$0 })
                }
                history.append(pairs.isEmpty ? 0 : lossSum / Double(pairs.count))
            }
        }
        policy.history = history
        return policy
    }

    /// The preferred (highest reward) against the rejected (lowest reward) trajectory of each
    /// group. Rewards within `tolerance` of each other count as equal: the preferred is the first
    /// sampled whose reward is within `tolerance` of the best, the rejected the first within
    /// `tolerance` of the worst, and a group whose rewards all lie within `tolerance` (a tie) gives
    /// no pair.
    public static func preferencePairs(
        _ groups: [[LoggedEpisode]], rewards: [[Double]], reference: PolicyNetwork, tolerance: Double = 0
    ) -> [PreferencePair] {
        var pairs: [PreferencePair] = []
        for (group, r) in zip(groups, rewards) {
            guard let top = r.max(), let bottom = r.min(), top - bottom > tolerance,
                  let best = r.firstIndex(where: { $0 >= top - tolerance }),
                  let worst = r.firstIndex(where: { $0 <= bottom + tolerance })
            else { continue }
            pairs.append(
                PreferencePair(
                    preferred: group[best].steps, rejected: group[worst].steps,
                    referencePreferred: trajectoryLogProbability(reference, group[best].steps),
                    referenceRejected: trajectoryLogProbability(reference, group[worst].steps)))
        }
        return pairs
    }

    /// log π(τ) = Σₜ log π(aₜ|sₜ).
    public static func trajectoryLogProbability(_ network: PolicyNetwork, _ steps: [LoggedStep]) -> Double {
        network.logProbabilities(batch(steps, coefficient: 0)).reduce(0, +)
    }

    /// The mean DPO loss over the pairs, −log σ(β[(log π(τw) − log π_ref(τw)) − (log π(τl) − log π_ref(τl))]),
    /// plus (l2/2)·‖θ‖², and its gradient (the direction that raises the loss).
    public static func dpoLoss(_ network: PolicyNetwork, pairs: [PreferencePair], beta: Double, l2: Double = 0) -> (
        loss: Double, gradient: [Double]
    ) {
        guard !pairs.isEmpty else { return (0, [Double](repeating: 0, count: network.parameters.count)) }
        // One batched forward pass for every step of every pair, to get the current log-probabilities.
        var all = StepBatch()
        for pair in pairs {
            for step in pair.preferred + pair.rejected {
                all.append(features: step.features, legal: step.legal, action: step.action.rawValue, coefficient: 0)
            }
        }
        let logProbabilities = network.logProbabilities(all)
        var loss = 0.0
        var row = 0
        let n = Double(pairs.count)
        for pair in pairs {
            let w = logProbabilities[row..<row + pair.preferred.count].reduce(0, +)
            row += pair.preferred.count
            let l = logProbabilities[row..<row + pair.rejected.count].reduce(0, +)
            row += pair.rejected.count
            let z = beta * ((w - pair.referencePreferred) - (l - pair.referenceRejected))
            loss += softplus(-z) / n
            // d(−log σ(z))/dθ = −σ(−z)·β·(∇log π(τw) − ∇log π(τl)); the objective below ascends
            // +σ(−z)·β on τw's steps and −σ(−z)·β on τl's, i.e. descends the loss.
            let weight = beta * sigmoid(-z) / n
            var stepIndex = row - pair.preferred.count - pair.rejected.count
            for _ in pair.preferred {
                all.coefficients[stepIndex] = weight
                stepIndex += 1
            }
            for _ in pair.rejected {
                all.coefficients[stepIndex] = -weight
                stepIndex += 1
            }
        }
        let (_, ascent) = network.gradient(all, l2: l2)
        loss += 0.5 * l2 * network.parameters.reduce(0) { $0 + $1 * $1 }
        return (loss, ascent.map { -$0 })
    }

    // MARK: - Shared pieces

    /// The configured optimiser, ascending.
    struct Ascent {
        var learningRate: Double
        var adam: AdamAscent?

        init(_ config: TrainingConfig, count: Int) {
            learningRate = config.learningRate
            adam = config.optimizer == .adam ? AdamAscent(count: count, learningRate: config.learningRate) : nil
        }

        mutating func step(_ parameters: inout [Double], gradient: [Double]) {
            if adam != nil {
                adam!.step(&parameters, gradient: gradient)
            } else {
                gradient.withUnsafeBufferPointer { g in
                    parameters.withUnsafeMutableBufferPointer { p in
                        BLAS.axpy(n: p.count, alpha: learningRate, g.baseAddress!, p.baseAddress!)
                    }
                }
            }
        }
    }

    /// `groupSize` sampled rollouts per problem; the seeds depend only on the configuration's seed,
    /// the round, the problem's index and the rollout's index.
    static func sampleGroups<Problem: ControlProblem>(
        _ problems: [Problem], policy: LearnedPolicy, config: TrainingConfig, round: UInt64
    ) -> [[LoggedEpisode]] {
        problems.enumerated().map { index, problem in
            var episode = Episode(problem: problem, budget: config.budget, reward: config.reward)
            episode.maxSteps = config.maxSteps
            return (0..<config.groupSize).map { g in
                policy.rollout(episode, seed: mix(config.seed, round, UInt64(index), UInt64(g)))
            }
        }
    }

    /// The rewards, permuted across every trajectory, back in the groups' shape.
    static func permuteRewards(_ rewards: [[Double]], using random: inout SeededRandom) -> [[Double]] {
        var flat = Array(rewards.joined()).shuffled(using: &random)[...]
        return rewards.map { group in
            let part = Array(flat.prefix(group.count))
            flat = flat.dropFirst(group.count)
            return part
        }
    }

    /// Gives every logged step the feature vector of another, by one random permutation over all steps.
    static func scrambleFeatures(_ groups: inout [[LoggedEpisode]], using random: inout SeededRandom) {
        var vectors: [[Double]] = []
        for group in groups { for episode in group { for step in episode.steps { vectors.append(step.features) } } }
        vectors.shuffle(using: &random)
        var next = 0
        for g in groups.indices {
            for e in groups[g].indices {
                for s in groups[g][e].steps.indices {
                    groups[g][e].steps[s].features = vectors[next]
                    next += 1
                }
            }
        }
    }

    static func batch(_ steps: [LoggedStep], coefficient: Double) -> StepBatch {
        var batch = StepBatch()
        for step in steps {
            batch.append(features: step.features, legal: step.legal, action: step.action.rawValue, coefficient: coefficient)
        }
        return batch
    }

    /// `items` cut into `count` nearly equal consecutive parts (fewer when there are fewer items).
    static func chunks(_ items: [Int], _ count: Int) -> [[Int]] {
        let parts = max(1, min(count, items.count))
        return (0..<parts).map { p in Array(items[(p * items.count / parts)..<((p + 1) * items.count / parts)]) }
    }

    static func mean<S: Sequence>(_ values: S) -> Double where S.Element == Double {
        var sum = 0.0
        var count = 0
        for value in values {
            sum += value
            count += 1
        }
        return count > 0 ? sum / Double(count) : 0
    }

    static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }

    /// log(1 + eˣ), without overflow.
    static func softplus(_ x: Double) -> Double { x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)) }

    /// SplitMix64 over the values, for independent reproducible seeds.
    static func mix(_ values: UInt64...) -> UInt64 {
        var h: UInt64 = 0x2545_F491_4F6C_DD1D
        for value in values {
            var random = SeededRandom(seed: h ^ value)
            h = random.next()
        }
        return h
    }
}
