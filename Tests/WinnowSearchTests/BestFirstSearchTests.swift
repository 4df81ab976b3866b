import Foundation
import Testing
import WinnowSearch

// MARK: - Toy domain 1: integers

/// Steps on an integer.
private enum NumberStep: Hashable, CustomStringConvertible {
    case increment, double, minusThree

    func apply(_ n: Int) -> Int {
        switch self {
        case .increment: n + 1
        case .double: n * 2
        case .minusThree: n - 3
        }
    }

    var description: String {
        switch self {
        case .increment: "+1"
        case .double: "*2"
        case .minusThree: "-3"
        }
    }
}

/// Integers in a bounded range, stepping toward a goal number; no estimate (uniform-cost search).
private struct NumberSpace: SearchSpace {
    var goal: Int
    var steps: [NumberStep] = [.increment, .double, .minusThree]
    var range: ClosedRange<Int> = -50...200

    func expand(_ state: Int) -> [(step: NumberStep, state: Int)] {
        steps.map { ($0, $0.apply(state)) }.filter { range.contains($0.1) && $0.1 != state }
    }

    func estimate(_ state: Int) -> Double { 0 }

    func isGoal(_ state: Int) -> Bool { state == goal }
}

/// Prices number steps from a table; unlisted steps cost 1.
private struct NumberPricing: StepPricing {
    var prices: [NumberStep: Double] = [:]
    func price(of step: NumberStep, from state: Int) -> Double { prices[step] ?? 1 }
}

// MARK: - Toy domain 2: an explicit graph

/// What the search asked a graph space, in order.
private final class CallLog {
    var expanded: [String] = []
    var refined: [String] = []
}

/// A directed graph with labelled edges: states are node names, steps are edge labels.
private struct GraphSpace: SearchSpace {
    /// Outgoing edges of each node, as (label, target), in the order `expand` returns them.
    var edges: [String: [(String, String)]]
    var goals: Set<String>
    /// Cheap estimates; 0 when not listed.
    var estimates: [String: Double] = [:]
    /// Refined estimates; the cheap estimate when not listed.
    var refined: [String: Double] = [:]
    /// Nodes whose expansion sleeps for this long (to exercise the wall-clock budget).
    var slowNodes: [String: Double] = [:]
    var log = CallLog()

    func expand(_ state: String) -> [(step: String, state: String)] {
        log.expanded.append(state)
        if let seconds = slowNodes[state] { Thread.sleep(forTimeInterval: seconds) }
        return (edges[state] ?? []).map { (step: $0.0, state: $0.1) }
    }

    func estimate(_ state: String) -> Double { estimates[state] ?? 0 }

    func refinedEstimate(_ state: String) -> Double {
        log.refined.append(state)
        return refined[state] ?? estimate(state)
    }

    func isGoal(_ state: String) -> Bool { goals.contains(state) }
}

/// Prices graph edges by label; unlisted labels cost 1.
private struct LabelPricing: StepPricing {
    var prices: [String: Double] = [:]
    func price(of step: String, from state: String) -> Double { prices[step] ?? 1 }
}

/// The step sequences of an outcome's solutions, in the order the outcome lists them.
private func summary<Space, Pricing>(_ outcome: BestFirstSearch<Space, Pricing>.Outcome) -> [[Space.Step]] {
    outcome.solutions.map(\.steps)
}

/// Three branches from S to the goal G: found in the order a, b, c with prices 3, 2 and 2.5.
private func threeBranchGraph() -> (GraphSpace, LabelPricing) {
    let space = GraphSpace(
        edges: [
            "S": [("a", "A"), ("b", "B"), ("c", "C")],
            "A": [("x", "G")], "B": [("y", "G")], "C": [("z", "G")],
        ],
        goals: ["G"])
    return (space, LabelPricing(prices: ["x": 2, "y": 1, "z": 1.5]))
}

@Suite struct BestFirstSearchTests {
    @Test func cheapestSolutionComesFirstEvenWhenAPricierOneIsFoundEarlier() {
        // From 1 to 4 with *2 priced 3: "+1, *2" (price 4) is generated before "+1, +1, +1" (price 3).
        let search = BestFirstSearch(space: NumberSpace(goal: 4), pricing: NumberPricing(prices: [.double: 3]))
        let outcome = search.run(from: 1)
        #expect(outcome.solutions.first?.steps == [.increment, .increment, .increment])
        #expect(outcome.solutions.first?.price == 3)
        #expect(outcome.solutions.contains { $0.steps == [.increment, .double] && $0.price == 4 })
        #expect(outcome.stop == .completed)
    }

