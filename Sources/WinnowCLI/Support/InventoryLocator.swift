import Foundation
import WinnowCore
import WinnowTables

/// Finds the table inventory a command should use.
///
/// Order: `--inventory`, then `$WINNOW_INVENTORY`, then `inventories/tables.json` in the working
/// directory or any folder above it, then the same beside the executable or above it (so a built
/// binary run from anywhere in the checkout finds the shipped file).
enum InventoryLocator {
    static func load(explicit: String?) throws(WinnowError) -> Inventory {
        if let explicit { return try Inventory.load(path: explicit) }
        if let env = ProcessInfo.processInfo.environment["WINNOW_INVENTORY"], !env.isEmpty {
            return try Inventory.load(path: env)
        }
        let relative = "inventories/tables.json"
        if let found = ConfigurationFile.locateShipped(relative) { return try Inventory.load(path: found) }
        throw WinnowError(.missingInput, file: relative, "not found; pass --inventory PATH or set WINNOW_INVENTORY")
    }
}
