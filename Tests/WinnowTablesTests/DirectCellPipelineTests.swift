import Testing
import WinnowCore
import WinnowSearch
import WinnowTables

/// The seed the table search starts from when every output column is a cell program of the input row.
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
}