    @Test func aSeedIsASolutionAndOnlyCheaperOnesAreSearchedFor() {
        // From 1 to 8: the seed "+1 ×7" costs 7; the search finds cheaper ones within the expansions a
        // first solution allows, and nothing dearer than the seed.
        typealias Search = BestFirstSearch<NumberSpace, NumberPricing>
        let seed = Search.Solution(steps: Array(repeating: .increment, count: 7), price: 7)
        let outcome = Search(space: NumberSpace(goal: 8), pricing: NumberPricing()).run(from: 1, seeds: [seed])
        // "+1, *2, *2" (or "*2, *2, *2") costs 3.
        #expect(outcome.solutions.first?.price == 3)
        #expect(outcome.solutions.first.map { $0.steps.reduce(1) { $1.apply($0) } } == 8)
        #expect(outcome.solutions.contains { $0.steps == seed.steps && $0.price == 7 })
        #expect(outcome.solutions.allSatisfy { $0.price <= 7 })
    }

    @Test func aSeedThatTheSearchCannotBeatIsKeptAndOneAcceptRejectsIsNot() {
        typealias Search = BestFirstSearch<NumberSpace, NumberPricing>
        // Nothing reaches 300 inside the range: the seed is the only solution.
        let seed = Search.Solution(steps: [.double], price: 0.5)
        let kept = Search(space: NumberSpace(goal: 300), pricing: NumberPricing()).run(from: 150, seeds: [seed])
        #expect(kept.solutions.map(\.steps) == [[.double]])
        let vetoed = Search(space: NumberSpace(goal: 300), pricing: NumberPricing()).run(from: 150, seeds: [seed]) { _ in false }
        #expect(vetoed.solutions.isEmpty)
        #expect(vetoed.rejected == 1)
    }

    /// Seeds come best first with their fallbacks: the first one `accept` takes is the solution, and
    /// the ones after it are not offered at all.
    @Test func seedsAreTriedInOrderUntilOneIsAccepted() {
        typealias Search = BestFirstSearch<NumberSpace, NumberPricing>
        let seeds: [Search.Solution] = [[NumberStep.increment], [.double], [.increment, .increment]].map {
            Search.Solution(steps: $0, price: 0.5)
        }
        var offered: [[NumberStep]] = []
        let outcome = Search(space: NumberSpace(goal: 300), pricing: NumberPricing()).run(from: 150, seeds: seeds) { steps in
            offered.append(steps)
            return steps == [.double]
        }
        #expect(offered.prefix(2) == [[.increment], [.double]])
        #expect(!offered.contains([.increment, .increment]))
        #expect(outcome.solutions.map(\.steps) == [[.double]])
        #expect(outcome.rejected == 1)
    }

    @Test func collectsEveryDistinctSolutionSortedByPrice() {
        let (space, pricing) = threeBranchGraph()
        let outcome = BestFirstSearch(space: space, pricing: pricing).run(from: "S")
        #expect(summary(outcome) == [["b", "y"], ["c", "z"], ["a", "x"]])
        #expect(outcome.solutions.map(\.price) == [2, 2.5, 3])
        #expect(outcome.rejected == 0)
        #expect(outcome.stop == .completed)
    }

    @Test func equallyPricedSolutionsKeepTheOrderTheyWereCreatedIn() {
        let names = (1...8).map { "N\($0)" }
        let space = GraphSpace(
            edges: Dictionary(uniqueKeysWithValues: names.map { ($0, [("to-goal-from-\($0)", "G")]) })
                .merging(["S": names.map { ("to-\($0)", $0) }]) { a, _ in a },
            goals: ["G"])
        let outcome = BestFirstSearch(space: space, pricing: LabelPricing()).run(from: "S")
        #expect(summary(outcome) == names.map { ["to-\($0)", "to-goal-from-\($0)"] })
        #expect(space.log.expanded == ["S"] + names)
    }

