import WinnowControl
import Foundation
import WinnowCore

/// Makes synthetic aggregates tasks from a seed: a random target program, six informative visible
/// examples, and held-out queries with their answers.
///
/// - **Targets**: one to three steps from the inventory's enabled steps; four in five end in a
///   reduction, the rest return a list.
/// - **Visible inputs**: six integer lists in −9…9 of lengths 3…9, with repeated values now and
///   then. Together they show a zero, a negative and a positive number, a repeated value, and odd
///   and even lengths. They must be informative: the target is defined on all six; its six outputs
///   take at least three values; every step of the target changes its input on at least one of
///   them; and they tell the target apart from every program one edit away (a step left out,
///   replaced by another of its kind, or swapped with its neighbour) that is not the same function
///   on a fixed set of reference lists. The examples show why each step is there.
/// - **Queries**: four more lists, lengths 1…10, on which the target is defined; the answers are the
///   target's outputs.
/// - **Split**: held-out targets each contain at least one of `heldoutOperators`; training targets
///   never contain any, so a learner trained on the training split meets those operators first on
///   the held-out split.
///
/// Each task draws from its own stream (seed, split, index), so the training tasks do not change
/// when the number of held-out tasks does, and the same seed gives the same bytes.
public struct AggregateGenerator: Sendable {
    public var inventory: AggregateInventory
    public var seed: UInt64
    /// Visible examples per task.
    public var exampleCount = 6
    /// Held-out queries per task.
    public var queryCount = 4
    /// Different outputs the six visible examples must show at least.
    public var minimumDistinctOutputs = 3
    /// Keep only tasks whose examples rule out every program one edit away from the target. Off,
    /// the pool holds look-alike programs more often: harder tasks, and more for a controller to learn.
    public var decisiveExamples = true

    /// Operators reserved for the held-out split: no training target uses them, and every held-out
    /// target uses at least one.
    public static let heldoutOperators: [AggregateOperator] = [.median, .kthSmallest, .filterBelowMean, .cumulativeSum]

    public enum Split: String, Sendable, CaseIterable {
        case train, heldout
    }

    /// A task and the program that made it (the program is written to the file as `target`; no
    /// solver reads it).
    public struct GeneratedTask: Sendable {
        public var task: SynthesisTask<AggregateValue>
        public var target: AggregateProgram
        public var split: Split
    }

    public init(inventory: AggregateInventory, seed: UInt64) {
        self.inventory = inventory
        self.seed = seed
    }

    /// Generates both splits.
    public func generate(train: Int, heldout: Int) throws(WinnowError) -> (train: [GeneratedTask], heldout: [GeneratedTask]) {
        (try generate(.train, count: train), try generate(.heldout, count: heldout))
    }

    /// Generates `count` tasks of one split.
    public func generate(_ split: Split, count: Int) throws(WinnowError) -> [GeneratedTask] {
        let reserved = Set(Self.heldoutOperators)
        let pool: [AggregateStep]
        switch split {
        case .train:
            pool = inventory.steps.filter { !reserved.contains($0.op) }
        case .heldout:
            pool = inventory.steps
            guard pool.contains(where: { reserved.contains($0.op) }) else {
                let names = Self.heldoutOperators.map(\.name).joined(separator: ", ")
                throw WinnowError(.badConfiguration, "the held-out split needs one of \(names) enabled in the inventory")
            }
        }
        let listSteps = pool.filter { $0.kind != .reduce }
        let reductions = pool.filter { $0.kind == .reduce }
        guard !listSteps.isEmpty, !reductions.isEmpty else {
            throw WinnowError(.badConfiguration, "the inventory needs at least one enabled map or filter and one reduction to generate tasks")
        }
        var tasks: [GeneratedTask] = []
        tasks.reserveCapacity(count)
        for index in 0..<count {
            var random = SeededDraws(seed: seed, stream: split == .train ? 1 : 2, index: UInt64(index))
            let number = String(index + 1)
            let id = "aggregates-\(split.rawValue)-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
            guard let made = makeTask(id: id, split: split, listSteps: listSteps, reductions: reductions, random: &random) else {
                throw WinnowError(.internalFailure, "could not make task \(id) from seed \(seed) (no informative examples found)")
            }
            tasks.append(made)
        }
        return tasks
    }

