import Foundation
import Testing
import WinnowCore
import WinnowTables
import WinnowText
@testable import WinnowJail

extension PoolTests {
    /// The program `winnow solve --emit python` prints, run in the jail, against the in-process
    /// pipeline it was exported from: for every shipped task, on every held-out and example input,
    /// the jail's table must be the one the Swift operators make; where they find a step
    /// inapplicable, the script must raise rather than return some other table.
    @Suite struct EmittedPythonDifferentialTests {
        /// Every task file the package ships: the examples, and the Foofah cases kept as fixtures.
        static let taskFiles: [String] = {
            let root = JailFixtures.packageRoot
            let folders = ["tasks/examples", "Tests/WinnowTablesTests/Fixtures/foofah", "Tests/WinnowCLITests/Fixtures/bench"]
            var seen = Set<Data>()
            var files: [String] = []
            for folder in folders {
                let url = root.appendingPathComponent(folder)
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
                for name in names where name.hasSuffix(".json") || (name.hasSuffix(".txt") && name.hasPrefix("exp0_")) {
                    let path = url.appendingPathComponent(name).path
                    // The two fixture folders share some cases; each distinct file is solved once.
                    guard let data = FileManager.default.contents(atPath: path), seen.insert(data).inserted else { continue }
                    files.append("\(folder)/\(name)")
                }
            }
            return files
        }()

        /// Solves the task exactly as `winnow solve` does: the shipped inventory, the default budget
        /// (`--max-nodes` and `--timeout` default to `SearchBudget()`, which is `TableSolver`'s
        /// default too), the solver's default parallelism.
        static func solve(_ task: SynthesisTask<Table>) throws -> TableSolver.Result {
            // With the text inventory, as `winnow solve` runs: a shipped example may use cell steps.
            var inventory = try Inventory.load(path: JailFixtures.packageRoot.appendingPathComponent("inventories/tables.json").path)
            inventory.text = try TextInventory.load(path: JailFixtures.packageRoot.appendingPathComponent("inventories/text.json").path)
            return TableSolver(inventory: inventory).solve(task)
        }

        /// Inputs near a held-out one, some of which a step of the program will not fit.
        static func variations(of table: Table) -> [Table] {
            let rows = table.rows
            var out: [Table] = [
                Table([]),
                Table(rows.map { Array($0.prefix(1)) }),
                Table(rows.map { Array($0.dropLast()) }),
                Table(Array(rows.dropFirst())),
                Table(Array(rows.prefix(1))),
                Table(rows.enumerated().map { i, row in i.isMultiple(of: 2) ? row : Array(row.dropLast()) }),
                Table(rows.map { $0.map { $0.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: " ", with: "") } }),
                Table(rows.map { $0.map { _ in "" } }),
                Table(rows + rows),
            ]
            if let width = rows.map(\.count).max(), width > 0 {
                out.append(Table((0..<width).map { c in rows.map { c < $0.count ? $0[c] : "" } }))
            }
            return out
        }

        /// Runs the script in the jail on `input` and checks it against `oracle`, what the pipeline
        /// gives in Swift (nil: a step does not apply). Returns whether the pipeline applied.
        static func compare(_ script: String, on input: Table, oracle: Table?, pool: JailPool, label: String) async throws -> Bool {
            let verdict = try await pool.run(Job(source: script, entry: "transform", input: input))
            if let oracle {
                #expect(verdict == .ok(oracle), "\(label): the jail gave \(verdict.summary) where Swift gives\n\(oracle)")
                return true
            }
            guard case .runtimeError(let type, let message, _) = verdict else {
                Issue.record("\(label): Swift finds a step inapplicable, the jail gave \(verdict.summary)")
                return false
            }
            #expect(type == "NotApplicable", "\(label): \(type): \(message)")
            #expect(message.contains("does not apply"), "\(label): \(message)")
            return false
        }