    @Test func vetoedSolutionIsCountedAsRejectedAndTheSearchGoesOnToOthers() {
        let (space, pricing) = threeBranchGraph()
        var offered: [[String]] = []
        let outcome = BestFirstSearch(space: space, pricing: pricing).run(from: "S") { steps in
            offered.append(steps)
            return !steps.contains("y")
        }
        #expect(outcome.rejected == 1)
        #expect(summary(outcome) == [["c", "z"], ["a", "x"]])
        #expect(offered.contains(["b", "y"]))
        #expect(outcome.stop == .completed)
    }

    @Test func everySolutionVetoedLeavesNoSolutionAndCountsEachRejection() {
        let (space, pricing) = threeBranchGraph()
        let outcome = BestFirstSearch(space: space, pricing: pricing).run(from: "S") { _ in false }
        #expect(outcome.solutions.isEmpty)
        #expect(outcome.rejected == 3)
        #expect(outcome.stop == .exhausted)
    }

    @Test func expansionBudgetStopsAFarGoalWithNoSolution() {
        let space = NumberSpace(goal: 150, steps: [.increment, .minusThree])
        let budget = SearchBudget(maxExpansions: 10, maxDuration: .seconds(60), maxDepth: 500)
        let outcome = BestFirstSearch(space: space, pricing: NumberPricing(), budget: budget).run(from: 0)
        #expect(outcome.stop == .expansionBudget)
        #expect(outcome.solutions.isEmpty)
        #expect(outcome.expanded == 10)
    }

    @Test func expansionBudgetReachedAfterASolutionReportsCompleted() {
        // The goal is one step away but pricier than an endless chain of cheap non-goal states.
        var edges: [String: [(String, String)]] = ["S": [("to-goal", "G"), ("c0", "C0")]]
        for i in 0..<1_000 { edges["C\(i)"] = [("c\(i + 1)", "C\(i + 1)")] }
        let space = GraphSpace(edges: edges, goals: ["G"])
        let pricing = LabelPricing(prices: Dictionary(uniqueKeysWithValues: (0...1_000).map { ("c\($0)", 0.001) }))
        let search = BestFirstSearch(
            space: space, pricing: pricing, budget: SearchBudget(maxExpansions: 50, maxDepth: 2_000))
        let outcome = search.run(from: "S")
        #expect(outcome.stop == .completed)
        #expect(summary(outcome) == [["to-goal"]])
        #expect(outcome.expanded == 50)
    }

    @Test func searchAfterTheFirstSolutionIsBoundedByTheExtraExpansionAllowance() {
        var edges: [String: [(String, String)]] = ["S": [("to-goal", "G"), ("c0", "C0")]]
        for i in 0..<1_000 { edges["C\(i)"] = [("c\(i + 1)", "C\(i + 1)")] }
        let space = GraphSpace(edges: edges, goals: ["G"])
        let pricing = LabelPricing(prices: Dictionary(uniqueKeysWithValues: (0...1_000).map { ("c\($0)", 0.001) }))
        let search = BestFirstSearch(
            space: space, pricing: pricing, budget: SearchBudget(maxExpansions: 500, maxDepth: 2_000),
            extraExpansionFactor: 0, minimumExtraExpansions: 5)
        let outcome = search.run(from: "S")
        #expect(outcome.stop == .completed)
        // S found the goal at the first expansion; five more are allowed.
        #expect(outcome.expanded == 6)
        #expect(space.log.expanded == ["S", "C0", "C1", "C2", "C3", "C4"])
    }

    @Test func maxDepthBoundsTheLengthOfSolutions() {
        let space = NumberSpace(goal: 5, steps: [.increment])
        let short = BestFirstSearch(
            space: space, pricing: NumberPricing(), budget: SearchBudget(maxDepth: 4)
        ).run(from: 0)
        #expect(short.solutions.isEmpty)
        #expect(short.stop == .exhausted)

        let long = BestFirstSearch(
            space: space, pricing: NumberPricing(), budget: SearchBudget(maxDepth: 5)
        ).run(from: 0)
        #expect(summary(long) == [Array(repeating: .increment, count: 5)])
    }

