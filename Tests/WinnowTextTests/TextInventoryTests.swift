import Foundation
import Testing
import WinnowCore
@testable import WinnowText

@Suite struct TextInventoryTests {
    @Test func theShippedInventoryLoadsAndEnablesEveryPart() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../inventories/text.json").path
        let inventory = try TextInventory.load(path: path)
        #expect(Set(inventory.costs.keys) == Set(TextInventory.knownParts.keys))
        #expect(inventory == TextInventory.standard)
    }

    @Test func anUnknownPartOrFieldIsAnErrorNotASilentSkip() {
        #expect(throws: JSONShapeError("unknown part \"substr\" (known: \(TextInventory.knownParts.keys.sorted().joined(separator: ", ")))")) {
            try TextInventory.parse(["parts": ["substr": [:] as [String: Any]]])
        }
        #expect(throws: JSONShapeError("part \"case\" has unknown field \"map\"")) {
            try TextInventory.parse(["parts": ["case": ["map": ["upper"]]]])
        }
        #expect(throws: JSONShapeError("case maps \"shout\" is not one of keep, lower, upper, title, capitalize")) {
            try TextInventory.parse(["parts": ["case": ["maps": ["shout"]]]])
        }
        #expect(throws: JSONShapeError("part \"constant\" field \"cost\" must be a positive number")) {
            try TextInventory.parse(["parts": ["constant": ["cost": -1]]])
        }
        #expect(throws: JSONShapeError("\"domain\" must be \"text\" for a text inventory")) {
            try TextInventory.parse(["domain": "table", "parts": [:] as [String: Any]])
        }
    }

    @Test func aDisabledPartIsNeverUsed() throws {
        let noCase = try TextInventory.parse(["parts": ["substring": [:] as [String: Any], "case": ["enabled": false]]])
        #expect(!noCase.enables("case"))
        let programs = CellSynthesizer(inventory: noCase).learn(rows: [["nancy"]], outputs: ["NANCY"])
        #expect(programs.isEmpty)
    }
}
