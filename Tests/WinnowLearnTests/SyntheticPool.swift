import WinnowControl

/// A synthetic verifier-MDP task: candidates fall into behaviour classes (a class is one output
/// signature over the probes); every member of the right class is correct.
///
/// `make(seed:)` draws three kinds of pool, so that what to do depends on the state:
/// - clear (50%): one class holds more than half the pool and is right 90% of the time;
/// - split (25%): no class holds more than half, and the right one is drawn uniformly among the
///   classes (so the largest is often wrong and, without a query, abstaining is as good as committing);
/// - absent (25%): several small classes, none right (committing anything loses).
/// Where a right class exists the best-ranked candidate is in it 70% of the time. 30% of the
/// pools make probe 0 queryable (a query there settles the pool). Probes take outputs in 0..<5,
/// so classes sometimes agree on a probe and one probe does not always separate them.
///
/// Without a query, committing the largest class is right in clear pools and a loss in the
/// others, which the features (largest-class share, class entropy) tell apart and the legal
/// masks alone do not: that is what the scrambled-features control is measured against.
struct SyntheticPool: ControlProblem {
    typealias Value = Int

    enum Kind: String, Sendable { case clear, split, absent }

    let taskID: String
    let kind: Kind
    /// The class of each candidate, in ranked order.
    let classOf: [Int]
    /// Each class's output on each probe.
    let signatures: [[Int]]
    /// The right program's output on each probe (the hidden answers).
    let truth: [Int]
    let correctClass: Int?
    let probeCount: Int
    let queryableProbes: Int

    var candidateCount: Int { classOf.count }
    func describe(candidate: Int) -> String { "candidate \(candidate)" }
    func describe(probe: Int) -> String { "probe \(probe)" }
    func execute(candidate: Int, probe: Int) -> Int? { signatures[classOf[candidate]][probe] }
    func answer(probe: Int) -> Int? { probe < queryableProbes ? truth[probe] : nil }
    func isCorrect(candidate: Int) -> Bool { classOf[candidate] == correctClass }

    static func make(seed: UInt64) -> SyntheticPool {
        var random = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 17)
        let probes = 3
        let roll = Double.random(in: 0..<1, using: &random)
        let kind: Kind = roll < 0.5 ? .clear : roll < 0.75 ? .split : .absent
        let n = Int.random(in: 5...8, using: &random)
        var sizes: [Int]
        switch kind {
        case .clear:
            let major = Int.random(in: (n / 2 + 1)...(n - 1), using: &random)
            let rest = n - major
            if rest >= 2, Bool.random(using: &random) {
                let a = Int.random(in: 1..<rest, using: &random)
                sizes = [major, a, rest - a]
            } else {
                sizes = [major, rest]
            }
        case .split:
            let half = n / 2
            let a = Int.random(in: max(1, n - 2 * half)...half, using: &random)
            let b = min(half, n - a)
            sizes = [a, b] + (n - a - b > 0 ? [n - a - b] : [])
        case .absent:
            let classes = Int.random(in: 3...4, using: &random)
            sizes = (0..<classes).map { c in n / classes + (c < n % classes ? 1 : 0) }
        }
        // Distinct output signatures for the classes, plus one for an absent right program.
        var signatures: [[Int]] = []
        while signatures.count < sizes.count + 1 {
            let candidate = (0..<probes).map { _ in Int.random(in: 0..<5, using: &random) }
            if !signatures.contains(candidate) { signatures.append(candidate) }
        }
        let correct: Int?
        switch kind {
        case .clear: correct = Double.random(in: 0..<1, using: &random) < 0.9 ? 0 : Int.random(in: 1..<sizes.count, using: &random)
        case .split: correct = Int.random(in: 0..<sizes.count, using: &random)
        case .absent: correct = nil
        }
        var members: [[Int]] = sizes.enumerated().map { c, size in Array(repeating: c, count: size) }
        // The best-ranked candidate: in the right class 70% of the time.
        var firstClass: Int
        if let correct, Double.random(in: 0..<1, using: &random) < 0.7 {
            firstClass = correct
        } else {
            let others = sizes.indices.filter { $0 != correct }
            firstClass = others.randomElement(using: &random)!
        }
        members[firstClass].removeLast()
        let rest = members.joined().shuffled(using: &random)
        return SyntheticPool(
            taskID: "synthetic-\(seed)", kind: kind, classOf: [firstClass] + rest, signatures: Array(signatures.prefix(sizes.count)),
            truth: correct.map { signatures[$0] } ?? signatures[sizes.count], correctClass: correct, probeCount: probes,
            queryableProbes: Double.random(in: 0..<1, using: &random) < 0.3 ? 1 : 0)
    }

    static func pools(_ seeds: Range<UInt64>) -> [SyntheticPool] { seeds.map { make(seed: $0) } }
}

/// A fixed pool for rule tests: candidates 0...5 with outputs on three probes (probe 0 queryable).
struct FixedPool: ControlProblem {
    typealias Value = Int
    var taskID = "fixed"
    /// outputs[candidate][probe]; nil is a failure.
    var outputs: [[Int?]]
    var truth: [Int?]
    var right: Set<Int>
    var queryableProbes: Int

    var candidateCount: Int { outputs.count }
    var probeCount: Int { truth.count }
    func describe(candidate: Int) -> String { "c\(candidate)" }
    func describe(probe: Int) -> String { "p\(probe)" }
    func execute(candidate: Int, probe: Int) -> Int? { outputs[candidate][probe] }
    func answer(probe: Int) -> Int? { probe < queryableProbes ? truth[probe] : nil }
    func isCorrect(candidate: Int) -> Bool { right.contains(candidate) }
}
