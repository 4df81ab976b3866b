import Foundation
import Testing
import WinnowCore
import WinnowSearch
@testable import WinnowTables

/// The shipped inventory, `inventories/tables.json`.
private func shippedInventory() throws -> Inventory {
    try ShippedFiles.inventory()
}

private func makeTask(_ id: String, examples: [(Table, Table)], queries: [Table]) -> SynthesisTask<Table> {
    SynthesisTask(id: id, domain: "table", examples: examples.map { Example(input: $0.0, output: $0.1) }, queries: queries)
}

/// A hand-written task with the answers its queries should get.
struct SolverCase: Sendable, CustomTestStringConvertible {
    var name: String
    var task: SynthesisTask<Table>
    var answers: [Table]
    var testDescription: String { name }

    init(_ name: String, examples: [(Table, Table)], queries: [(Table, Table)]) {
        self.name = name
        task = makeTask(name, examples: examples, queries: queries.map(\.0))
        answers = queries.map(\.1)
    }

    /// Tasks the solver should solve, each with held-out answers that pin the generalisation.
    static let solvable: [SolverCase] = [
        SolverCase(
            "split 'Last, First' and put the first name first",
            examples: [(
                [["Smith, John"], ["Doe, Jane"], ["Brown, Bob"]],
                [["John", "Smith"], ["Jane", "Doe"], ["Bob", "Brown"]]
            )],
            queries: [([["Lovelace, Ada"], ["Turing, Alan"]], [["Ada", "Lovelace"], ["Alan", "Turing"]])]),
        SolverCase(
            "fold quarterly columns under their headers",
            examples: [(
                [["Name", "Q1", "Q2", "Q3"], ["Ann", "1", "2", "3"], ["Ben", "4", "5", "6"]],
                [
                    ["Ann", "Q1", "1"], ["Ann", "Q2", "2"], ["Ann", "Q3", "3"],
                    ["Ben", "Q1", "4"], ["Ben", "Q2", "5"], ["Ben", "Q3", "6"],
                ]
            )],
            queries: [(
                [["Name", "Q1", "Q2", "Q3"], ["Cy", "7", "8", "9"]],
                [["Cy", "Q1", "7"], ["Cy", "Q2", "8"], ["Cy", "Q3", "9"]]
            )]),
        SolverCase(
            "fill down a grouped column",
            examples: [(
                [["East", "ant", "1"], ["", "bee", "2"], ["West", "cat", "3"], ["", "dog", "4"], ["", "eel", "5"]],
                [["East", "ant", "1"], ["East", "bee", "2"], ["West", "cat", "3"], ["West", "dog", "4"], ["West", "eel", "5"]]
            )],
            queries: [(
                [["North", "fox", "6"], ["", "gnu", "7"], ["South", "hen", "8"]],
                [["North", "fox", "6"], ["North", "gnu", "7"], ["South", "hen", "8"]]
            )]),
        SolverCase(
            "drop two columns",
            examples: [(
                [["id1", "Ann", "x9", "Paris"], ["id2", "Ben", "y8", "Rome"], ["id3", "Cy", "z7", "Oslo"]],
                [["id1", "x9"], ["id2", "y8"], ["id3", "z7"]]
            )],
            queries: [([["id4", "Dee", "w6", "Bern"]], [["id4", "w6"]])]),
        SolverCase(
            "transpose",
            examples: [([["a", "b", "c"], ["1", "2", "3"]], [["a", "1"], ["b", "2"], ["c", "3"]])],
            queries: [([["x", "y"], ["7", "8"]], [["x", "7"], ["y", "8"]])]),
        SolverCase(
            "wrap every two rows into one",
            examples: [(
                [["Alice"], ["30"], ["Bob"], ["25"], ["Carol"], ["41"]],
                [["Alice", "30"], ["Bob", "25"], ["Carol", "41"]]
            )],
            queries: [([["Dan"], ["52"], ["Eve"], ["19"]], [["Dan", "52"], ["Eve", "19"]])]),
    ]
}

@Suite struct SolverTests {
    /// The default expansion budget with a wall-clock limit far away, so that only the deterministic
    /// limit can stop a search however loaded the machine is.
    static func budget(expansions: Int = SearchBudget().maxExpansions) -> SearchBudget {
        SearchBudget(maxExpansions: expansions, maxDuration: .seconds(600))
    }

    /// Solves with a sequential solver: the tests run in parallel already.
    private func solve(_ task: SynthesisTask<Table>, budget: SearchBudget = SolverTests.budget()) throws -> TableSolver.Result {
        TableSolver(inventory: try shippedInventory(), budget: budget, parallel: false).solve(task)
    }

