import Testing
import WinnowCore
import WinnowSearch
import WinnowTables
import WinnowText

/// The seeds the table search starts from when every output column is a cell program of the input row.
@Suite struct DirectCellPipelineTests {
    /// Append ", USA" unless the cell already ends with it, from a two-column row.
    static let addresses = SynthesisTask<Table>(
        id: "addresses", domain: "table",
        examples: [Example(
            input: [["U Penn", "Philadelphia, PA, USA"], ["UCLA", "Los Angeles, CA"]],
            output: [["Philadelphia, PA, USA"], ["Los Angeles, CA, USA"]])],
        queries: [[["Michigan", "Ann Arbor, MI, USA"], ["UMD", "College Park, MD"]]])

    @Test func anOutputThatNeedsAConditionalCellProgramIsFoundThroughTheSeed() throws {
        let solver = TableSolver(
            inventory: try ShippedFiles.inventoryWithCellPrograms(), budget: SearchBudget(maxExpansions: 300, maxDuration: .seconds(60)),
            parallel: false)
        let result = solver.solve(Self.addresses)
        let conditional = result.consistent.first { pipeline in
            pipeline.steps.contains { if case .derive(let program, _) = $0 { !program.branches.isEmpty } else { false } }
        }
        let found = try #require(conditional)
        #expect(found.apply(Self.addresses.queries[0]) == [["Ann Arbor, MI, USA"], ["College Park, MD, USA"]])
    }

    /// The first word of a name: the cheapest program cuts at the first space, which a one-word name
    /// held out does not have.
    static let firstNames = SynthesisTask<Table>(
        id: "first-names", domain: "table",
        examples: [Example(input: [["Ann Lee"], ["Bo Chan"]], output: [["Ann"], ["Bo"]])],
        queries: [[["Cy"], ["Di Ross"]]])

    /// The search's own path to the table a runner-up derives is pruned as a state already seen (the
    /// best program derives the same table from the example), so a best program that does not run on
    /// a held-out input must not be the only seed.
    @Test func aRunnerUpIsSeededWhenTheBestProgramDoesNotRunOnAHeldOutInput() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let example = Self.firstNames.examples[0]
        let learned = CellSynthesizer(inventory: inventory.text).learn(rows: example.input.rows, outputs: example.output.rows.map { $0[0] })
        let first = try #require(learned.first).program
        // The premise: the best program cannot run on some held-out row.
        #expect(Self.firstNames.queries[0].rows.contains { first.apply($0) == nil })
        let solver = TableSolver(inventory: inventory, budget: SearchBudget(maxExpansions: 300, maxDuration: .seconds(60)), parallel: false)
        let result = solver.solve(Self.firstNames)
        let runnerUp = result.consistent.first { pipeline in
            pipeline.steps.contains { if case .derive(let program, _) = $0 { program != first } else { false } }
        }
        #expect(try #require(runnerUp).apply(Self.firstNames.queries[0]) == [["Cy"], ["Di"]])
    }
}
