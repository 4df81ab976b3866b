import ArgumentParser
import Foundation
import WinnowAggregates
import WinnowCore
import WinnowTables

/// `winnow generate DOMAIN`: seeded synthetic tasks in a training split and a held-out split.
struct Generate: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write seeded synthetic tasks (train.jsonl and heldout.jsonl) for a domain.",
        discussion: """
            DOMAIN is `aggregates` (lists of numbers → a number or a list) or `tables` (messy \
            spreadsheets → reshaped tables).

            aggregates: each task has a random target program of one to three steps, six visible \
            examples, four held-out queries and their answers. Every held-out target uses at least one \
            of \(AggregateGenerator.heldoutOperators.map(\.name).joined(separator: ", ")); no training \
            target uses any of them.

            tables: each task is a generated messy table (names, dates, money, codes, addresses, \
            phones; headers, blank and merged cells; record, wide, key/value, long and stacked \
            layouts) and a random pipeline of one to four operators the table inventory enables, each \
            changing its input; the table and its result are the visible example, and one or two fresh \
            tables of the same layout are the held-out queries. A task is kept only when no shorter \
            pipeline gives the same output and the search could reach every step. Each line also \
            carries the pipeline (`target`) and its operator names (`family`). The two splits are \
            drawn from separate streams.

            The same seed and inventory always give the same bytes. Both files are written atomically \
            into the output folder, which is created when missing.
            """)

    enum Domain: String, ExpressibleByArgument, CaseIterable {
        case aggregates, tables
    }

    @Argument(help: ArgumentHelp("The domain to generate tasks for: aggregates or tables.", valueName: "domain"))
    var domain: Domain

    @Option(help: ArgumentHelp("Seed of the generator.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Number of training tasks.", valueName: "k"))
    var train = 200

    @Option(help: ArgumentHelp("Number of held-out tasks.", valueName: "m"))
    var heldout = 100

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Folder to write train.jsonl and heldout.jsonl into.", valueName: "dir"))
    var output: String

    @Option(help: ArgumentHelp(
        "Inventory file (default: the shipped inventories/aggregates.json; for tables $WINNOW_INVENTORY, else inventories/tables.json).",
        valueName: "path"))
    var inventory: String?

    @Option(name: .customLong("text-inventory"), help: ArgumentHelp(
        "tables only: text inventory for the derive and replace steps (default: inventories/text.json found like the inventory; one with derive and replace disabled turns cell programs off).",
        valueName: "file"))
    var textInventory: String?

    @Flag(name: .customLong("allow-ambiguous"), help: "aggregates only: also keep tasks whose examples do not rule out programs one edit away from the target (harder tasks).")
    var allowAmbiguous = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard train >= 0, heldout >= 0 else { throw ValidationError("--train and --heldout must be zero or more") }
        guard train + heldout > 0 else { throw ValidationError("nothing to generate: --train and --heldout are both 0") }
        if allowAmbiguous, domain != .aggregates { throw ValidationError("--allow-ambiguous applies to aggregates only") }
    }

    func run() async throws {
        try await reportingFailures {
            switch domain {
            case .aggregates: try generateAggregates()
            case .tables: try generateTables()
            }
        }
    }

    private func generateAggregates() throws(WinnowError) {
        let inventory = try AggregateInventory.locate(explicit: inventory)
        var generator = AggregateGenerator(inventory: inventory, seed: seed)
        generator.decisiveExamples = !allowAmbiguous
        let tasks = try generator.generate(train: train, heldout: heldout)
        let paths = try AggregateTaskWriter.write(train: tasks.train, heldout: tasks.heldout, to: output)
        StandardStreams.output("""
            wrote \(tasks.train.count) training tasks to \(paths.train)
            wrote \(tasks.heldout.count) held-out tasks to \(paths.heldout)
            seed \(seed); reserved for held-out targets: \(AggregateGenerator.heldoutOperators.map(\.name).joined(separator: ", "))
            """)
    }

    private func generateTables() throws(WinnowError) {
        let generator = TableTaskGenerator(inventory: try InventoryLocator.load(explicit: inventory, text: textInventory), seed: seed)
        let trainTasks = generator.generate(count: train, split: "train")
        let heldoutTasks = generator.generate(count: heldout, split: "heldout")
        guard trainTasks.count == train, heldoutTasks.count == heldout else {
            throw WinnowError(.badConfiguration, "the inventory enables too few operators to make \(train) + \(heldout) table tasks")
        }
        let paths = try TableTaskWriter.write(train: trainTasks, heldout: heldoutTasks, to: output)
        StandardStreams.output("""
            wrote \(trainTasks.count) training tasks to \(paths.train)
            wrote \(heldoutTasks.count) held-out tasks to \(paths.heldout)
            seed \(seed); families: \(Set((trainTasks + heldoutTasks).map(\.family)).count)
            """)
    }
}