    @Test func noSolutionIsLongerThanMaxDepth() {
        // The cheapest way to G is four cheap steps; a pricier direct step also reaches it.
        let space = GraphSpace(
            edges: ["S": [("direct", "G"), ("a", "A")], "A": [("b", "B")], "B": [("c", "C")], "C": [("g", "G")]],
            goals: ["G"])
        let pricing = LabelPricing(prices: ["direct": 5, "a": 0.5, "b": 0.5, "c": 0.5, "g": 0.5])
        let unbounded = BestFirstSearch(space: space, pricing: pricing, budget: SearchBudget(maxDepth: 8)).run(from: "S")
        #expect(summary(unbounded) == [["a", "b", "c", "g"], ["direct"]])
        for depth in 1...3 {
            let bounded = BestFirstSearch(space: space, pricing: pricing, budget: SearchBudget(maxDepth: depth))
                .run(from: "S")
            #expect(summary(bounded) == [["direct"]], "maxDepth \(depth)")
        }
    }

    @Test
    func aSolutionWithinMaxDepthIsFoundWhenACheaperLongerPathReachesTheSameState() {
        // From 1 to 10 with *2 priced 2.5: the cheapest way (+1 four times, then *2) takes five steps,
        // but "+1, *2, +1, *2" takes four. With maxDepth 4 the search must find the four-step one; state 5
        // is reached more cheaply in four steps (+1 ×4, depth 4, not expandable) than in three (+1, *2, +1).
        let space = NumberSpace(goal: 10)
        let pricing = NumberPricing(prices: [.double: 2.5])
        let unbounded = BestFirstSearch(space: space, pricing: pricing, budget: SearchBudget(maxDepth: 8)).run(from: 1)
        #expect(unbounded.solutions.first?.steps.count == 5)
        let bounded = BestFirstSearch(space: space, pricing: pricing, budget: SearchBudget(maxDepth: 4)).run(from: 1)
        #expect(bounded.solutions.first?.steps == [.increment, .double, .increment, .double])
        #expect(bounded.solutions.allSatisfy { $0.steps.count <= 4 })
    }

    @Test func startThatIsAGoalYieldsTheEmptySolution() {
        let outcome = BestFirstSearch(space: NumberSpace(goal: 5), pricing: NumberPricing()).run(from: 5)
        #expect(summary(outcome) == [[]])
        #expect(outcome.solutions.first?.price == 0)
        #expect(outcome.stop == .completed)
    }

    @Test func vetoedEmptySolutionIsRejectedAndTheSearchLooksForAnotherWay() {
        var offered: [[NumberStep]] = []
        let outcome = BestFirstSearch(space: NumberSpace(goal: 5), pricing: NumberPricing()).run(from: 5) { steps in
            offered.append(steps)
            return !steps.isEmpty
        }
        #expect(offered.first == [])
        #expect(outcome.rejected == 1)
        #expect(!outcome.solutions.isEmpty)
        #expect(outcome.solutions.allSatisfy { !$0.steps.isEmpty && $0.steps.reduce(5) { $1.apply($0) } == 5 })
    }

    @Test func twoRunsGiveIdenticalSolutionsAndCounts() {
        let budget = SearchBudget(maxExpansions: 300)
        func run() -> BestFirstSearch<NumberSpace, NumberPricing>.Outcome {
            BestFirstSearch(space: NumberSpace(goal: 37), pricing: NumberPricing(prices: [.double: 1.5]), budget: budget)
                .run(from: 3) { $0.count != 4 }
        }
        let first = run()
        let second = run()
        #expect(first.solutions.count > 1)
        #expect(summary(first) == summary(second))
        #expect(first.solutions.map(\.price) == second.solutions.map(\.price))
        #expect(first.expanded == second.expanded)
        #expect(first.generated == second.generated)
        #expect(first.rejected == second.rejected)
        #expect(first.stop == second.stop)
    }

    @Test func refinedEstimateKeepsATrapBranchBehindTheGoodOne() {
        // T is generated first and looks free to the cheap estimate; its refined estimate is large.
        let space = GraphSpace(
            edges: ["S": [("t", "T"), ("p", "P")], "T": [("t2", "T2")], "P": [("g", "G")]],
            goals: ["G"],
            refined: ["T": 10])
        let outcome = BestFirstSearch(space: space, pricing: LabelPricing()).run(from: "S")
        #expect(summary(outcome) == [["p", "g"]])
        let expanded = space.log.expanded
        #expect(expanded.prefix(2) == ["S", "P"])
        #expect(space.log.refined.contains("T"))
    }

