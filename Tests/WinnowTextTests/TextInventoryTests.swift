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

    /// A filter keeps token classes only; the shipped inventory offers digits and capitals, and an
    /// inventory may offer others or none.
    @Test func aFilterKeepsTheClassesItsInventoryNames() throws {
        #expect(TextInventory.standard.filterClasses == [.digits, .upper])
        let letters = try TextInventory.parse(["parts": ["substring": [:] as [String: Any], "filter": ["keep": ["letters"]]]])
        #expect(letters.filterClasses == [.letters])
        #expect(throws: JSONShapeError("token \"vowels\" is not one of digits, letters, upper, lower, alphanumeric, whitespace, punctuation")) {
            try TextInventory.parse(["parts": ["filter": ["keep": ["vowels"]]]])
        }
        let none = try TextInventory.parse(["parts": ["substring": [:] as [String: Any]]])
        let learned = CellSynthesizer(inventory: none).learn(rows: [["(425) 555-0134"]], outputs: ["4255550134"])
        #expect(!learned.contains { $0.program.otherwise.contains { if case .filter = $0 { true } else { false } } })
    }

    /// The saving for a branch that tests for the text it writes is an inventory price, so that its
    /// control (0.2, the saving before stop 31) is a file away.
    @Test func theWrittenTextDiscountIsReadFromTheConditional() throws {
        let parts: [String: Any] = ["substring": [:] as [String: Any], "constant": [:] as [String: Any]]
        var low = parts
        low["conditional"] = ["written-text-discount": 0.2]
        #expect(try TextInventory.parse(["parts": low]).writtenTextDiscount == 0.2)
        var bad = parts
        bad["conditional"] = ["written-text-discount": "a lot"]
        #expect(throws: JSONShapeError("conditional written-text-discount must be a number of at least 0")) {
            try TextInventory.parse(["parts": bad])
        }
        let rows = [["Boston College", "Bostn, MA, USA"], ["USC", "San Diego, CA"], ["Duke University", "Durham, North Carolina, USA"]]
        let outputs = ["Bostn, MA, USA", "San Diego, CA, USA", "Durham, NC, USA"]
        var control = TextInventory.standard
        control.writtenTextDiscount = 0.2
        let standard = CellSynthesizer().learn(rows: rows, outputs: outputs).first
        let cheaper = CellSynthesizer(inventory: control).learn(rows: rows, outputs: outputs).first
        #expect(standard != nil && cheaper != nil && standard?.program != cheaper?.program)
    }

    /// The two charges that keep a number one value are inventory prices, so that their control
    /// (0, the ranking before them) is a file away.
    @Test func theNumberChargesAreReadFromTheirParts() throws {
        #expect(TextInventory.standard.numberSpliceCharge == 2 && TextInventory.standard.heldConstantCharge == 2)
        let off = try TextInventory.parse([
            "parts": ["constant": ["number-splice-charge": 0], "arithmetic": ["held-constant-charge": 0.5]]
        ])
        #expect(off.numberSpliceCharge == 0 && off.heldConstantCharge == 0.5)
        #expect(throws: JSONShapeError("constant number-splice-charge must be a number of at least 0")) {
            try TextInventory.parse(["parts": ["constant": ["number-splice-charge": -1]]])
        }
        // 0 and 1 as JSON read them (NSNumbers that also cast to Bool) are numbers; `true` is not.
        let zero = try TextInventory.parse(JSONSerialization.jsonObject(with: Data(#"{"parts": {"constant": {"number-splice-charge": 0}}}"#.utf8)))
        #expect(zero.numberSpliceCharge == 0)
        #expect(throws: JSONShapeError("constant number-splice-charge must be a number of at least 0")) {
            try TextInventory.parse(JSONSerialization.jsonObject(with: Data(#"{"parts": {"constant": {"number-splice-charge": true}}}"#.utf8)))
        }
        let control = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../inventories/text-control-no-number-charges.json").path
        let loaded = try TextInventory.load(path: control)
        #expect(loaded.numberSpliceCharge == 0 && loaded.heldConstantCharge == 0)
        var standardOff = TextInventory.standard
        standardOff.numberSpliceCharge = 0
        standardOff.heldConstantCharge = 0
        #expect(loaded == standardOff)
        #expect(throws: JSONShapeError("part \"number\" has unknown field \"held-constant-charge\"")) {
            try TextInventory.parse(["parts": ["number": ["held-constant-charge": 1]]])
        }
    }

    @Test func aDisabledPartIsNeverUsed() throws {
        let noCase = try TextInventory.parse(["parts": ["substring": [:] as [String: Any], "case": ["enabled": false]]])
        #expect(!noCase.enables("case"))
        let programs = CellSynthesizer(inventory: noCase).learn(rows: [["nancy"]], outputs: ["NANCY"])
        #expect(programs.isEmpty)
    }
}