    private func makeTask(
        id: String, split: Split, listSteps: [AggregateStep], reductions: [AggregateStep], random: inout SeededDraws
    ) -> GeneratedTask? {
        let reserved = Set(Self.heldoutOperators)
        for _ in 0..<10_000 {
            let target = randomProgram(listSteps: listSteps, reductions: reductions, random: &random)
            if split == .heldout, target.operators.isDisjoint(with: reserved) { continue }
            // A few input sets per program, so a program that is often undefined is not simply skipped.
            for _ in 0..<8 {
                guard let examples = visibleExamples(for: target, random: &random),
                      let queries = queries(for: target, random: &random)
                else { continue }
                let task = SynthesisTask(
                    id: id, domain: "aggregates", examples: examples, queries: queries.map(\.input),
                    answers: queries.map(\.output))
                return GeneratedTask(task: task, target: target, split: split)
            }
        }
        return nil
    }

    /// One to three steps (weights 1 : 2 : 2); the last is a reduction four times in five.
    func randomProgram(listSteps: [AggregateStep], reductions: [AggregateStep], random: inout SeededDraws) -> AggregateProgram {
        let depth = 1 + random.weighted([1, 2, 2])
        let reduces = random.chance(0.8)
        var steps: [AggregateStep] = []
        for _ in 0..<(reduces ? depth - 1 : depth) { steps.append(random.element(of: listSteps)) }
        if reduces { steps.append(random.element(of: reductions)) }
        return AggregateProgram(steps)
    }

    /// Six informative examples, or nil when this draw is not (see the type's summary).
    private func visibleExamples(for target: AggregateProgram, random: inout SeededDraws) -> [Example<AggregateValue>]? {
        var inputs: [[Double]] = []
        for _ in 0..<20 {
            inputs = (0..<exampleCount).map { _ in Self.randomList(length: random.int(in: 3...9), random: &random) }
            if Self.covers(inputs) { break }
        }
        guard Self.covers(inputs) else { return nil }
        var examples: [Example<AggregateValue>] = []
        for input in inputs {
            guard let output = target.apply(.list(input)) else { return nil }
            examples.append(Example(input: .list(input), output: output))
        }
        guard Set(examples.map(\.output)).count >= minimumDistinctOutputs else { return nil }
        // Every step must leave a visible trace, and the examples must tell the target from every
        // program one edit away that is not the same function.
        var values = inputs.map { AggregateValue.list($0) }
        for step in target.steps {
            let next = values.compactMap { step.apply($0) }
            guard next.count == values.count, next != values else { return nil }
            values = next
        }
        for neighbour in decisiveExamples ? neighbours(of: target) : []
        where examples.allSatisfy({ neighbour.apply($0.input) == $0.output }) && !Self.equivalent(neighbour, target) {
            return nil
        }
        return examples
    }

    /// Programs one edit from the target: a step left out, a step replaced by another of the same
    /// kind (a list step by a list step, a reduction by a reduction), or two neighbouring list
    /// steps swapped. Replacements come from the whole inventory, whatever the split.
    func neighbours(of target: AggregateProgram) -> [AggregateProgram] {
        let steps = target.steps
        var out: [AggregateProgram] = []
        for index in steps.indices {
            if steps.count > 1 {
                var shorter = steps
                shorter.remove(at: index)
                out.append(AggregateProgram(shorter))
            }
            let reduces = steps[index].kind == .reduce
            for other in inventory.steps where other != steps[index] && (other.kind == .reduce) == reduces {
                var replaced = steps
                replaced[index] = other
                out.append(AggregateProgram(replaced))
            }
            if index + 1 < steps.count, steps[index + 1].kind != .reduce, steps[index] != steps[index + 1] {
                var swapped = steps
                swapped.swapAt(index, index + 1)
                out.append(AggregateProgram(swapped))
            }
        }
        return out
    }

