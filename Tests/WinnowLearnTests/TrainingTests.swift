import Foundation
import Testing
import WinnowControl

@testable import WinnowLearn

private let budget = ControlBudget(queries: 1, executions: 100)
private let trainingPools = SyntheticPool.pools(0..<128)
private let heldOutPools = SyntheticPool.pools(10_000..<10_400)

// The thresholds below hold for training seeds 1...8 (checked while writing these tests), not
// just for the seed used here: a different BLAS kernel or summation order changes the run, so
// the margins must not depend on one lucky trajectory.
private let grpoConfig = TrainingConfig(
    method: .grpo, epochs: 20, groupSize: 6, minibatches: 4, optimizer: .adam, learningRate: 0.05, l2: 1e-3, entropyBonus: 0.1,
    advantageEpsilon: 0.2, seed: 7, budget: budget)
private let dpoConfig = TrainingConfig(
    method: .dpo, epochs: 5, groupSize: 6, minibatches: 4, optimizer: .adam, learningRate: 0.05, l2: 1e-3, beta: 0.5, rounds: 6,
    seed: 7, budget: budget)

// Each training run is done once and shared by the tests that read it.
private let grpoRuns = Task.detached { await PolicyTrainer.trainWithControls(trainingPools, config: grpoConfig) }
private let dpoRuns = Task.detached { await PolicyTrainer.trainWithControls(trainingPools, config: dpoConfig) }

/// Mean reward over `Episode.run`, the path every policy is evaluated on.
private func meanReward(_ policy: any ControlPolicy, on problems: [SyntheticPool]) async -> Double {
    var total = 0.0
    for (index, problem) in problems.enumerated() {
        total += await Episode(problem: problem, budget: budget).run(policy, seed: UInt64(index)).reward
    }
    return total / Double(problems.count)
}

private func mean(_ values: ArraySlice<Double>) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }

private func format(_ x: Double) -> String { String(format: "%+.3f", x) }

@Suite struct TrainingTests {
    @Test func syntheticPoolsRewardLookingBeyondTheFirstCandidate() async {
        let pools = trainingPools + heldOutPools
        let withRight = pools.filter { $0.correctClass != nil }
        let firstRight = Double(withRight.filter { $0.isCorrect(candidate: 0) }.count) / Double(withRight.count)
        #expect(firstRight > 0.6 && firstRight < 0.8, "first candidate right in \(firstRight) of pools with a right class")
        let first = await meanReward(FirstPolicy(), on: heldOutPools)
        let heuristic = await meanReward(HeuristicPolicy(), on: heldOutPools)
        print("synthetic: first right \(format(firstRight)), held-out reward first \(format(first)), heuristic \(format(heuristic))")
        #expect(heuristic > first)
    }

    @Test func grpoRaisesTrainingRewardAndBeatsFirstOnHeldOut() async {
        let runs = await grpoRuns.value
        let before = runs.initial.meanReward(on: trainingPools, budget: budget)
        let after = runs.learned.meanReward(on: trainingPools, budget: budget)
        let learned = await meanReward(runs.learned, on: heldOutPools)
        let first = await meanReward(FirstPolicy(), on: heldOutPools)
        let history = runs.learned.history
        print(
            "grpo: training greedy \(format(before)) → \(format(after)); sampled \(format(history.first!)) → \(format(history.last!)); held-out learned \(format(learned)) vs first \(format(first))"
        )
        #expect(after > before + 0.15)
        #expect(mean(history.suffix(3)) > mean(history.prefix(3)) + 0.15)
        #expect(learned > first + 0.2)
    }

