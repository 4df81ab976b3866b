/// What a policy may do next.
public enum ControlAction: Sendable, Hashable, CustomStringConvertible {
    /// Run these candidates on a probe (one execution each), to see where they differ.
    case execute(candidates: [Int], probe: Int)
    /// Pay for the hidden answer on a queryable probe; candidates that disagree with it are ruled out.
    case query(probe: Int)
    case commit(candidate: Int)
    case abstain

    public var description: String {
        switch self {
        case .execute(let candidates, let probe): return "execute \(candidates.count) on probe \(probe)"
        case .query(let probe): return "query probe \(probe)"
        case .commit(let candidate): return "commit \(candidate)"
        case .abstain: return "abstain"
        }
    }
}

/// The verifier MDP's state: the candidates still consistent, what has been observed, and what is
/// left to spend. It never holds a candidate's correctness.
public struct ControlState<Value: Hashable & Sendable>: Sendable {
    public var taskID: String
    public var candidateCount: Int
    /// Candidates consistent with every answer seen so far, in ranked order.
    public var consistent: [Int]
    public var probeCount: Int
    public var queryableProbes: Int
    /// `observed[probe][candidate]`: the output (nil when it failed), for every execution so far.
    public var observed: [Int: [Int: Value?]] = [:]
    /// Hidden answers bought so far, by probe.
    public var answers: [Int: Value] = [:]
    public var queriesLeft: Int
    public var executionsLeft: Int
    public var steps = 0

    public init(taskID: String, candidateCount: Int, probeCount: Int, queryableProbes: Int, budget: ControlBudget) {
        self.taskID = taskID
        self.candidateCount = candidateCount
        consistent = Array(0..<candidateCount)
        self.probeCount = probeCount
        self.queryableProbes = queryableProbes
        queriesLeft = budget.queries
        executionsLeft = budget.executions
    }

    /// Consistent candidates not yet run on the probe.
    public func unexecuted(on probe: Int) -> [Int] {
        let seen = observed[probe] ?? [:]
        return consistent.filter { seen[$0] == nil }
    }

    /// Probes every consistent candidate has been run on.
    public var exploredProbes: [Int] {
        (0..<probeCount).filter { unexecuted(on: $0).isEmpty }
    }

    /// The consistent candidates grouped by their outputs on `probes` (each must be explored),
    /// largest group first, ties by the best-ranked member; members keep their rank order.
    public func behaviourClasses(on probes: [Int]) -> [[Int]] {
        var groups: [[Value?]: [Int]] = [:]
        var order: [[Value?]] = []
        for candidate in consistent {
            let signature = probes.map { observed[$0]?[candidate] ?? nil }
            if groups[signature] == nil { order.append(signature) }
            groups[signature, default: []].append(candidate)
        }
        return order.map { groups[$0]! }.sorted { a, b in a.count != b.count ? a.count > b.count : a[0] < b[0] }
    }

    /// Queryable probes not yet queried on which the explored consistent candidates disagree.
    public var informativeQueries: [Int] {
        guard queriesLeft > 0 else { return [] }
        return (0..<queryableProbes).filter { probe in
            answers[probe] == nil && unexecuted(on: probe).isEmpty && behaviourClasses(on: [probe]).count > 1
        }
    }
}
