import Collections

/// Weighted best-first (A*-style) search from a start state toward goal states, collecting every
/// distinct step sequence that reaches a goal.
///
/// The frontier is ordered by `price so far + weight × estimate`, ties broken by creation order, so a
/// run is deterministic for a given budget of expansions. Generated states carry the space's cheap
/// estimate; the costlier refined estimate is computed once, when a state first reaches the front,
/// and a state that turns out worse is queued again at its new place. Each state is expanded at most once at its
/// cheapest known price; goals are detected when generated and are never closed, so several pipelines
/// reaching the same goal are all recorded. After the first accepted solution the search keeps going
/// for a bounded number of expansions (`extraExpansionsAfterFirst`) to find equally cheap or cheaper
/// alternatives, which the caller ranks.
public struct BestFirstSearch<Space: SearchSpace, Pricing: StepPricing>
where Pricing.State == Space.State, Pricing.Step == Space.Step {
    public var space: Space
    public var pricing: Pricing
    public var budget: SearchBudget
    /// How strongly the estimate weighs against the price so far (1 = A*).
    public var heuristicWeight: Double
    /// Expansions allowed after the first accepted solution, as a multiple of those it took to find it.
    public var extraExpansionFactor: Double
    /// Lower bound on the expansions allowed after the first accepted solution.
    public var minimumExtraExpansions: Int

    public init(
        space: Space, pricing: Pricing, budget: SearchBudget = SearchBudget(), heuristicWeight: Double = 1,
        extraExpansionFactor: Double = 1, minimumExtraExpansions: Int = 50
    ) {
        self.space = space
        self.pricing = pricing
        self.budget = budget
        self.heuristicWeight = heuristicWeight
        self.extraExpansionFactor = extraExpansionFactor
        self.minimumExtraExpansions = minimumExtraExpansions
    }

    /// A step sequence that reaches a goal, and its total price.
    public struct Solution {
        public var steps: [Space.Step]
        public var price: Double

        public init(steps: [Space.Step], price: Double) {
            self.steps = steps
            self.price = price
        }
    }

    /// Why the search stopped.
    public enum Stop: String, Sendable {
        /// Nothing left to expand.
        case exhausted
        /// It found a solution and finished looking for alternatives.
        case completed
        /// The expansion budget ran out.
        case expansionBudget
        /// The process's memory went over `SearchBudget.maxMemory`.
        case memoryBudget
        /// The wall-clock budget ran out.
        case timeBudget
    }

    public struct Outcome {
        /// Accepted solutions, cheapest first (equal prices in the order found).
        public var solutions: [Solution]
        /// Solutions that reached a goal but that `accept` turned down.
        public var rejected: Int
        public var expanded: Int
        public var generated: Int
        public var stop: Stop
    }

    private struct Entry: Comparable {
        var priority: Double
        var sequence: Int
        static func < (a: Entry, b: Entry) -> Bool {
            a.priority != b.priority ? a.priority < b.priority : a.sequence < b.sequence
        }
    }

    /// A state with its hash computed once: the duplicate map rehashes every key when it grows, and
    /// hashing a table means hashing all of its text.
    private struct Seen: Hashable {
        let state: Space.State
        let hash: Int
        init(_ state: Space.State) {
            self.state = state
            hash = state.hashValue
        }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (a: Seen, b: Seen) -> Bool { a.hash == b.hash && a.state == b.state }
    }

    /// The cheapest and the shortest path known to a state, each as (price, depth).
    private struct Witnesses {
        var cheapest: (price: Double, depth: Int)
        var shortest: (price: Double, depth: Int)

        init(price: Double, depth: Int) {
            cheapest = (price, depth)
            shortest = (price, depth)
        }

        /// Some known path is at least as cheap and at least as short.
        func dominates(price: Double, depth: Int) -> Bool {
            (cheapest.price <= price && cheapest.depth <= depth) || (shortest.price <= price && shortest.depth <= depth)
        }

        /// Some known path is strictly cheaper and at least as short (a queued node that lost).
        func supersedes(price: Double, depth: Int) -> Bool {
            (cheapest.price < price && cheapest.depth <= depth) || (shortest.price < price && shortest.depth <= depth)
        }

        mutating func record(price: Double, depth: Int) {
            if price < cheapest.price || (price == cheapest.price && depth < cheapest.depth) { cheapest = (price, depth) }
            if depth < shortest.depth || (depth == shortest.depth && price < shortest.price) { shortest = (price, depth) }
        }
    }

    private struct Node {
        var parent: Int
        var step: Space.Step?
        var price: Double
        var depth: Int
        var refined: Bool
    }

    /// Runs the search; `accept` may veto a goal-reaching sequence (for example, one that does not
    /// apply to the held-out input), in which case the search continues.
    ///
    /// `seeds` are solutions known before searching (with their prices), best first, such as a
    /// construction the domain can write down directly followed by its fallbacks: they are offered to
    /// `accept` in order until one is taken, and the rest are not tried. The accepted seed is a
    /// solution like any other: it bounds the search, which then looks only for cheaper ones, for the
    /// bounded number of expansions any first solution allows.
    public func run(
        from start: Space.State, seeds: [Solution] = [], accept: ([Space.Step]) -> Bool = { _ in true }
    ) -> Outcome {
        let monitor = BudgetMonitor(budget: budget)
        var outcome = Outcome(solutions: [], rejected: 0, expanded: 0, generated: 0, stop: .exhausted)
        var seenSequences: Set<[Space.Step]> = []

        if space.isGoal(start) {
            if accept([]) { outcome.solutions.append(Solution(steps: [], price: 0)) } else { outcome.rejected += 1 }
        }
        for seed in seeds where seenSequences.insert(seed.steps).inserted {
            guard accept(seed.steps) else {
                outcome.rejected += 1
                continue
            }
            outcome.solutions.append(seed)
            break
        }
        outcome.solutions.sort { $0.price < $1.price }

        var nodes: [Node] = [Node(parent: -1, step: nil, price: 0, depth: 0, refined: false)]
        var states: [Seen] = [Seen(start)]
        // For each state, the cheapest and the shortest path known: a path dominated by neither is
        // kept, since a pricier but shorter one may be the only one that fits under `maxDepth`.
        var best: [Seen: Witnesses] = [Seen(start): Witnesses(price: 0, depth: 0)]
        var frontier = Heap<Entry>()
        frontier.insert(Entry(priority: heuristicWeight * space.estimate(start), sequence: 0))
        var expansionLimit = outcome.solutions.isEmpty ? budget.maxExpansions : min(budget.maxExpansions, minimumExtraExpansions)

        func path(to index: Int) -> [Space.Step] {
            var steps: [Space.Step] = []
            var i = index
            while i > 0, let step = nodes[i].step {
                steps.append(step)
                i = nodes[i].parent
            }
            return steps.reversed()
        }

        while let entry = frontier.popMin() {
            if outcome.expanded >= expansionLimit {
                outcome.stop = outcome.solutions.isEmpty ? .expansionBudget : .completed
                return outcome
            }
            if monitor.exceeded() {
                outcome.stop = stop(outcome, monitor)
                return outcome
            }
            let index = entry.sequence
            let node = nodes[index]
            let seen = states[index]
            let state = seen.state
            if let known = best[seen], known.supersedes(price: node.price, depth: node.depth) { continue }
            if node.depth >= budget.maxDepth { continue }
            // Every step adds a positive price, so nothing below a node that already costs as much as
            // the cheapest solution can beat it.
            if let cheapest = outcome.solutions.first?.price, node.price >= cheapest - 1e-9 { continue }
            if !node.refined {
                nodes[index].refined = true
                let priority = node.price + heuristicWeight * space.refinedEstimate(state)
                if priority > entry.priority + 1e-9 {
                    frontier.insert(Entry(priority: priority, sequence: index))
                    continue
                }
            }
            // The refined estimate of a wide table can itself take a good part of the budget.
            if monitor.exceeded() {
                outcome.stop = stop(outcome, monitor)
                return outcome
            }
            outcome.expanded += 1

            let successors = space.expand(state, within: monitor)
            let stepPrices = pricing.prices(of: successors.map(\.step), from: state)
            for ((step, next), stepPrice) in zip(successors, stepPrices) {
                // Estimating a wide table's successors can outlast the budget on its own.
                if monitor.exceeded() { break }
                outcome.generated += 1
                let price = node.price + stepPrice
                if space.isGoal(next) {
                    var steps = path(to: index)
                    steps.append(step)
                    guard seenSequences.insert(steps).inserted else { continue }
                    if accept(steps) {
                        if outcome.solutions.isEmpty {
                            let extra = max(minimumExtraExpansions, Int(Double(outcome.expanded) * extraExpansionFactor))
                            expansionLimit = min(budget.maxExpansions, outcome.expanded + extra)
                        }
                        outcome.solutions.append(Solution(steps: steps, price: price))
                        outcome.solutions.sort { $0.price < $1.price }
                    } else {
                        outcome.rejected += 1
                    }
                    continue
                }
                let key = Seen(next)
                let depth = node.depth + 1
                if var known = best[key] {
                    if known.dominates(price: price, depth: depth) { continue }
                    known.record(price: price, depth: depth)
                    best[key] = known
                } else {
                    best[key] = Witnesses(price: price, depth: depth)
                }
                nodes.append(Node(parent: index, step: step, price: price, depth: depth, refined: false))
                states.append(key)
                frontier.insert(Entry(
                    priority: price + heuristicWeight * space.estimate(next), sequence: nodes.count - 1))
            }
        }
        outcome.stop = stop(outcome, monitor)
        return outcome
    }

    /// Why a search with `outcome` ends: an expansion cut short by a limit may have left the frontier
    /// empty, and that is the limit, not an exhausted space.
    private func stop(_ outcome: Outcome, _ monitor: BudgetMonitor) -> Stop {
        guard outcome.solutions.isEmpty else { return .completed }
        switch monitor.tripped {
        case .time: return .timeBudget
        case .memory: return .memoryBudget
        case nil: return .exhausted
        }
    }
}
