import Testing
import WinnowCore
import WinnowSearch
@testable import WinnowTables

/// Ambiguity: the consistent programs grouped by what they do to the held-out input, the gate that
/// commits or abstains on them, and the questions that settle them.
@Suite struct AmbiguityTests {
    static func solver() throws -> TableSolver {
        TableSolver(inventory: try ShippedFiles.inventoryWithCellPrograms(), budget: SearchBudget(maxExpansions: 400, maxDuration: .seconds(60)), parallel: false)
    }

    /// One example that fits "the first word" and "all but the last word" alike.
    static let industries = SynthesisTask<Table>(
        id: "industries", domain: "table", examples: [Example(input: [["Mining US"]], output: [["Mining"]])],
        queries: [[["Soybean Farming CAN"], ["Retail UK"], ["Oil Gas MX"]]],
        answers: [[["Soybean Farming"], ["Retail"], ["Oil Gas"]]])

    @Test func oneExampleThatFitsTwoReadingsIsAmbiguousOnTheRowsWhereTheyDiffer() throws {
        let result = try Self.solver().solve(Self.industries)
        let ambiguity = result.ambiguity
        #expect(ambiguity.isAmbiguous)
        // The readings agree on "Retail UK" and part on the two rows with more than two words.
        #expect(ambiguity.disagreements.map(\.rows) == [[0, 2]])
        let rows = ambiguity.groups.compactMap { $0.outputs[0]?.rows }
        #expect(rows.contains([["Soybean"], ["Retail"], ["Oil"]]))
        #expect(rows.contains([["Soybean Farming"], ["Retail"], ["Oil Gas"]]))
        #expect(abs(ambiguity.groups.reduce(0) { $0 + $1.share } - 1) < 1e-9)
        #expect(ambiguity.groups.map(\.members).reduce(0, +) == ambiguity.programs.count)
    }

    @Test func twoExampleRowsThatRuleOneReadingOutCommitIt() throws {
        var task = Self.industries
        task.examples = [Example(input: [["Mining US"], ["Soybean Farming CAN"]], output: [["Mining"], ["Soybean Farming"]])]
        task.queries = [[["Retail UK"], ["Oil Gas MX"]]]
        let result = try Self.solver().solve(task).gated(by: TableGate(), queries: task.queries)
        #expect(result.outputs == [[["Retail"], ["Oil Gas"]]])
    }

    @Test func theGateAbstainsOnTwoEquallyLikelyBehavioursAndCommitsWhenTheyAgree() throws {
        // Dropping either of two equal columns reproduces the example; the query tells them apart.
        let task = SynthesisTask<Table>(
            id: "twins", domain: "table", examples: [Example(input: [["1", "1"]], output: [["1"]])], queries: [[["2", "3"]]])
        let result = try Self.solver().solve(task)
        #expect(result.ambiguity.groups.count == 2)
        #expect(result.ambiguity.groups.allSatisfy { abs($0.share - 0.5) < 1e-9 })
        let gated = result.gated(by: TableGate(), queries: task.queries)
        #expect(gated.abstained)
        #expect(gated.outputs.isEmpty)
        #expect(result.gated(by: TableGate(threshold: 0), queries: task.queries).program != nil)

        var agreeing = task
        agreeing.queries = [[["4", "4"]]]
        let settled = try Self.solver().solve(agreeing)
        #expect(!settled.ambiguity.isAmbiguous)
        #expect(settled.gated(by: TableGate(), queries: agreeing.queries).outputs == [[["4"]]])
    }

    @Test func aProgramThatBreaksTheDemonstratedShapeWeighsLessThanOneThatKeepsIt() throws {
        let ranking = ProgramRanking(
            inventory: try ShippedFiles.inventory(), examples: [Example(input: [["a", "b"]], output: [["a"]])], queries: [[["x", ""]]])
        let ranked = ranking.ranked([Pipeline([.drop(column: 0)]), Pipeline([.drop(column: 1)])])
        // drop(column: 0) leaves the query's empty cell where the example always has text.
        #expect(ranked.map(\.program) == [Pipeline([.drop(column: 1)]), Pipeline([.drop(column: 0)])])
        let weights = ProgramBelief().weights(ranked)
        #expect(weights[0] == 1)
        #expect(weights[1] < weights[0] / 10)
    }