    @Test func grpoWithShuffledRewardsDoesNotLearn() async {
        let runs = await grpoRuns.value
        let learned = await meanReward(runs.learned, on: heldOutPools)
        let shuffled = await meanReward(runs.shuffledRewards, on: heldOutPools)
        let first = await meanReward(FirstPolicy(), on: heldOutPools)
        let history = runs.shuffledRewards.history
        let realGain = mean(runs.learned.history.suffix(3)) - mean(runs.learned.history.prefix(3))
        let gain = mean(history.suffix(3)) - mean(history.prefix(3))
        print(
            "grpo shuffled-rewards control: sampled \(format(mean(history.prefix(3)))) → \(format(mean(history.suffix(3)))) (real run \(format(realGain))); held-out \(format(shuffled)) vs learned \(format(learned)), first \(format(first))"
        )
        // Its sampled reward does not climb the way the real run's does, and what its greedy
        // policy lands on is a random walk's end, well short of the learned policy.
        #expect(gain < realGain / 2)
        #expect(shuffled < learned - 0.15)
        #expect(shuffled < first + 0.1)
    }

    @Test func grpoWithScrambledFeaturesDoesWorseThanWithRealOnes() async {
        let runs = await grpoRuns.value
        let learned = await meanReward(runs.learned, on: heldOutPools)
        let scrambled = await meanReward(runs.scrambledFeatures, on: heldOutPools)
        print("grpo scrambled-features control: held-out \(format(scrambled)) vs learned \(format(learned))")
        #expect(scrambled < learned - 0.15)
    }

    @Test func dpoImprovesOverTheInitialPolicy() async {
        let runs = await dpoRuns.value
        let initialTraining = runs.initial.meanReward(on: trainingPools, budget: budget)
        let learnedTraining = runs.learned.meanReward(on: trainingPools, budget: budget)
        let initial = await meanReward(runs.initial, on: heldOutPools)
        let learned = await meanReward(runs.learned, on: heldOutPools)
        let shuffled = await meanReward(runs.shuffledRewards, on: heldOutPools)
        let scrambled = await meanReward(runs.scrambledFeatures, on: heldOutPools)
        let first = await meanReward(FirstPolicy(), on: heldOutPools)
        print(
            "dpo: loss (per epoch, each round on fresh data) \(format(runs.learned.history.first!)) → \(format(runs.learned.history.last!)); training greedy \(format(initialTraining)) → \(format(learnedTraining)); held-out initial \(format(initial)), learned \(format(learned)), shuffled-rewards \(format(shuffled)), scrambled-features \(format(scrambled)), first \(format(first))"
        )
        #expect(learnedTraining > initialTraining + 0.15)
        #expect(learned > initial + 0.15)
        #expect(learned > shuffled + 0.1)
        #expect(learned > scrambled + 0.1)
    }

    @Test func trainingIsReproducibleAndRecordsItsConfiguration() async {
        let runs = await grpoRuns.value
        #expect(runs.learned.name == "learned" && runs.learned.method == "grpo" && runs.learned.control == .none)
        #expect(runs.shuffledRewards.name == "learned-shuffled-rewards" && runs.shuffledRewards.control == .shuffledRewards)
        #expect(runs.learned.config == grpoConfig)
        var short = grpoConfig
        short.epochs = 2
        let a = PolicyTrainer.train(Array(trainingPools.prefix(8)), config: short)
        let b = PolicyTrainer.train(Array(trainingPools.prefix(8)), config: short)
        #expect(a.network == b.network)
    }

    @Test func groupAdvantagesAreNormalisedWithinTheGroup() {
        let a = PolicyTrainer.groupAdvantages([1, 1, -1, -1], epsilon: 0)
        #expect(a == [1, 1, -1, -1])
        #expect(PolicyTrainer.groupAdvantages([0.5, 0.5, 0.5], epsilon: 0.01) == [0, 0, 0])
    }

    @Test func theSplitIsDeterministicAndDisjoint() {
        let (training, heldOut) = PolicyTrainer.split(trainingPools, heldOutFraction: 0.25, seed: 3)
        #expect(training.count == 96 && heldOut.count == 32)
        #expect(Set(training.map(\.taskID)).isDisjoint(with: heldOut.map(\.taskID)))
        #expect(PolicyTrainer.split(trainingPools, heldOutFraction: 0.25, seed: 3).heldOut.map(\.taskID) == heldOut.map(\.taskID))
    }
}