    /// What every committed program must satisfy, whatever the task.
    private func expectSound(_ result: TableSolver.Result, _ task: SynthesisTask<Table>, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let program = result.program else {
            #expect(result.status != .solved, "solved without a program", sourceLocation: sourceLocation)
            #expect(result.outputs.isEmpty, sourceLocation: sourceLocation)
            return
        }
        #expect(result.status == .solved, sourceLocation: sourceLocation)
        #expect(result.consistent.first == program, sourceLocation: sourceLocation)
        for (i, example) in task.examples.enumerated() {
            #expect(program.apply(example.input) == example.output, "example \(i)", sourceLocation: sourceLocation)
        }
        #expect(result.outputs.map(Optional.some) == task.queries.map { program.apply($0) }, sourceLocation: sourceLocation)
        #expect(result.outputs.count == task.queries.count, sourceLocation: sourceLocation)
    }

    @Test(arguments: SolverCase.solvable)
    func solvesAndGeneralisesToTheHeldOutInputs(_ solverCase: SolverCase) throws {
        let result = try solve(solverCase.task)
        #expect(result.status == .solved, "\(result.status)")
        expectSound(result, solverCase.task)
        #expect(result.outputs == solverCase.answers, "program:\n\(result.program?.description ?? "none")")
    }

    @Test func foldHeaderTaskCommitsTheOneStepFoldHeader() throws {
        let result = try solve(SolverCase.solvable[1].task)
        #expect(result.program == Pipeline([.foldHeader(from: 1)]))
    }

    @Test func fillDownTaskCommitsTheOneStepFillDown() throws {
        let result = try solve(SolverCase.solvable[2].task)
        #expect(result.program == Pipeline([.fillDown(column: 0)]))
    }

    @Test func dropTaskCommitsTwoDrops() throws {
        let result = try solve(SolverCase.solvable[3].task)
        #expect(result.program?.steps.count == 2)
        #expect(result.program?.steps.allSatisfy { $0.name == "drop" } == true)
    }

    @Test func transposeTaskCommitsTranspose() throws {
        let result = try solve(SolverCase.solvable[4].task)
        #expect(result.program == Pipeline([.transpose]))
    }

    @Test func wrapTaskCommitsWrapEveryTwo() throws {
        let result = try solve(SolverCase.solvable[5].task)
        #expect(result.program == Pipeline([.wrapEvery(k: 2)]))
    }

    @Test func aSecondExampleDecidesBetweenProgramsTheFirstCannotTellApart() throws {
        // In the first example columns 0 and 1 are equal, so dropping either reproduces it.
        let first: (Table, Table) = ([["x", "x", "1"], ["y", "y", "2"]], [["x", "1"], ["y", "2"]])
        let second: (Table, Table) = ([["p", "q", "3"]], [["p", "3"]])
        let query: Table = [["m", "n", "4"]]

        let ambiguous = try solve(makeTask("first only", examples: [first], queries: [query]))
        #expect(ambiguous.consistent.contains(Pipeline([.drop(column: 0)])))
        #expect(ambiguous.consistent.contains(Pipeline([.drop(column: 1)])))

        let both = makeTask("both", examples: [first, second], queries: [query])
        let decided = try solve(both)
        #expect(decided.status == .solved)
        #expect(decided.program == Pipeline([.drop(column: 1)]))
        #expect(!decided.consistent.contains(Pipeline([.drop(column: 0)])))
        #expect(decided.rejected > 0)
        #expect(decided.outputs == [[["m", "4"]]])
        expectSound(decided, both)
    }

    @Test func aProgramThatCannotRunOnAHeldOutInputIsNotCommitted() throws {
        // Folding under headers needs a header row and at least one data row; the held-out input has
        // only the header row, so fold-header (and any other program reproducing the example) cannot run.
        let example = SolverCase.solvable[1].task.examples[0]
        let control = try solve(makeTask("control", examples: [(example.input, example.output)], queries: [example.input]))
        #expect(control.program == Pipeline([.foldHeader(from: 1)]))

        let headerOnly = makeTask(
            "header only", examples: [(example.input, example.output)], queries: [[["Name", "Q1", "Q2", "Q3"]]])
        let result = try solve(headerOnly, budget: Self.budget(expansions: 500))
        #expect(result.status == .unsolved)
        #expect(result.program == nil, "program:\n\(result.program?.description ?? "none")")
        #expect(result.consistent.isEmpty)
        #expect(result.rejected > 0)
        #expect(result.outputs.isEmpty)
    }