    @Test func askingTheMostSplittingRowAndLearningFromItCommitsTheRightReading() throws {
        let task = Self.industries
        let inquiry = TableInquiry(solver: try Self.solver(), gate: TableGate())
        var asked: [TableInquiry.Question] = []
        let (result, count) = inquiry.run(task, questions: 1) { question in
            asked.append(question)
            return Table([task.answers![0]!.rows[question.row!]])
        }
        #expect(count == 1)
        // Retail (row 1) does not split the readings; the question is about a row that does.
        #expect(asked.count == 1 && asked[0].row != 1)
        #expect(result.outputs == [[["Soybean Farming"], ["Retail"], ["Oil Gas"]]])
    }

    @Test func aConsensusIsTestedOnTheRowLeastLikeTheExample() throws {
        // Every program copies the cell: the example already ends in the suffix the others need.
        let task = SynthesisTask<Table>(
            id: "addresses", domain: "table",
            examples: [Example(input: [["Philadelphia, PA, USA"]], output: [["Philadelphia, PA, USA"]])],
            queries: [[["Boston, MA, USA"], ["Los Angeles, CA"]]])
        let result = try Self.solver().solve(task)
        let question = TableInquiry.question(result.ambiguity, task: task, skipping: [])
        #expect(question == TableInquiry.Question(query: 0, row: 1))
    }

    @Test func rowsOfAHeldOutInputThatEveryProgramKeepsInPlaceAreAskedOneByOne() throws {
        let task = SynthesisTask<Table>(
            id: "rows", domain: "table", examples: [Example(input: [["a", "b"]], output: [["a"]])],
            queries: [[["p", "q"], ["r", "s"], ["t", "u"]]], answers: [[["p"], ["r"], ["t"]]])
        let problem = TableProblem(task: task, pipelines: [Pipeline([.drop(column: 1)]), Pipeline([.drop(column: 0)])])
        #expect(problem.queryableProbes == 3)
        #expect(problem.probes[1] == [["r", "s"]])
        #expect(problem.answer(probe: 1) == [["r"]])
        #expect(problem.execute(candidate: 1, probe: 2) == [["u"]])
        #expect(problem.isCorrect(candidate: 0))
        #expect(!problem.isCorrect(candidate: 1))

        // A pool that changes the row count is asked about the whole input.
        let folding = TableProblem(task: task, pipelines: [Pipeline([.drop(column: 1)]), Pipeline([.transpose])])
        #expect(folding.queryableProbes == 1)
        #expect(folding.answer(probe: 0) == [["p"], ["r"], ["t"]])
    }
}

@Suite struct OutsideCandidateTests {
    @Test func anOutsideCandidateIsScoredOnItsWholeHeldOutOutputs() {
        let task = SynthesisTask<Table>(
            id: "upper", domain: "table", examples: [Example(input: [["Ann"]], output: [["ANN"]])], queries: [[["Bob"]]],
            answers: [[["BOB"]]])
        let problem = TableProblem(task: task, pipelines: []).appending([.init(name: "model", outputs: [[["BOB"]]])])
        #expect(problem.candidateCount == 1)
        #expect(problem.isCorrect(candidate: 0))
    }
}

@Suite struct KeptProgramsTests {
    @Test func anEarlierProgramThatStillFitsIsKeptAndOneThatNoLongerDoesIsNot() throws {
        let task = SynthesisTask<Table>(
            id: "twins", domain: "table", examples: [Example(input: [["1", "1"], ["2", "3"]], output: [["1"], ["3"]])], queries: [])
        let solver = TableSolver(inventory: try ShippedFiles.inventory(), budget: SearchBudget(maxExpansions: 0), parallel: false)
        // No expansion: only what is kept can be in the pool.
        let result = solver.solve(task, keeping: [Pipeline([.drop(column: 0)]), Pipeline([.drop(column: 1)])])
        #expect(result.consistent == [Pipeline([.drop(column: 0)])])
        #expect(result.status == .solved)
    }
}
