import Foundation
import Testing
import WinnowTestSupport
import WinnowAggregates
import WinnowCore

@Suite struct AggregateValueTests {
    @Test func numbersEqualToNineSignificantDigits() {
        #expect(AggregateValue.number(0.1 + 0.2) == .number(0.3))
        #expect(AggregateValue.number(0.1 + 0.2).hashValue == AggregateValue.number(0.3).hashValue)
        #expect(AggregateValue.number(1.0 / 3) == .number(0.333333333))
        #expect(AggregateValue.number(-0.0) == .number(0))
        #expect(AggregateValue.number(1) != .number(1.000001))
        #expect(AggregateValue.number(123_456_789) != .number(123_456_788))
        #expect(AggregateValue.list([0.1 + 0.2, 1]) == .list([0.3, 1]))
        #expect(Set([AggregateValue.list([0.1 + 0.2]), .list([0.3])]).count == 1)
    }

    @Test func aNumberIsNeverAList() {
        #expect(AggregateValue.number(3) != .list([3]))
        #expect(AggregateValue.list([]) != .list([0]))
    }

    @Test func valuesPrintInCanonicalForm() {
        #expect(AggregateValue.number(6).description == "6")
        #expect(AggregateValue.number(0.1 + 0.2).description == "0.3")
        #expect(AggregateValue.number(1.0 / 3).description == "0.333333333")
        #expect(AggregateValue.list([1, -2, 2.5]).description == "[1, -2, 2.5]")
    }

    @Test func jsonReadsNumbersAndListsOfNumbers() throws {
        #expect(try AggregateValue(jsonObject: NSNumber(value: 3), at: "x") == .number(3))
        #expect(try AggregateValue(jsonObject: [NSNumber(value: 1), NSNumber(value: 2.5)], at: "x") == .list([1, 2.5]))
        #expect(try AggregateValue(jsonObject: [Any](), at: "x") == .list([]))
    }

    @Test(arguments: ["true", "[1, false]", "\"3\"", "[[1]]", "null", "[1, \"a\"]", "{\"a\": 1}"])
    func jsonRejectsAnythingElseWithItsLocation(_ text: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(throws: JSONShapeError.self) { try AggregateValue(jsonObject: object, at: "examples[0].input") }
        do {
            _ = try AggregateValue(jsonObject: object, at: "examples[0].input")
        } catch {
            #expect(error.message.hasPrefix("examples[0].input"))
        }
    }

    @Test func jsonWritesWholeNumbersAsIntegers() throws {
        let data = try JSONSerialization.data(withJSONObject: AggregateValue.list([2, 0.1 + 0.2, -0.0]).jsonObject)
        #expect(String(decoding: data, as: UTF8.self) == "[2,0.3,0]")
    }

    @Test func aNativeTaskFileRoundTrips() throws {
        let original = task(
            "round-trip", target: try program("filter(even) | square | sum"),
            inputs: [[1, 2, 3], [4, -6], [0.5, 2]], queries: [[8], [], [1, 3]])
        let data = try JSONSerialization.data(withJSONObject: original.jsonObject, options: [.sortedKeys])
        let folder = try TemporaryFolder()
        let path = try folder.write("file.json", String(decoding: data, as: UTF8.self))
        let loaded = try TaskFile.load(path, as: AggregateValue.self)
        #expect(loaded.count == 1)
        let back = try #require(loaded.first)
        #expect(back.id == original.id)
        #expect(back.domain == "aggregates")
        #expect(back.examples == original.examples)
        #expect(back.queries == original.queries)
        #expect(back.answers == original.answers)
    }

    @Test func aBadValueInATaskFileNamesItsLine() throws {
        let text = """
            {"id": "a", "domain": "aggregates", "examples": [{"input": [1, 2], "output": 3}]}
            {"id": "b", "domain": "aggregates", "examples": [{"input": [1, true], "output": 3}]}
            """
        let folder = try TemporaryFolder()
        let path = try folder.write("tasks.jsonl", text)
        #expect(throws: WinnowError.self) { try TaskFile.load(path, as: AggregateValue.self) }
        do {
            _ = try TaskFile.load(path, as: AggregateValue.self)
        } catch {
            #expect(error.kind == .badInput)
            #expect(error.file?.hasSuffix(":2") == true)
            #expect(error.message.contains("examples[0].input item 1 is a boolean"))
        }
    }

    @Test func theShippedTaskFilesLoad() throws {
        for (name, count) in [("train", 200), ("heldout", 100)] {
            let tasks = try TaskFile.load(Checkout.path("tasks/aggregates/\(name).jsonl"), as: AggregateValue.self)
            #expect(tasks.count == count)
            for task in tasks {
                #expect(task.domain == "aggregates")
                #expect(task.examples.count == 6)
                #expect(task.answers?.count == task.queries.count)
                #expect(task.answers?.allSatisfy { $0 != nil } == true)
            }
        }
    }
}