    @Test func withoutARefinedEstimateTheCheapEstimateAloneOrdersTheFrontier() {
        // Control for the test above: the same graph with no refinement expands T before P.
        let space = GraphSpace(
            edges: ["S": [("t", "T"), ("p", "P")], "T": [("t2", "T2")], "P": [("g", "G")]],
            goals: ["G"])
        _ = BestFirstSearch(space: space, pricing: LabelPricing()).run(from: "S")
        #expect(space.log.expanded.prefix(3) == ["S", "T", "P"])
    }

    @Test func stopIsCompletedWhenTheClockRunsOutAfterASolutionWasFound() {
        // S reaches the goal at once (price 2); the cheaper chain A, B, C… keeps the search going, and
        // expanding A sleeps past the wall-clock budget.
        let space = GraphSpace(
            edges: [
                "S": [("to-goal", "G"), ("a", "A")], "A": [("b", "B")], "B": [("c", "C")], "C": [("d", "D")],
            ],
            goals: ["G"],
            slowNodes: ["A": 0.3])
        let pricing = LabelPricing(prices: ["to-goal": 2, "a": 0.1, "b": 0.1, "c": 0.1, "d": 0.1])
        let budget = SearchBudget(maxExpansions: 1_000, maxDuration: .milliseconds(150))
        let outcome = BestFirstSearch(space: space, pricing: pricing, budget: budget).run(from: "S")
        #expect(summary(outcome) == [["to-goal"]])
        // The clock, not the space, stopped it: B was never expanded.
        #expect(space.log.expanded == ["S", "A"])
        #expect(outcome.stop == .completed)
    }

    @Test func stopIsTimeBudgetWhenTheClockRunsOutBeforeAnySolution() {
        let space = GraphSpace(
            edges: ["S": [("a", "A")], "A": [("b", "B")], "B": [("c", "C")], "C": [("to-goal", "G")]],
            goals: ["G"],
            slowNodes: ["A": 0.3])
        let budget = SearchBudget(maxExpansions: 1_000, maxDuration: .milliseconds(150))
        let outcome = BestFirstSearch(space: space, pricing: LabelPricing(), budget: budget).run(from: "S")
        #expect(outcome.solutions.isEmpty)
        #expect(space.log.expanded == ["S", "A"])
        #expect(outcome.stop == .timeBudget)
    }

    @Test func aMemoryCeilingBelowWhatTheProcessHoldsStopsTheSearchWithItsOwnReason() {
        let (space, pricing) = threeBranchGraph()
        let budget = SearchBudget(maxMemory: 1)
        let outcome = BestFirstSearch(space: space, pricing: pricing, budget: budget).run(from: "S")
        #expect(outcome.solutions.isEmpty)
        #expect(outcome.stop == .memoryBudget)
        #expect(space.log.expanded.isEmpty)
    }

    @Test func aLimitSeenInsideAnExpansionIsReportedEvenWhenTheFrontierIsLeftEmpty() {
        /// Expands nothing once its monitor reports a limit, as a wide table does.
        struct CutShort: SearchSpace {
            func expand(_ state: Int) -> [(step: NumberStep, state: Int)] { [(.increment, state + 1)] }
            func expand(_ state: Int, within monitor: BudgetMonitor) -> [(step: NumberStep, state: Int)] {
                Thread.sleep(forTimeInterval: 0.05)
                return monitor.exceeded() ? [] : expand(state)
            }
            func estimate(_ state: Int) -> Double { 1 }
            func isGoal(_ state: Int) -> Bool { state == 100 }
        }
        let budget = SearchBudget(maxExpansions: 1_000, maxDuration: .milliseconds(20))
        let outcome = BestFirstSearch(space: CutShort(), pricing: NumberPricing(), budget: budget).run(from: 0)
        #expect(outcome.expanded == 1)
        #expect(outcome.stop == .timeBudget)
    }

    @Test func residentMemoryIsReadFromTheProcess() throws {
        let bytes = try #require(ResidentMemory.bytes())
        #expect(bytes > 1 << 20)
    }
}
