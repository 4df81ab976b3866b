import ArgumentParser
import Foundation
import WinnowCore
import WinnowSearch
import WinnowTables

/// `winnow solve TASK`: find the simplest program that reproduces the visible example.
struct Solve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Synthesize a table transform from an example.")

    @Argument(help: "Task file: native JSON/JSONL or a Foofah case.")
    var task: String

    @Option(help: "Inventory file (default: inventories/tables.json).")
    var inventory: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() async throws {
        try await reportingFailures {
            let inventory = try InventoryLocator.load(explicit: inventory)
            let tasks: [SynthesisTask<Table>] = try TaskFile.load(task)
            let solver = TableSolver(inventory: inventory)
            for t in tasks {
                let result = solver.solve(t)
                print(result.program?.description ?? "no program")
                for o in result.outputs { print(o) }
            }
        }
    }
}
