import WinnowControl
import WinnowCore

/// Makes synthetic table tasks from a seed: a messy table, a random pipeline of one to `maxSteps`
/// inventory operators, the table and its result as the visible example, and one or two fresh
/// tables of the same recipe as held-out queries with the pipeline's results as answers.
///
/// This is the training pool for a learned search prior; the Foofah benchmark plays no part in it.
/// A task is kept only when its example *determines* a non-trivial output:
/// - every step changes its input and leaves at least half the cells filled (or no fewer than its
///   input had), and the output has a non-empty cell;
/// - stopping after any strict prefix, leaving out any one step, or replacing two neighbouring
///   steps by one does not give the same output, so each step is there for a reason the example shows;
/// - each step's result is among the successors the search itself generates on the way from the
///   example's input to its output, so the default search can in principle find the pipeline;
/// - every answer differs from its query, and no answer equals the example output.
///
/// Each task draws from its own stream (seed, split name, index): the same seed, inventory and
/// count give the same tasks, one split never shares draws with another, and asking for more tasks
/// leaves the first ones unchanged.
public struct TableTaskGenerator: Sendable {
    public var inventory: Inventory
    public var seed: UInt64
    /// Longest pipeline drawn (at least one step).
    public var maxSteps: Int

    /// Relative odds of pipelines of one, two, three and four (or more) steps, before the keep
    /// rules, which turn down long pipelines more often. Long pipelines are favoured because a
    /// search prior trained on this pool can only help where the search has choices to get wrong:
    /// the uniform search finds most one- and two-step pipelines in two expansions.
    static let lengthWeights: [Double] = [0.5, 2, 3, 4]

    /// Attempts per task before an index is given up (only an inventory that enables almost nothing
    /// comes near it).
    static let attempts = 5_000

    public init(inventory: Inventory, seed: UInt64, maxSteps: Int = 4) {
        self.inventory = inventory
        self.seed = seed
        self.maxSteps = maxSteps
    }

    /// `count` tasks with ids `synthetic-<split>-0001`…; the split name also picks the stream. An
    /// index for which no task can be made is left out, so fewer tasks come back only when the
    /// inventory enables too little to make them.
    public func generate(count: Int, split: String) -> [GeneratedTableTask] {
        let menu = StepMenu(inventory: inventory)
        let stream = SeededDraws.stream(named: split)
        var tasks: [GeneratedTableTask] = []
        tasks.reserveCapacity(count)
        for index in 0..<count {
            var random = SeededDraws(seed: seed, stream: stream, index: UInt64(index))
            let number = String(index + 1)
            let id = "synthetic-\(split)-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
            if let task = makeTask(id: id, menu: menu, random: &random) { tasks.append(task) }
        }
        return tasks
    }

    private func makeTask(id: String, menu: StepMenu, random: inout SeededDraws) -> GeneratedTableTask? {
        let lengths = (1...max(1, maxSteps)).map { Self.lengthWeights[min($0, Self.lengthWeights.count) - 1] }
        for _ in 0..<Self.attempts {
            let recipe = TableRecipe.random(random: &random)
            let input = MessyTableGenerator.table(from: recipe, random: &random)
            guard let (target, output) = pipeline(from: input, length: 1 + random.weighted(lengths), menu: menu, random: &random),
                searchCanReach(target, input: input, output: output), determines(target, input: input, output: output, menu: menu),
                let queries = queries(for: target, recipe: recipe, example: Example(input: input, output: output), random: &random)
            else { continue }
            let task = SynthesisTask(
                id: id, domain: "table", examples: [Example(input: input, output: output)],
                queries: queries.map(\.input), answers: queries.map(\.output))
            return GeneratedTableTask(task: task, target: target)
        }
        return nil
    }

    /// A pipeline of `length` steps, each drawn among those that change the current table.
    private func pipeline(from input: Table, length: Int, menu: StepMenu, random: inout SeededDraws) -> (Pipeline, Table)? {
        var current = input
        var steps: [TableOperator] = []
        for _ in 0..<length {
            guard let (step, next) = menu.draw(from: current, random: &random) else { return nil }
            steps.append(step)
            current = next
        }
        return (Pipeline(steps), current)
    }

    /// Whether the output has a non-empty cell and no shorter pipeline near the target gives it:
    /// no strict prefix, no pipeline with one step left out, and no pipeline with two neighbouring
    /// steps replaced by a single step (`move` then `drop` is often one `drop`).
    func determines(_ target: Pipeline, input: Table, output: Table, menu: StepMenu) -> Bool {
        let steps = target.steps
        guard output.rows.contains(where: { $0.contains { !$0.isEmpty } }) else { return false }
        var states = [input]
        for step in steps {
            guard let next = step.apply(states[states.count - 1]) else { return false }
            states.append(next)
        }
        if states.dropLast().contains(output) { return false }
        for index in steps.indices where steps.count > 1 {
            var shorter = steps
            shorter.remove(at: index)
            if Pipeline(shorter).apply(input) == output { return false }
        }
        for index in 0..<max(0, steps.count - 1) where menu.reaches(states[index + 2], from: states[index]) {
            return false
        }
        return true
    }

    /// Whether every step's result is a successor the search generates on its way to `output`
    /// (its pruning and parameter inference included).
    func searchCanReach(_ target: Pipeline, input: Table, output: Table) -> Bool {
        let space = TableSearchSpace(inventory: inventory, start: input, target: output, parallel: false)
        var table = input
        var state = space.state(input)
        if space.goal.hasLostTargetText(state) { return false }
        for step in target.steps {
            guard let made = step.apply(table) else { return false }
            let next = space.state(made)
            guard space.expand(state).contains(where: { $0.state == next }) else { return false }
            (table, state) = (made, next)
        }
        return true
    }

    /// One or two fresh tables of the recipe on which the target runs, with its results; `nil`
    /// when the recipe rarely gives a table the target applies to.
    private func queries(
        for target: Pipeline, recipe: TableRecipe, example: Example<Table>, random: inout SeededDraws
    ) -> [Example<Table>]? {
        let wanted = random.int(in: 1...2)
        var out: [Example<Table>] = []
        for _ in 0..<(20 * wanted) {
            let query = MessyTableGenerator.table(from: recipe, random: &random)
            guard query != example.input, !out.contains(where: { $0.input == query }),
                let answer = target.apply(query), answer != query, answer != example.output,
                answer.rows.contains(where: { $0.contains { !$0.isEmpty } })
            else { continue }
            out.append(Example(input: query, output: answer))
            if out.count == wanted { return out }
        }
        return nil
    }
}