    @Test func noProgramRunsOnAnEmptyHeldOutTableSoNoneIsCommitted() throws {
        let example = SolverCase.solvable[2].task.examples[0]
        let result = try solve(
            makeTask("empty query", examples: [(example.input, example.output)], queries: [Table([])]),
            budget: Self.budget(expansions: 500))
        #expect(result.status == .unsolved)
        #expect(result.program == nil)
        #expect(result.rejected > 0)
        #expect(result.outputs.isEmpty)
    }

    /// Text that occurs nowhere in the input: no operator invents letters or digits.
    static let impossible = makeTask(
        "impossible", examples: [([["alpha", "beta"], ["gamma", "delta"]], [["zebra", "42"]])],
        queries: [[["eta", "theta"]]])

    @Test func outputTextFoundNowhereInTheInputIsUnsolvedWithNoProgram() throws {
        let result = try solve(Self.impossible, budget: Self.budget(expansions: 300))
        #expect(result.status == .unsolved)
        #expect(result.program == nil)
        #expect(result.consistent.isEmpty)
        #expect(result.outputs.isEmpty)
    }

    @Test
    func outputTextFoundNowhereInTheInputIsGivenUpQuickly() throws {
        let budget = SearchBudget()
        let result = try solve(Self.impossible, budget: budget)
        #expect(result.status == .unsolved)
        #expect(result.expanded < budget.maxExpansions / 10, "expanded \(result.expanded)")
    }

    @Test func solvingTwiceCommitsTheSameProgram() throws {
        for solverCase in SolverCase.solvable {
            let first = try solve(solverCase.task)
            let second = try solve(solverCase.task)
            #expect(first.program == second.program, "\(solverCase.name)")
            #expect(first.consistent == second.consistent, "\(solverCase.name)")
            #expect(first.expanded == second.expanded, "\(solverCase.name)")
            #expect(first.generated == second.generated, "\(solverCase.name)")
        }
    }

    @Test func parallelAndSequentialSolversCommitTheSameProgram() throws {
        let inventory = try shippedInventory()
        // A table big enough that the parallel solver really spreads candidate application over threads
        // (the small tasks stay below its threshold): split a column and drop another.
        let rows = (0..<60).map { i in ["k\(i)", "a\(i)-b\(i)", "c\(i)", "d\(i)"] }
        let wide = makeTask(
            "wide", examples: [(Table(rows), Table(rows.map { [$0[0]] + $0[1].split(separator: "-").map(String.init) + [$0[3]] }))],
            queries: [[["k", "p-q", "r", "s"]]])
        let wideResult = TableSolver(inventory: inventory, budget: Self.budget(), parallel: true).solve(wide)
        #expect(wideResult.status == .solved)
        #expect(wideResult.outputs == [[["k", "p", "q", "s"]]])
        for solverCase in SolverCase.solvable.map(\.task) + [wide] {
            let parallel = TableSolver(inventory: inventory, budget: Self.budget(), parallel: true).solve(solverCase)
            let sequential = TableSolver(inventory: inventory, budget: Self.budget(), parallel: false).solve(solverCase)
            #expect(parallel.status == sequential.status, "\(solverCase.id)")
            #expect(parallel.program == sequential.program, "\(solverCase.id)")
            #expect(parallel.consistent == sequential.consistent, "\(solverCase.id)")
            #expect(parallel.expanded == sequential.expanded, "\(solverCase.id)")
        }
    }

    @Test(arguments: [1, 2, 3, 5, 8])
    func aTinyExpansionBudgetNeverYieldsAWrongSolvedResult(_ expansions: Int) throws {
        for solverCase in SolverCase.solvable {
            let result = try solve(solverCase.task, budget: Self.budget(expansions: expansions))
            expectSound(result, solverCase.task)
            if result.status == .solved {
                #expect(result.outputs == solverCase.answers, "\(solverCase.name) with \(expansions) expansions")
            }
        }
    }

    @Test func aTinyExpansionBudgetLeavesAMultiStepTaskUnsolved() throws {
        // "Last, First" needs several steps; one expansion cannot find them.
        let result = try solve(SolverCase.solvable[0].task, budget: Self.budget(expansions: 1))
        #expect(result.status == .unsolved || result.status == .timeout)
        #expect(result.program == nil)
        #expect(result.expanded <= 2)
    }

    @Test func everyConsistentProgramReproducesEveryExampleAndRunsOnEveryQuery() throws {
        let twoExamples = makeTask(
            "two examples",
            examples: [
                ([["Smith, John"], ["Doe, Jane"]], [["John", "Smith"], ["Jane", "Doe"]]),
                ([["Brown, Bob"]], [["Bob", "Brown"]]),
            ],
            queries: [[["Lovelace, Ada"]]])
        for task in SolverCase.solvable.map(\.task) + [twoExamples] {
            let result = try solve(task)
            expectSound(result, task)
            #expect(!result.consistent.isEmpty, "\(task.id)")
            for program in result.consistent {
                for example in task.examples {
                    #expect(program.apply(example.input) == example.output, "\(task.id): \(program)")
                }
                for query in task.queries {
                    #expect(program.apply(query) != nil, "\(task.id): \(program)")
                }
            }
        }
    }

