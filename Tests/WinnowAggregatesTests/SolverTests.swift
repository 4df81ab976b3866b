import Testing
@testable import WinnowAggregates
import WinnowCore

@Suite struct SolverTests {
    static let inputs: [[Double]] = [[1, 2, 3, 4], [-2, 5, 6, 0, 6], [7, 7, 8], [2, -4, 9, 1, 3, 3], [-9, -1, 0], [10, 3, -6, 5, 5, 2, 8]]
    static let queries: [[Double]] = [[4, 4, -3], [1], [-8, 2, 6, 6, 0, 1]]

    @Test func findsAThreeStepProgramAndRanksItFirst() throws {
        let target = try program("filter(even) | square | sum")
        let solver = AggregateSolver(inventory: try Checkout.inventory())
        let result = solver.solve(task("three-steps", target: target, inputs: Self.inputs, queries: Self.queries))
        #expect(result.status == .solved)
        #expect(result.exhaustive)
        #expect(result.candidates.first == target)
    }

    @Test func everyCandidateReproducesTheExamplesAndRunsOnTheQueries() throws {
        let target = try program("filter(>mean) | count")
        let example = task("consistent", target: target, inputs: Self.inputs, queries: Self.queries)
        let candidates = AggregateSolver(inventory: try Checkout.inventory()).candidates(for: example)
        #expect(!candidates.isEmpty)
        #expect(candidates.count == Set(candidates).count)
        for candidate in candidates {
            #expect(candidate.isWellFormed && candidate.steps.count <= 3)
            for pair in example.examples { #expect(candidate.apply(pair.input) == pair.output, "\(candidate)") }
            for query in example.queries { #expect(candidate.apply(query) != nil, "\(candidate)") }
        }
    }

    @Test func ranksSimplerProgramsFirst() throws {
        let inventory = try Checkout.inventory()
        let candidates = AggregateSolver(inventory: inventory)
            .candidates(for: task("max", target: try program("max"), inputs: Self.inputs, queries: Self.queries))
        #expect(candidates.first == (try program("max")))
        let prices = candidates.map(inventory.price(of:))
        #expect(zip(prices, prices.dropFirst()).allSatisfy { $0 <= $1 + 1e-9 })
        // Distinct programs that agree on the examples are all kept, not merged.
        for other in ["sort | last", "sort-desc | first", "unique | sort | last"] {
            #expect(candidates.contains(try program(other)), "\(other)")
        }
    }

    @Test func spellingsRedundantByLawAreLeftOut() throws {
        let candidates = AggregateSolver(inventory: try Checkout.inventory())
            .candidates(for: task("sum", target: try program("sum"), inputs: Self.inputs, queries: Self.queries))
        #expect(candidates.first == (try program("sum")))
        for redundant in [
            "sort | sum", "reverse | sum", "sort | square | sum", "negate | negate | sum", "sort | reverse | sum",
            "negate | square | sum", "abs | square | sum",
        ] {
            #expect(!candidates.contains(try program(redundant)), "\(redundant)")
        }
    }

    @Test func findsProgramsThatEndInAList() throws {
        let target = try program("filter(positive) | sort")
        let candidates = AggregateSolver(inventory: try Checkout.inventory())
            .candidates(for: task("list", target: target, inputs: Self.inputs, queries: Self.queries))
        #expect(candidates.first == target)
        #expect(candidates.allSatisfy { !$0.returnsNumber })
    }

    @Test func equalPricesBreakByInventoryOrder() throws {
        let solver = AggregateSolver(inventory: try Checkout.inventory())
        let a = try program("abs | first"), b = try program("negate | first")
        #expect(solver.rank([b, a]) == [a, b])
        #expect(solver.rank([a, b]) == [a, b])
    }

    @Test func aTaskWithMixedOutputKindsHasNoCandidates() throws {
        let mixed = SynthesisTask<AggregateValue>(
            id: "mixed", domain: "aggregates",
            examples: [Example(input: list(1, 2), output: .number(3)), Example(input: list(1), output: list(1))],
            queries: [])
        let result = AggregateSolver(inventory: try Checkout.inventory()).solve(mixed)
        #expect(result.status == .unsolved)
        #expect(result.candidates.isEmpty)
    }

    @Test func thePoolIsCut() throws {
        let solver = AggregateSolver(inventory: try Checkout.inventory(), maxCandidates: 2)
        let result = solver.solve(task("cut", target: try program("max"), inputs: Self.inputs, queries: Self.queries))
        #expect(result.candidates.count == 2)
        #expect(result.found > 2)
    }

    @Test func findsACorrectProgramOnGeneratedTasks() throws {
        let inventory = try Checkout.inventory()
        let generated = try AggregateGenerator(inventory: inventory, seed: 7).generate(train: 25, heldout: 15)
        let solver = AggregateSolver(inventory: inventory)
        for made in generated.train + generated.heldout {
            let candidates = solver.candidates(for: made.task)
            let problem = AggregateProblem(task: made.task, candidates: candidates)
            #expect((0..<problem.candidateCount).contains(where: problem.isCorrect), "\(made.task.id): \(made.target)")
        }
    }
}