    /// Fixed lists on which two programs that agree everywhere they are tried count as the same
    /// function: edge cases and seeded random lists.
    static let referenceLists: [AggregateValue] = {
        var lists: [[Double]] = [
            [], [0], [-4], [7], [3, 3, 3], [-5, -2, -8], [2, 4, 6, 8], [1, -1, 1, -1, 0], [9, -9, 0, 5, -5, 2, 2],
            [-3, -1, 0, 2, 4, 7], [8, 6, 5, 1, -2], [0, 0, 4, 0], [1, 2, 3, 4, 5, 6], [-1, -2, -3], [5, 1, 3],
        ]
        var random = SeededDraws(seed: 0x5EED, stream: 9, index: 0)
        for _ in 0..<64 { lists.append(randomList(length: random.int(in: 0...10), random: &random)) }
        return lists.map { .list($0) }
    }()

    static func equivalent(_ a: AggregateProgram, _ b: AggregateProgram) -> Bool {
        referenceLists.allSatisfy { a.apply($0) == b.apply($0) }
    }

    /// Whether the inputs together show the cases operators tell apart: a zero, a negative and a
    /// positive number, a repeated value within a list, and lists of odd and of even length.
    static func covers(_ inputs: [[Double]]) -> Bool {
        let all = inputs.joined()
        return all.contains(0) && all.contains { $0 < 0 } && all.contains { $0 > 0 }
            && inputs.contains { Set($0).count < $0.count }
            && inputs.contains { $0.count % 2 == 1 } && inputs.contains { $0.count % 2 == 0 }
    }

    /// Held-out queries on which the target is defined, with its answers.
    private func queries(for target: AggregateProgram, random: inout SeededDraws) -> [Example<AggregateValue>]? {
        var out: [Example<AggregateValue>] = []
        var attempts = 0
        while out.count < queryCount {
            attempts += 1
            if attempts > 50 * queryCount { return nil }
            let input = AggregateValue.list(Self.randomList(length: random.int(in: 1...10), random: &random))
            guard let output = target.apply(input) else { continue }
            out.append(Example(input: input, output: output))
        }
        return out
    }

    /// Integers in −9…9; each element after the first repeats an earlier one with chance 1/5.
    static func randomList(length: Int, random: inout SeededDraws) -> [Double] {
        var list: [Double] = []
        list.reserveCapacity(length)
        for _ in 0..<length {
            if !list.isEmpty, random.chance(0.2) {
                list.append(random.element(of: list))
            } else {
                list.append(Double(random.int(in: -9...9)))
            }
        }
        return list
    }
}

extension AggregateGenerator.GeneratedTask {
    /// The native task object, with the generating program as `target`.
    public var jsonObject: [String: Any] {
        var object = task.jsonObject
        object["target"] = target.description
        return object
    }
}

/// Native JSONL for generated aggregate tasks (`TaskSplitFiles`), each line with its `target`.
public enum AggregateTaskWriter {
    public static func jsonLines(_ tasks: [AggregateGenerator.GeneratedTask]) throws(WinnowError) -> String {
        try TaskSplitFiles.jsonLines(tasks.map { ($0.task.id, $0.jsonObject) })
    }

    /// Writes `train.jsonl` and `heldout.jsonl` into `folder` (created when missing), each atomically;
    /// returns the two paths.
    @discardableResult
    public static func write(
        train: [AggregateGenerator.GeneratedTask], heldout: [AggregateGenerator.GeneratedTask], to folder: String
    ) throws(WinnowError) -> (train: String, heldout: String) {
        try TaskSplitFiles.write(train: try jsonLines(train), heldout: try jsonLines(heldout), to: folder)
    }
}