    @Test func noExamplesIsUnsolvedWithNoProgram() throws {
        let result = try solve(makeTask("empty", examples: [], queries: [[["a"]]]))
        #expect(result.status == .unsolved)
        #expect(result.program == nil)
        #expect(result.expanded == 0)
    }

    @Test func anExampleWhoseOutputEqualsItsInputCommitsTheEmptyProgram() throws {
        let table: Table = [["a", "b"], ["c", "d"]]
        let result = try solve(makeTask("identity", examples: [(table, table)], queries: [[["e", "f"]]]))
        #expect(result.status == .solved)
        #expect(result.program == Pipeline([]))
        #expect(result.outputs == [[["e", "f"]]])
    }
}

@Suite("synthesis on a sample of a large example")
struct ExampleSampleTests {
    private static let firstNames = ["Ann", "Bob", "Carla", "Dmitri", "Eve", "Farid", "Gus", "Hana"]
    private static let lastNames = ["Smith", "Ng", "Lopez", "Kowalski", "Chen", "Brown", "Dubois"]

    /// `rows` records "Last, First" with a number, and the example output: first, last, number.
    private static func names(_ rows: Int) -> (Table, Table) {
        var input: [[String]] = [], output: [[String]] = []
        for i in 0..<rows {
            let first = firstNames[i % 8], last = lastNames[(i * 3) % 7], number = String(10 + i)
            input.append([last + ", " + first, number])
            output.append([first, last, number])
        }
        return (Table(input), Table(output))
    }

    @Test func aLargeExampleIsSolvedOnASampleAndTheProgramReproducesAllOfIt() throws {
        let (input, output) = Self.names(300)
        let task = SynthesisTask(
            id: "names", domain: "table", examples: [Example(input: input, output: output)], queries: [[["Zed, Amy", "5"]]])
        let solver = TableSolver(inventory: try ShippedFiles.inventory(), budget: SearchBudget(maxExpansions: 1_500, maxDuration: .seconds(600)))
        let result = solver.solve(task)
        let program = try #require(result.program)
        #expect(program.apply(input) == output)
        #expect(result.consistent.allSatisfy { $0.apply(input) == output })
        #expect(result.outputs == [[["Amy", "Zed", "5"]]])
    }

    @Test func aSampleKeepsOneRowOfEachShapeAndIsOffWhenRowsDoNotCorrespond() throws {
        var (input, output) = Self.names(40)
        input.rows[0] = ["name", "n"]
        output.rows[0] = ["first", "last", "n"]
        let sample = try #require(ExampleSample(Example(input: input, output: output)))
        #expect(sample.rows.first == 0)
        #expect(sample.rows.count == ExampleSample.initialSize)
        #expect(ExampleSample(Example(input: Table(Array(input.rows.prefix(ExampleSample.threshold))), output: output)) == nil)
        #expect(ExampleSample(Example(input: input, output: Table(Array(output.rows.dropLast())))) == nil)
        #expect(ExampleSample(Example(input: input, output: Table(input.rows.reversed()))) == nil)
    }

    @Test func fillDownOnALargeExampleFallsBackToTheWholeExample() throws {
        let groups = (0..<8).flatMap { g in (0..<4).map { r in (r == 0 ? "group\(g)" : "", "item\(g)-\(r)") } }
        let input = Table(groups.map { [$0.0, $0.1] })
        var last = ""
        let output = Table(groups.map { g in
            if !g.0.isEmpty { last = g.0 }
            return [last, g.1]
        })
        let task = SynthesisTask(id: "fill", domain: "table", examples: [Example(input: input, output: output)], queries: [])
        let solver = TableSolver(inventory: try ShippedFiles.inventory(), budget: SearchBudget(maxExpansions: 1_500, maxDuration: .seconds(600)))
        let program = try #require(solver.solve(task).program)
        #expect(program.apply(input) == output)
    }

    @Test func anUnfoldThatWouldMakeMoreCellsThanTheLimitIsNotBuilt() {
        let table = Table((0..<50).map { ["k\($0)", "h\($0)", "v\($0)"] })
        #expect(TableOperator.unfoldHeader(key: 1).apply(table) != nil)
        #expect(TableOperator.unfoldHeader(key: 1).apply(table, cellLimit: 1_000) == nil)
        #expect(TableOperator.unfold.apply(Table((0..<50).map { ["k", "v\($0)"] }), cellLimit: 10) == nil)
    }
}
