import WinnowControl
import WinnowCore

/// An aggregates task as a verifier-MDP problem: which of the programs that all reproduce the six
/// visible examples to trust.
///
/// Probes are the held-out inputs first (queryable: the oracle knows their answers), then generated
/// lists chosen to pull the candidates apart. The generated ones are picked greedily from a seeded
/// pool — edge cases (empty, one element, zeros, all negative, duplicates, odd and even lengths,
/// sorted both ways), variants of each held-out input (reversed, negated, sorted, a value repeated,
/// the last element dropped) and random lists — each time taking the probe that separates the most
/// pairs of candidates no earlier probe (held-out inputs included) separates; when none separates a
/// new pair, edge cases fill up to `minimumGeneratedProbes`. So candidates that differ anywhere in
/// the pool's reach differ on some probe. Programs are trusted operators, run in-process; every
/// output is computed once, up front.
public struct AggregateProblem: ControlProblem {
    public typealias Value = AggregateValue

    public let taskID: String
    public let programs: [AggregateProgram]
    public let probes: [AggregateValue]
    public let queryableProbes: Int
    private let answers: [AggregateValue?]
    /// `outputs[candidate][probe]`.
    private let outputs: [[AggregateValue?]]

    /// Generated probes kept at most (besides the held-out inputs).
    public static let maximumGeneratedProbes = 12
    /// Generated probes kept at least, even when the candidates already all differ or all agree.
    public static let minimumGeneratedProbes = 4

    /// - Parameters:
    ///   - candidates: the pool, best-ranked first (e.g. `AggregateSolver.candidates(for:)`).
    ///   - seed: mixed with the task id, so probes are the same on every run for a task.
    public init(task: SynthesisTask<AggregateValue>, candidates: [AggregateProgram], seed: UInt64 = 0) {
        taskID = task.id
        programs = candidates
        let queries = task.queries
        answers = queries.indices.map { index in task.answers.flatMap { index < $0.count ? $0[index] : nil } }
        var random = SeededDraws(seed: seed ^ SeededDraws.stream(named: task.id), stream: 3, index: 0)
        let pool = Self.probePool(queries: queries, examples: task.examples.map(\.input), random: &random)
        let chosen = Self.separatingProbes(from: pool, candidates: candidates, after: queries)
        probes = queries + chosen
        queryableProbes = queries.count
        let probes = self.probes
        outputs = candidates.map { program in probes.map { program.apply($0) } }
    }

    public var candidateCount: Int { programs.count }
    public var probeCount: Int { probes.count }

    public func describe(candidate: Int) -> String { programs[candidate].description }

    public func describe(probe: Int) -> String { probes[probe].description }

    public func execute(candidate: Int, probe: Int) -> AggregateValue? { outputs[candidate][probe] }

    public func answer(probe: Int) -> AggregateValue? { probe < queryableProbes ? answers[probe] : nil }

    public var isScored: Bool { answers.contains { $0 != nil } }

    /// Right on every held-out input that has an answer (and there is at least one).
    public func isCorrect(candidate: Int) -> Bool {
        let known = (0..<queryableProbes).filter { answers[$0] != nil }
        return !known.isEmpty && known.allSatisfy { outputs[candidate][$0] == answers[$0] }
    }

    // MARK: Probes

    /// Edge cases first, then variants of the held-out inputs, then random lists; duplicates of a
    /// held-out or visible input are left out.
    static func probePool(queries: [AggregateValue], examples: [AggregateValue], random: inout SeededDraws) -> [AggregateValue] {
        var lists: [[Double]] = [
            [], [0], [-4], [7], [3, 3, 3], [-5, -2, -8], [2, 4, 6, 8], [1, -1, 1, -1, 0],
            [9, -9, 0, 5, -5, 2, 2], [-3, -1, 0, 2, 4, 7], [8, 6, 5, 1, -2], [0, 0, 4, 0],
            [10, -10, 20, 1, 3], [6, 1],
        ]
        for query in queries {
            guard let xs = query.list, !xs.isEmpty else { continue }
            lists.append(xs.reversed())
            lists.append(xs.map { $0 == 0 ? 0 : -$0 })
            lists.append(xs.sorted())
            lists.append(xs + [xs[xs.count / 2]])
            lists.append(Array(xs.dropLast()))
        }
        for _ in 0..<24 {
            lists.append(AggregateGenerator.randomList(length: random.int(in: 0...10), random: &random))
        }
        var seen = Set(queries + examples)
        var pool: [AggregateValue] = []
        for list in lists where seen.insert(.list(list)).inserted { pool.append(.list(list)) }
        return pool
    }

    /// Greedily the probes that separate the most candidate pairs not yet separated, then edge
    /// cases up to the minimum.
    static func separatingProbes(from pool: [AggregateValue], candidates: [AggregateProgram], after queries: [AggregateValue]) -> [AggregateValue] {
        let poolOutputs = pool.map { probe in candidates.map { $0.apply(probe) } }
        // Classes of candidates that agree on every probe so far, as a class number per candidate.
        var classOf = [Int](repeating: 0, count: candidates.count)
        func refine(_ outputs: [AggregateValue?]) {
            var ids: [Pair: Int] = [:]
            for c in candidates.indices {
                let key = Pair(group: classOf[c], output: outputs[c])
                if let id = ids[key] { classOf[c] = id } else {
                    ids[key] = ids.count
                    classOf[c] = ids.count - 1
                }
            }
        }
        for query in queries { refine(candidates.map { $0.apply(query) }) }
        func gain(_ outputs: [AggregateValue?]) -> Int {
            var groupSizes: [Int: Int] = [:]
            var splitSizes: [Pair: Int] = [:]
            for c in candidates.indices {
                groupSizes[classOf[c], default: 0] += 1
                splitSizes[Pair(group: classOf[c], output: outputs[c]), default: 0] += 1
            }
            let before = groupSizes.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
            let after = splitSizes.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
            return before - after
        }
        var chosen: [Int] = []
        while chosen.count < maximumGeneratedProbes {
            var best: (index: Int, gain: Int)?
            for (index, outputs) in poolOutputs.enumerated() where !chosen.contains(index) {
                let g = gain(outputs)
                if g > 0, g > (best?.gain ?? 0) { best = (index, g) }
            }
            guard let best else { break }
            chosen.append(best.index)
            refine(poolOutputs[best.index])
        }
        var index = 0
        while chosen.count < minimumGeneratedProbes, index < pool.count {
            if !chosen.contains(index) { chosen.append(index) }
            index += 1
        }
        return chosen.map { pool[$0] }
    }

    private struct Pair: Hashable {
        var group: Int
        var output: AggregateValue?
    }
}
