import Foundation
import WinnowCore
import WinnowTables
import WinnowText

/// Finds the table inventory a command should use.
///
/// Order: `--inventory`, then `$WINNOW_INVENTORY`, then `inventories/tables.json` in the working
/// directory or any folder above it, then the same beside the executable or above it (so a built
/// binary run from anywhere in the checkout finds the shipped file). The text inventory that prices
/// and enables cell programs (`derive`, `replace`) is found the same way: `--text-inventory`, then
/// `inventories/text.json`; one with both operators disabled turns cell programs off.
enum InventoryLocator {
    static func load(explicit: String?, text: String?) throws(WinnowError) -> Inventory {
        var inventory = try loadTables(explicit: explicit)
        inventory.text = try loadText(explicit: text)
        return inventory
    }

    private static func loadText(explicit: String?) throws(WinnowError) -> TextInventory {
        if let explicit { return try TextInventory.load(path: explicit) }
        let relative = "inventories/text.json"
        if let found = ConfigurationFile.locateShipped(relative) { return try TextInventory.load(path: found) }
        throw WinnowError(.missingInput, file: relative, "not found; pass --text-inventory PATH")
    }

    private static func loadTables(explicit: String?) throws(WinnowError) -> Inventory {
        if let explicit { return try Inventory.load(path: explicit) }
        if let env = ProcessInfo.processInfo.environment["WINNOW_INVENTORY"], !env.isEmpty {
            return try Inventory.load(path: env)
        }
        let relative = "inventories/tables.json"
        if let found = ConfigurationFile.locateShipped(relative) { return try Inventory.load(path: found) }
        throw WinnowError(.missingInput, file: relative, "not found; pass --inventory PATH or set WINNOW_INVENTORY")
    }
}
