import Foundation

/// How much to believe each consistent program before any answer is seen: a description-length
/// prior over the ranking's own evidence.
///
/// A program's weight is `exp(−(price + schemaPenalty × mismatches + extrapolation cost))`, so one
/// extra unit-priced operator makes a program e times less likely, a program that breaks the
/// demonstrated shape on a held-out input is as unlikely as one that is `schemaPenalty` operators
/// longer, and one that guesses where the examples never tested it pays what the ranking charged
/// (`ProgramRanking.extrapolationPenalty`). Weights are
/// relative to the best program, so no weight underflows however long the programs are.
public struct ProgramBelief: Sendable, Hashable, Codable {
    /// What one schema mismatch costs, in operator prices.
    public var schemaPenalty: Double

    public init(schemaPenalty: Double = 4) {
        self.schemaPenalty = schemaPenalty
    }

    /// The weight of each ranked program, in its order; the best-ranked program weighs 1.
    public func weights(_ ranked: [ProgramRanking.Ranked]) -> [Double] {
        let costs = ranked.map { $0.price + schemaPenalty * Double($0.schemaMismatches) + $0.extrapolationCost }
        guard let least = costs.min() else { return [] }
        return costs.map { exp(-($0 - least)) }
    }
}
