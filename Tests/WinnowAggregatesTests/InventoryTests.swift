import Foundation
import Testing
import WinnowTestSupport
@testable import WinnowAggregates
import WinnowCore

@Suite struct InventoryTests {
    /// The shipped file's JSON with `edit` applied to its operator list, parsed.
    private func parse(editing edit: (inout [[String: Any]]) -> Void, root: (inout [String: Any]) -> Void = { _ in }) throws -> AggregateInventory {
        let data = try Data(contentsOf: URL(fileURLWithPath: Checkout.path(AggregateInventory.shippedPath)))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var operators = try #require(object["operators"] as? [[String: Any]])
        edit(&operators)
        object["operators"] = operators
        root(&object)
        return try AggregateInventory.parse(object)
    }

    private func message(editing edit: (inout [[String: Any]]) -> Void, root: (inout [String: Any]) -> Void = { _ in }) -> String? {
        do {
            _ = try parse(editing: edit, root: root)
            return nil
        } catch {
            return (error as? JSONShapeError)?.message
        }
    }

    @Test func theShippedInventoryListsEveryOperator() throws {
        let inventory = try Checkout.inventory()
        #expect(inventory.operators.count >= 30)
        #expect(Set(inventory.operators) == Set(AggregateOperator.allCases))
        // Parameterised operators contribute one step per parameter value.
        #expect(inventory.steps.contains(AggregateStep(.kthLargest, 2)))
        #expect(inventory.steps.contains(AggregateStep(.filterAbove, 3)))
        #expect(inventory.price(of: try program("filter(even) | square | sum")) > inventory.price(of: try program("sum")))
    }

    @Test func anUnknownOperatorNamesTheNearestKnown() {
        let text = message(editing: { $0.append(["name": "suum", "kind": "reduce"]) })
        #expect(text?.contains("unknown operator \"suum\"") == true)
        #expect(text?.contains("did you mean \"sum\"") == true)
    }

    @Test func anUnknownFieldNamesTheNearestKnown() {
        let text = message(editing: { $0[0]["prise"] = 2 })
        #expect(text?.contains("unknown field \"prise\"") == true)
        #expect(text?.contains("did you mean \"price\"") == true)
    }

    @Test func anUnknownTopLevelKeyNamesTheNearestKnown() {
        let text = message(editing: { _ in }, root: { $0["operator"] = [] as [Any] })
        #expect(text?.contains("did you mean \"operators\"") == true)
    }

    @Test func aKindThatDoesNotMatchTheOperatorIsAnError() {
        let text = message(editing: { $0[0]["kind"] = "filter" })
        #expect(text?.contains("is a reduce, not a filter") == true)
    }

    @Test func parametersMustMatchTheOperator() {
        let missing = message(editing: { ops in
            let i = ops.firstIndex { $0["name"] as? String == "kth-largest" }!
            ops[i]["parameters"] = nil
        })
        #expect(missing?.contains("needs \"parameters\"") == true)
        let stray = message(editing: { ops in ops[0]["parameters"] = [2] })
        #expect(stray?.contains("takes no parameters") == true)
        let zero = message(editing: { ops in
            let i = ops.firstIndex { $0["name"] as? String == "kth-largest" }!
            ops[i]["parameters"] = [0]
        })
        #expect(zero?.contains("at least 1") == true)
    }

    @Test func badPricesFlagsAndDuplicatesAreErrors() {
        #expect(message(editing: { $0[0]["price"] = -1 })?.contains("positive number") == true)
        #expect(message(editing: { $0[0]["price"] = true })?.contains("positive number") == true)
        #expect(message(editing: { $0[0]["enabled"] = 1 })?.contains("true or false") == true)
        #expect(message(editing: { $0.append($0[0]) })?.contains("listed twice") == true)
        #expect(message(editing: { _ in }, root: { $0["domain"] = "table" })?.contains("\"aggregates\"") == true)
    }

    @Test func aDisabledOperatorIsNeverAStep() throws {
        let inventory = try parse(editing: { ops in
            let i = ops.firstIndex { $0["name"] as? String == "median" }!
            ops[i]["enabled"] = false
        })
        #expect(!inventory.enables(.median))
        #expect(!inventory.steps.contains { $0.op == .median })
    }

    @Test func aBadFileExitsWithTheConfigurationCode() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("file.json", #"{"domain": "aggregates", "operators": [{"name": "maxx", "kind": "reduce"}]}"#)
        do {
            _ = try AggregateInventory.load(path: path)
            Issue.record("an unknown operator loaded")
        } catch {
            #expect(error.kind == .badConfiguration)
            #expect(error.exitCode == 78)
            #expect(error.file == path)
            #expect(error.message.contains("did you mean \"max\""))
        }
    }

    @Test func aMissingFileIsMissingInput() {
        do {
            _ = try AggregateInventory.load(path: "/nonexistent/aggregates.json")
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.kind == .missingInput)
        }
    }
}