        @Test(arguments: EmittedPythonDifferentialTests.taskFiles)
        func emittedProgramAgreesInTheJail(_ file: String) async throws {
            let path = JailFixtures.packageRoot.appendingPathComponent(file).path
            let tasks: [SynthesisTask<Table>] = try TaskFile.load(path)
            try #require(!tasks.isEmpty)
            for task in tasks {
                let result = try Self.solve(task)
                guard let program = result.program else {
                    // Only the benchmark's placeholder case is allowed to stay unsolved.
                    #expect(!file.hasPrefix("tasks/"), "\(file): the shipped example is not solved (\(result.status))")
                    continue
                }
                let script = PythonExporter.script(
                    for: program, comment: "Synthesized by `winnow solve` from \(path) (task \(task.id)).")
                var applied = 0
                var inapplicable = 0
                try await JailFixtures.withPool(size: 1) { pool in
                    // Held-out inputs: what `winnow solve` prints for them is the oracle.
                    try #require(result.outputs.count == task.queries.count)
                    for (q, query) in task.queries.enumerated() {
                        #expect(result.outputs[q] == program.apply(query))
                        _ = try await Self.compare(script, on: query, oracle: result.outputs[q], pool: pool, label: "\(file) query \(q)")
                        applied += 1
                    }
                    for (e, example) in task.examples.enumerated() {
                        let oracle = program.apply(example.input)
                        #expect(oracle == example.output)
                        let fits = try await Self.compare(script, on: example.input, oracle: oracle, pool: pool, label: "\(file) example \(e)")
                        #expect(fits)
                        applied += 1
                    }
                    for (q, query) in task.queries.enumerated() {
                        for (v, variation) in Self.variations(of: query).enumerated() {
                            let fits = try await Self.compare(
                                script, on: variation, oracle: program.apply(variation), pool: pool, label: "\(file) query \(q) variation \(v)")
                            if fits { applied += 1 } else { inapplicable += 1 }
                        }
                    }
                    #expect(await pool.restarts == 0)
                }
                print("EmittedPythonDifferentialTests: \(file): \(program.steps.count) steps, \(applied) tables agree, \(inapplicable) inputs refused by both")
                // Some variations are tables the program still fits, so those comparisons happened too.
                #expect(applied > task.queries.count + task.examples.count)
                // Every program refuses at least one input: the empty table, which no operator fits.
                #expect(inapplicable >= 1)
            }
        }

        /// A held-out input built to make a step inapplicable: the solver commits a program on the
        /// visible task, then a new staff list without the ID column arrives.
        @Test func heldOutInputThatAStepDoesNotFitRaisesInTheJail() async throws {
            let path = JailFixtures.packageRoot.appendingPathComponent("tasks/examples/split-last-first-names.json").path
            let task = try #require((try TaskFile.load(path, as: Table.self)).first)
            let result = try Self.solve(task)
            let program = try #require(result.program)
            let script = PythonExporter.script(for: program, comment: "Synthesized by `winnow solve` from \(path) (task \(task.id)).")
            let query = try #require(task.queries.first)
            // The same staff list with one column fewer: the program's column steps run out of columns.
            let narrow = Table(query.rows.map { Array($0.prefix(1)) })
            #expect(program.apply(query) != nil)
            #expect(program.apply(narrow) == nil, "the program \(program) still applies to \(narrow)")
            try await JailFixtures.withPool(size: 1) { pool in
                let verdict = try await pool.run(Job(source: script, entry: "transform", input: narrow))
                guard case .runtimeError(let type, let message, let line) = verdict else {
                    Issue.record("expected NotApplicable, got \(verdict.summary)")
                    return
                }
                #expect(type == "NotApplicable")
                #expect(message.contains("does not apply to this table"), "\(message)")
                #expect(line != nil)
                // The same script on the real held-out input still gives the in-process table.
                let good = try await pool.run(Job(source: script, entry: "transform", input: query))
                #expect(good == .ok(try #require(program.apply(query))))
            }
        }

        @Test func theTaskListIsWhatThePackageShips() {
            #expect(Self.taskFiles.filter { $0.hasPrefix("tasks/examples/") }.count >= 4)
            #expect(Self.taskFiles.count >= 10)
            #expect(!Self.taskFiles.contains { $0.hasSuffix("README.md") || $0.contains("LICENSE") })
        }
    }
}
