import Foundation
import WinnowTables

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
}
