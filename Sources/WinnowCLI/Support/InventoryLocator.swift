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
        let starts = [
            FileManager.default.currentDirectoryPath,
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path,
        ]
        for start in starts {
            var folder = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = folder.appendingPathComponent(relative).path
                if FileManager.default.fileExists(atPath: candidate) { return try Inventory.load(path: candidate) }
                folder.deleteLastPathComponent()
            }
        }
        throw WinnowError(.missingInput, file: relative, "not found; pass --inventory PATH or set WINNOW_INVENTORY")
    }
}
