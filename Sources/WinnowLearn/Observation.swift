import Foundation
import WinnowControl

/// The moves the learned policy chooses among. Each becomes one concrete `ControlAction` by a
/// fixed rule (see `Observation`), or is illegal in the state and masked out.
public enum MacroAction: Int, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Run the consistent candidates not yet run on the first probe some consistent candidate has
    /// not been run on. Legal when such a probe exists and executions are left.
    case explore
    /// Buy the answer on the informative queryable probe whose behaviour classes split the
    /// consistent set most evenly (highest entropy; ties to the lowest probe). Legal when
    /// `ControlState.informativeQueries` is not empty (so a query is left and the probe is explored).
    case query
    /// Commit the best-ranked consistent candidate. Legal when it is not also the candidate
    /// `commitMajority` would commit: two macro-actions for one concrete action would only split
    /// the policy's probability (and its gradient) between twins.
    case commitFirst
    /// Commit the best-ranked member of the largest behaviour class over the explored probes
    /// (`behaviourClasses(on: exploredProbes).first`). Legal when a candidate is consistent; until
    /// exploring separates them it is the best-ranked candidate (and `commitFirst` is masked).
    case commitMajority
    /// Give up. Always legal.
    case abstain

    /// The stable names the weights file records.
    public var name: String {
        switch self {
        case .explore: "explore"
        case .query: "query"
        case .commitFirst: "commit-first"
        case .commitMajority: "commit-majority"
        case .abstain: "abstain"
        }
    }

    public var description: String { name }

    public static let names: [String] = allCases.map(\.name)
    public static var count: Int { allCases.count }
}

/// The fixed-length feature vector the learned policy reads, computed from the state alone.
///
/// Every entry is bounded and O(1) in size (the network standardises them further); "classes" are the
/// consistent candidates grouped by their outputs on the explored probes
/// (`ControlState.behaviourClasses(on: exploredProbes)`).
public enum StateFeatures {
    /// Names in vector order:
    /// - `bias`: always 1.
    /// - `log-pool-size`: ln(1 + candidates in the pool).
    /// - `consistent-fraction`: consistent candidates ÷ pool size (0 for an empty pool).
    /// - `log-classes`: ln(1 + number of behaviour classes); 0 when nothing is consistent.
    /// - `largest-class-share`: size of the largest class ÷ consistent candidates (0 when none).
    /// - `first-in-largest`: 1 when the best-ranked consistent candidate is in the largest class
    ///   (then `commit-first` would commit the same candidate as `commit-majority` and is masked).
    /// - `class-entropy`: entropy of the class sizes in bits ÷ log₂(consistent count); 0 with ≤ 1
    ///   consistent candidate. 0 means one class, 1 means every candidate behaves differently.
    /// - `explored-fraction`: explored probes ÷ probes (1 when there are no probes).
    /// - `has-queries`: 1 when a query is left in the budget.
    /// - `log-queries-left`: ln(1 + queries left).
    /// - `executions-left-fraction`: min(1, executions left ÷ executions still needed to explore
    ///   every probe); 1 when nothing is left to explore. The state does not carry the starting
    ///   budget, so this measures whether the budget covers the remaining exploration.
    /// - `informative-query`: 1 when some queryable probe would split the consistent set.
    /// - `best-split-entropy`: entropy (bits) of the most even split over informative queries ÷
    ///   log₂(consistent count); 0 when there is no informative query.
    /// - `answered`: 1 once any hidden answer has been bought (the consistent set then agrees with it).
    /// - `log-steps`: ln(1 + steps taken).
    public static let names: [String] = [
        "bias", "log-pool-size", "consistent-fraction", "log-classes", "largest-class-share", "first-in-largest",
        "class-entropy", "explored-fraction", "has-queries", "log-queries-left", "executions-left-fraction",
        "informative-query", "best-split-entropy", "answered", "log-steps",
    ]

    public static var count: Int { names.count }

    /// The feature vector of a state (the same as `Observation(state).features`).
    public static func vector<Value>(_ state: ControlState<Value>) -> [Double] {
        Observation(state).features
    }
}

/// One state as the learned policy sees it: its features, and each macro-action made concrete
/// (nil where illegal). Computing both together shares the behaviour-class work.
public struct Observation: Sendable, Hashable {
    /// `StateFeatures.names` order.
    public var features: [Double]
    /// `MacroAction.allCases` order; nil marks an illegal macro-action.
    public var actions: [ControlAction?]

    /// Which macro-actions are legal, in `MacroAction.allCases` order (abstain always is).
    public var legal: [Bool] { actions.map { $0 != nil } }

