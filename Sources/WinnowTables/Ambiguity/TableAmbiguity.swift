import Foundation
import WinnowCore

/// What the consistent programs of a table task do on its held-out inputs, grouped by behaviour.
///
/// Programs that produce the same outputs on every held-out input are one group: for what the user
/// is about to transform they are the same program, whatever their steps. Each group carries its
/// best-ranked program and the belief in it (`ProgramBelief`): a behaviour is as likely as its best
/// program, not as its members together, because how many ways a behaviour can be written says how
/// rich the language is, not how likely the behaviour is (the first word of a cell can be cut at
/// the first space, at the end of the first letter run, at a fixed index…). When there is more
/// than one group, the example did not pin the transform down, and `disagreements` says where the
/// groups part: the rows of each held-out input whose output differs between groups (when every
/// group keeps that input's rows in place), or the whole input.
public struct TableAmbiguity: Sendable {
    public struct Group: Sendable {
        /// The group's best-ranked program.
        public var best: Pipeline
        /// Its rank in the pool (0 is the program the plain gate commits).
        public var bestRank: Int
        public var members: Int
        /// The belief in its best program over the sum of every group's, in (0, 1].
        public var share: Double
        /// The group's output on each held-out input (nil where it cannot run).
        public var outputs: [Table?]
    }

    /// Where the groups part on one held-out input.
    public struct Disagreement: Sendable, Hashable {
        public var query: Int
        /// Row indices of that input whose output differs between groups; nil when the groups do not
        /// keep its rows in place, so the whole table is what differs.
        public var rows: [Int]?
    }

    /// Groups by share, largest first (ties: the better-ranked best program first).
    public var groups: [Group]
    public var disagreements: [Disagreement]
    /// The programs grouped, best-ranked first.
    public var programs: [Pipeline]

    /// Groups the ranked pool by its outputs on `queries`; `outputs` has the programs' outputs when
    /// they were run already (`ProgramOutputs`).
    public init(
        ranked: [ProgramRanking.Ranked], queries: [Table], belief: ProgramBelief = ProgramBelief(), outputs: ProgramOutputs? = nil
    ) {
        let runs = outputs ?? ProgramOutputs(queries: queries)
        let weights = belief.weights(ranked)
        programs = ranked.map(\.program)
        var index: [[Table?]: Int] = [:]
        var groups: [Group] = []
        var strongest: [Double] = []
        for (rank, entry) in ranked.enumerated() {
            let outputs = runs.outputs(of: entry.program)
            if let g = index[outputs] {
                groups[g].members += 1
                strongest[g] = max(strongest[g], weights[rank])
            } else {
                index[outputs] = groups.count
                groups.append(Group(best: entry.program, bestRank: rank, members: 1, share: 0, outputs: outputs))
                strongest.append(weights[rank])
            }
        }
        let total = strongest.reduce(0, +)
        for g in groups.indices { groups[g].share = strongest[g] / total }
        self.groups = groups.sorted { $0.share != $1.share ? $0.share > $1.share : $0.bestRank < $1.bestRank }
        disagreements = groups.count < 2 ? [] : queries.indices.compactMap { q in
            let outputs = groups.map { $0.outputs[q] }
            guard Set(outputs).count > 1 else { return nil }
            let height = queries[q].rowCount
            guard outputs.allSatisfy({ $0?.rowCount == height }) else { return Disagreement(query: q, rows: nil) }
            let rows = (0..<height).filter { r in Set(outputs.map { $0!.rows[r] }).count > 1 }
            return Disagreement(query: q, rows: rows)
        }
    }

    /// What a group's best program gives on the held-out inputs, without running it again (nil for a
    /// program that is no group's best).
    public func outputs(of program: Pipeline) -> [Table?]? {
        groups.first { $0.best == program }?.outputs
    }

    /// `program`'s outputs on `queries` (the held-out inputs it was grouped on), those it could run on.
    func applied(_ program: Pipeline, to queries: [Table]) -> [Table] {
        (outputs(of: program) ?? queries.map { program.apply($0) }).compactMap { $0 }
    }

    /// Whether the held-out inputs tell the consistent programs apart.
    public var isAmbiguous: Bool { groups.count > 1 }
}

/// The visible-example gate for table tasks: commit when one behaviour dominates, otherwise abstain
/// and show the disagreement.
///
/// Committing is a bet that pays +1 when right and `wrongPenalty` when wrong, so it is worth making
/// when the leading group's share is above the break-even `−penalty / (1 − penalty)`: one half when
/// a wrong answer costs as much as a right one earns, so two behaviours the evidence cannot tell
/// apart are an abstention, not a coin toss. With no held-out input, or every program agreeing,
/// there is nothing to disagree on and the best-ranked program is committed.
public struct TableGate: Sendable, Hashable, Codable {
    /// The share of belief the leading behaviour must exceed to be committed.
    public var threshold: Double
    public var belief: ProgramBelief

    public init(threshold: Double = 0.5, belief: ProgramBelief = ProgramBelief()) {
        self.threshold = threshold
        self.belief = belief
    }

    /// The program to commit, or nil to abstain.
    public func decide(_ ambiguity: TableAmbiguity) -> Pipeline? {
        guard let leader = ambiguity.groups.first else { return nil }
        return ambiguity.groups.count == 1 || leader.share > threshold ? leader.best : nil
    }
}
