import ArgumentParser
import Foundation
import WinnowCore
import WinnowSearch
import WinnowTables

/// `winnow bench DIR`: solve every task in a folder and score the committed programs.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every task in a folder and score it against its held-out answer.")

    @Argument(help: "Folder of task files (e.g. the 250 Foofah cases).")
    var directory: String

    @Option(help: "Inventory file (default: inventories/tables.json).")
    var inventory: String?

    @Option(name: .customLong("max-nodes"), help: "Expansion budget per case.")
    var maxNodes: Int = 20_000

    @Option(help: "Wall-clock budget per case, in seconds.")
    var timeout: Double = 10

    @Option(help: "Cases solved at once (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func run() async throws {
        try await reportingFailures {
            let inventory = try InventoryLocator.load(explicit: inventory)
            let files = try listTaskFiles(directory)
            let solver = TableSolver(
                inventory: inventory,
                budget: SearchBudget(maxExpansions: maxNodes, maxDuration: .milliseconds(Int(timeout * 1000))),
                parallel: false)
            let clock = ContinuousClock()
            let started = clock.now
            let cases = await runAll(files, solver: solver, jobs: max(1, jobs))
            let total = clock.now - started
            let report = BenchReport(cases: cases, totalSeconds: Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18)
            if json {
                print(try report.jsonText())
            } else {
                print(report.table())
            }
        }
    }

    private func listTaskFiles(_ directory: String) throws(WinnowError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw WinnowError(.missingInput, file: directory, "is not a readable folder")
        }
        let files = names.filter { ($0.hasSuffix(".json") || $0.hasSuffix(".txt") || $0.hasSuffix(".jsonl")) && !$0.hasPrefix(".") && $0 != "README.md" && !$0.hasPrefix("LICENSE") }
            .sorted()
            .map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }
        if files.isEmpty { throw WinnowError(.missingInput, file: directory, "holds no task files") }
        return files
    }

    private func runAll(_ files: [String], solver: TableSolver, jobs: Int) async -> [BenchCase] {
        await withTaskGroup(of: (Int, BenchCase).self) { group in
            var results = [BenchCase?](repeating: nil, count: files.count)
            var next = 0
            for _ in 0..<min(jobs, files.count) {
                let i = next
                group.addTask { (i, runBenchCase(path: files[i], solver: solver)) }
                next += 1
            }
            while let (i, result) = await group.next() {
                results[i] = result
                if next < files.count {
                    let j = next
                    group.addTask { (j, runBenchCase(path: files[j], solver: solver)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}
