import ArgumentParser
import WinnowCore
import WinnowSearch
import WinnowTables

/// The search settings `solve` and `bench` share, so both read the same flags the same way.
struct SearchOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Inventory file (default: $WINNOW_INVENTORY, else inventories/tables.json found above the working folder or the executable).",
        valueName: "file"))
    var inventory: String?

    @Option(name: .customLong("max-nodes"), help: ArgumentHelp("Search states expanded per task before giving up.", valueName: "n"))
    var maxNodes: Int = SearchBudget().maxExpansions

    @Option(help: ArgumentHelp("Wall-clock budget per task.", valueName: "seconds"))
    var timeout: Double = Double(SearchBudget().maxDuration.components.seconds)

    func validate() throws {
        guard maxNodes > 0 else { throw ValidationError("--max-nodes must be positive") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    var budget: SearchBudget {
        SearchBudget(maxExpansions: maxNodes, maxDuration: .milliseconds(Int((timeout * 1000).rounded())))
    }

    func loadInventory() throws(WinnowError) -> Inventory {
        try InventoryLocator.load(explicit: inventory)
    }
}
