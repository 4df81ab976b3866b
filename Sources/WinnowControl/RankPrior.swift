import Foundation

/// How likely the proposer's `rank`-th candidate (from 0) is the right one, before any probe:
/// geometric, P(rank) ∝ `decay`^rank.
///
/// Committing is a bet, and a bet needs a probability. Conditioning this prior on the candidates
/// still consistent gives each behaviour class a posterior share (the sum of its members'
/// weights); the heuristic commits a class whose share clears the reward's break-even point. How
/// sharply the ranking should be trusted is a property of the proposer and the domain, so it is
/// fitted on tasks with known answers (a training split), never assumed.
public struct RankPrior: Sendable, Hashable, Codable {
    /// The ratio of successive ranks' weights, in (0, 1).
    public var decay: Double
    /// How many fitting tasks had a correct candidate in the pool (0: the unfitted default).
    public var observations: Int

    /// The unfitted prior: each rank half as likely as the one before.
    public init(decay: Double = 0.5, observations: Int = 0) {
        self.decay = min(max(decay, 1e-6), 1 - 1e-6)
        self.observations = observations
    }

    public func weight(rank: Int) -> Double { pow(decay, Double(rank)) }

    /// Maximum likelihood from the ranks of the first correct candidate (nil: none in the pool,
    /// which says nothing about the ranking), with one pseudo-observation at rank 1 so that no data
    /// gives the default 1/2 and a spotless record never gives certainty.
    public static func fit(firstCorrectRanks ranks: [Int?]) -> RankPrior {
        let seen = ranks.compactMap { $0 }
        let mean = Double(seen.reduce(0, +) + 1) / Double(seen.count + 1)
        return RankPrior(decay: mean / (1 + mean), observations: seen.count)
    }

    /// Fitted on problems whose correctness is known (reads `isCorrect`: training data only).
    public static func fit<Problem: ControlProblem>(_ problems: [Problem]) -> RankPrior {
        fit(firstCorrectRanks: problems.filter(\.isScored).map { problem in
            (0..<problem.candidateCount).first(where: problem.isCorrect)
        })
    }
}

extension RewardModel {
    /// The least probability of being right at which committing beats abstaining:
    /// p + (1 − p) · wrongPenalty > 0.
    public var commitThreshold: Double { -wrongPenalty / (1 - wrongPenalty) }
}
