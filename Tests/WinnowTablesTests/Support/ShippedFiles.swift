import Foundation
import WinnowTables
import WinnowText

/// Locates files the package ships (the inventory) from the tests, wherever the checkout lives.
enum ShippedFiles {
    /// The package root, found by walking up from this file to the folder holding `Package.swift`.
    static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// Path of `inventories/tables.json`.
    static let inventoryPath = packageRoot.appendingPathComponent("inventories/tables.json").path

    /// The shipped table inventory.
    static func inventory() throws -> Inventory {
        try Inventory.load(path: inventoryPath)
    }

    /// The shipped table inventory with the shipped text inventory attached, as the command line
    /// loads them: cell programs on.
    static func inventoryWithCellPrograms() throws -> Inventory {
        var inventory = try inventory()
        inventory.text = try TextInventory.load(path: packageRoot.appendingPathComponent("inventories/text.json").path)
        return inventory
    }
}
