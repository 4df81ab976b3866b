import ArgumentParser
import Foundation
import WinnowAggregates
import WinnowCore

/// `winnow generate aggregates`: seeded synthetic tasks, a training split and a held-out split whose
/// targets use operators no training target uses.
struct Generate: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write seeded synthetic tasks (train.jsonl and heldout.jsonl) for a domain.",
        discussion: """
            DOMAIN is `aggregates` (lists of numbers → a number or a list). Each task has a random \
            target program of one to three steps, six visible examples, four held-out queries and \
            their answers. Every held-out target uses at least one of \
            \(AggregateGenerator.heldoutOperators.map(\.name).joined(separator: ", ")); no training \
            target uses any of them. The same seed and inventory always give the same bytes. Both \
            files are written atomically into the output folder, which is created when missing.
            """)

    enum Domain: String, ExpressibleByArgument, CaseIterable {
        case aggregates
    }

    @Argument(help: ArgumentHelp("The domain to generate tasks for: aggregates.", valueName: "domain"))
    var domain: Domain

    @Option(help: ArgumentHelp("Seed of the generator.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Number of training tasks.", valueName: "k"))
    var train = 200

    @Option(help: ArgumentHelp("Number of held-out tasks.", valueName: "m"))
    var heldout = 100

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Folder to write train.jsonl and heldout.jsonl into.", valueName: "dir"))
    var output: String

    @Option(help: ArgumentHelp("Inventory file (default: the shipped inventories/aggregates.json).", valueName: "path"))
    var inventory: String?

    @Flag(name: .customLong("allow-ambiguous"), help: "Also keep tasks whose examples do not rule out programs one edit away from the target (harder tasks).")
    var allowAmbiguous = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard train >= 0, heldout >= 0 else { throw ValidationError("--train and --heldout must be zero or more") }
        guard train + heldout > 0 else { throw ValidationError("nothing to generate: --train and --heldout are both 0") }
    }

    func run() async throws {
        try await reportingFailures {
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
    }
}