    public init<Value>(_ state: ControlState<Value>) {
        let consistent = state.consistent
        let count = consistent.count
        // One pass over the observations: for each probe, the consistent candidates' outputs when
        // every one of them has run there (the probe is explored), else how many have not. This is
        // `exploredProbes`, `unexecuted(on:)`, `behaviourClasses(on:)` and `informativeQueries`
        // computed together (a test checks them against those).
        var explored: [Int] = []
        var outputs: [[Value?]] = []
        var remainingWork = 0
        var nextProbe: Int?
        for probe in 0..<state.probeCount {
            let seen = state.observed[probe] ?? [:]
            var column: [Value?] = []
            column.reserveCapacity(count)
            var missing = 0
            for candidate in consistent {
                if let output = seen[candidate] { column.append(output) } else { missing += 1 }
            }
            remainingWork += missing
            if missing == 0 {
                explored.append(probe)
                outputs.append(column)
            } else if nextProbe == nil {
                nextProbe = probe
            }
        }
        // Behaviour classes on the explored probes, by refining one class probe by probe.
        var classOf = [Int](repeating: 0, count: count)
        var classCount = count > 0 ? 1 : 0
        for column in outputs where classCount < count {
            var ids: [Split<Value>: Int] = [:]
            for position in 0..<count {
                let key = Split(group: classOf[position], output: column[position])
                if let id = ids[key] {
                    classOf[position] = id
                } else {
                    ids[key] = ids.count
                    classOf[position] = ids.count - 1
                }
            }
            classCount = ids.count
        }
        var sizes = [Int](repeating: 0, count: classCount)
        for id in classOf { sizes[id] += 1 }
        // The largest class, ties to the one whose best-ranked member ranks first (ids are given in
        // rank order of first members, so the lowest id among the largest).
        let largestID = sizes.indices.max { sizes[$0] < sizes[$1] || (sizes[$0] == sizes[$1] && $0 > $1) }
        let largestSize = largestID.map { sizes[$0] } ?? 0
        let majority = largestID.flatMap { id in classOf.firstIndex(of: id).map { consistent[$0] } }
        // Informative queries: queryable, not yet answered, explored, and split by their outputs.
        var bestSplit: (probe: Int, entropy: Double)?
        if state.queriesLeft > 0 {
            for (probe, column) in zip(explored, outputs) where probe < state.queryableProbes && state.answers[probe] == nil {
                var groups: [Value?: Int] = [:]
                for output in column { groups[output, default: 0] += 1 }
                guard groups.count > 1 else { continue }
                let entropy = Self.entropy(groups.values.sorted(), total: count)
                if bestSplit == nil || entropy > bestSplit!.entropy { bestSplit = (probe, entropy) }
            }
        }
        let normaliser = count > 1 ? log2(Double(count)) : 0

        var f = [Double](repeating: 0, count: StateFeatures.count)
        f[0] = 1
        f[1] = log(1 + Double(state.candidateCount))
        f[2] = state.candidateCount > 0 ? Double(count) / Double(state.candidateCount) : 0
        f[3] = log(1 + Double(classCount))
        f[4] = count > 0 ? Double(largestSize) / Double(count) : 0
        f[5] = count > 0 && classOf[0] == largestID ? 1 : 0
        f[6] = normaliser > 0 ? Self.entropy(sizes.sorted(), total: count) / normaliser : 0
        f[7] = state.probeCount > 0 ? Double(explored.count) / Double(state.probeCount) : 1
        f[8] = state.queriesLeft > 0 ? 1 : 0
        f[9] = log(1 + Double(max(0, state.queriesLeft)))
        f[10] = remainingWork > 0 ? min(1, Double(max(0, state.executionsLeft)) / Double(remainingWork)) : 1
        f[11] = bestSplit == nil ? 0 : 1
        f[12] = normaliser > 0 ? (bestSplit?.entropy ?? 0) / normaliser : 0
        f[13] = state.answers.isEmpty ? 0 : 1
        f[14] = log(1 + Double(state.steps))
        features = f

        var options = [ControlAction?](repeating: nil, count: MacroAction.count)
        if let probe = nextProbe, state.executionsLeft > 0 {
            options[MacroAction.explore.rawValue] = .execute(candidates: state.unexecuted(on: probe), probe: probe)
        }
        if let split = bestSplit { options[MacroAction.query.rawValue] = .query(probe: split.probe) }
        if let first = consistent.first {
            let plausible = majority ?? first
            options[MacroAction.commitMajority.rawValue] = .commit(candidate: plausible)
            if first != plausible { options[MacroAction.commitFirst.rawValue] = .commit(candidate: first) }
        }
        options[MacroAction.abstain.rawValue] = .abstain
        actions = options
    }

    private struct Split<Value: Hashable>: Hashable {
        var group: Int
        var output: Value?
    }

    /// Shannon entropy, in bits, of a partition with these part sizes.
    static func entropy(_ sizes: [Int], total: Int) -> Double {
        guard total > 0 else { return 0 }
        return sizes.reduce(0) { sum, size in
            guard size > 0 else { return sum }
            let p = Double(size) / Double(total)
            return sum - p * log2(p)
        }
    }
}
