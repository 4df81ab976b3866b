import ArgumentParser
import WinnowCore
import WinnowLearn
import WinnowSearch
import WinnowTables

/// The search settings `solve` and `bench` share, so both read the same flags the same way.
struct SearchOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Inventory file (default: $WINNOW_INVENTORY, else inventories/tables.json found above the working folder or the executable).",
        valueName: "file"))
    var inventory: String?

    @Option(name: .customLong("text-inventory"), help: ArgumentHelp(
        "Text inventory for cell programs (default: inventories/text.json found like the inventory; one with derive and replace disabled turns cell programs off).",
        valueName: "file"))
    var textInventory: String?

    @Option(name: .customLong("max-nodes"), help: ArgumentHelp("Search states expanded per task before giving up.", valueName: "n"))
    var maxNodes: Int = SearchBudget().maxExpansions

    @Option(help: ArgumentHelp("Wall-clock budget per task.", valueName: "seconds"))
    var timeout: Double = Double(SearchBudget().maxDuration.components.seconds)

    @Option(name: .customLong("max-memory"), help: ArgumentHelp(
        "Resident memory of the process, in MiB, at which the search stops with status memory (exit 5) instead of being killed by the kernel; 0: no ceiling.",
        valueName: "MiB"))
    var maxMemory: Int = SearchBudget.defaultMaxMemory >> 20

    @Flag(name: .customLong("no-sampling"), help: "Search every row of a large example instead of a sample verified on all of them (the control of docs/scale.md).")
    var noSampling = false

    @Option(help: ArgumentHelp(
        "Learned search prior that orders the search's expansions (default: none, every step at its inventory cost). See docs/search-prior.md.",
        valueName: "file"))
    var prior: String?

    @Option(name: .customLong("commit-share"), help: ArgumentHelp(
        "Commit only when the programs that agree on the held-out input hold more than this share of belief; otherwise abstain and show where they disagree (0 always commits the leading behaviour). See docs/ambiguity.md.",
        valueName: "p"))
    var commitShare: Double = TableGate().threshold

    @Option(name: .customLong("extrapolation-penalty"), help: ArgumentHelp(
        "What a consistent program pays in the ranking, in operator prices, for counting its anchor token (the space it splits at) a number of times no example row had on every held-out row (0 ranks by price alone: the control). See docs/ambiguity.md.",
        valueName: "price"))
    var extrapolationPenalty: Double = ProgramRanking.defaultExtrapolationPenalty

    func validate() throws {
        guard extrapolationPenalty >= 0, extrapolationPenalty.isFinite else {
            throw ValidationError("--extrapolation-penalty must be a number of operator prices, 0 or more")
        }
        guard (0..<1).contains(commitShare) else { throw ValidationError("--commit-share must be at least 0 and below 1") }
        guard maxNodes > 0 else { throw ValidationError("--max-nodes must be positive") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard maxMemory >= 0, maxMemory <= Int.max >> 20 else { throw ValidationError("--max-memory must be a number of MiB, 0 for no ceiling") }
    }

    var budget: SearchBudget {
        SearchBudget(
            maxExpansions: maxNodes, maxDuration: .milliseconds(Int((timeout * 1000).rounded())),
            maxMemory: maxMemory == 0 ? nil : maxMemory << 20)
    }

    func loadInventory() throws(WinnowError) -> Inventory {
        try InventoryLocator.load(explicit: inventory, text: textInventory)
    }

    /// The `--prior` file's prior, or `nil` without one: missing exits 66, unusable 78.
    func loadPrior() throws(WinnowError) -> (any OperatorPrior)? {
        try prior.map { path throws(WinnowError) in try LearnedSearchPrior.load(path: path) }
    }

    /// The visible-example gate with `--commit-share`.
    var gate: TableGate { TableGate(threshold: commitShare) }

    /// A solver with these settings: the inventory, the budget and the prior, all loaded and checked.
    func solver(parallel: Bool = true) throws(WinnowError) -> TableSolver {
        var solver = TableSolver(inventory: try loadInventory(), budget: budget, parallel: parallel, prior: try loadPrior())
        solver.sampling = !noSampling
        solver.extrapolationPenalty = extrapolationPenalty
        return solver
    }
}
