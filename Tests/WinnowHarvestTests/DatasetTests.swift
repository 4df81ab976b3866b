import Foundation
import Testing
import WinnowTestSupport
import WinnowCore
@testable import WinnowHarvest

/// The data set on disk: dedup, the per-task cap, family splits, resuming, byte-identical rewrites.
@Suite struct DatasetTests {
    @Test func aRecordAlreadyPresentIsADuplicateAndEachTaskIsCapped() throws {
        let scratch = try TemporaryFolder()
        var dataset = try HarvestDataset(folder: scratch.path("data"), options: HarvestOptions(maxPerTask: 2))
        let records = (0..<4).map { HarvestFixtures.record(task: "t1", program: "program \($0)") }
        let first = dataset.merge([records[0], records[0], records[1]])
        #expect(first == HarvestDataset.Merge(added: 2, duplicates: 1, capped: 0))
        let second = dataset.merge([records[2], records[3], HarvestFixtures.record(task: "t1", view: "direct", program: "answer")])
        #expect(second == HarvestDataset.Merge(added: 1, duplicates: 0, capped: 2))
        #expect(dataset.records.count == 3)
    }

    @Test func harvestingTheSameRecordsTwiceAddsNothingAndLeavesTheFilesByteIdentical() throws {
        let scratch = try TemporaryFolder()
        let folder = scratch.path("data")
        let records = (0..<30).map { HarvestFixtures.record(task: "task-\($0 % 10)", program: "p\($0)") }
        var dataset = try HarvestDataset(folder: folder)
        #expect(dataset.add(records) == 30)
        try dataset.write()
        let train = try scratch.read("data/train.jsonl"), valid = try scratch.read("data/valid.jsonl")

        var again = try HarvestDataset(folder: folder)
        #expect(again.records == dataset.records)
        #expect(again.add(records.reversed()) == 0)
        try again.write()
        #expect(try scratch.read("data/train.jsonl") == train)
        #expect(try scratch.read("data/valid.jsonl") == valid)
    }

    @Test func everyFamilyGoesToOneFileAndStaysThereWhateverElseIsHarvested() throws {
        let scratch = try TemporaryFolder()
        let families = (0..<60).map { "family-\($0)" }
        let records = families.flatMap { family in (0..<3).map { HarvestFixtures.record(task: "\(family)-task-\($0)", family: family, program: "p") } }
        var dataset = try HarvestDataset(folder: scratch.path("a"), options: HarvestOptions(validFraction: 0.3))
        _ = dataset.add(records)
        let splitOf = Dictionary(grouping: dataset.records, by: \.meta.family).mapValues { Set($0.map(\.meta.split)) }
        #expect(splitOf.values.allSatisfy { $0.count == 1 })
        #expect(!dataset.valid.isEmpty && !dataset.train.isEmpty)

        // The same families harvested alone, in another order, land in the same files.
        var other = try HarvestDataset(folder: scratch.path("b"), options: HarvestOptions(validFraction: 0.3))
        _ = other.add(Array(records.suffix(20).reversed()))
        for record in other.records { #expect(splitOf[record.meta.family] == [record.meta.split]) }
    }

    @Test func aFamilyKeepsTheSplitItAlreadyHasWhenTheFractionChanges() throws {
        let scratch = try TemporaryFolder()
        var dataset = try HarvestDataset(folder: scratch.path("data"), options: HarvestOptions(validFraction: 1))
        _ = dataset.add([HarvestFixtures.record(task: "a-1", family: "a", program: "p")])
        try dataset.write()
        var resumed = try HarvestDataset(folder: scratch.path("data"), options: HarvestOptions(validFraction: 0))
        _ = resumed.add([HarvestFixtures.record(task: "a-2", family: "a", program: "p"), HarvestFixtures.record(task: "b-1", family: "b", program: "p")])
        #expect(resumed.valid.map(\.meta.taskID) == ["a-1", "a-2"])
        #expect(resumed.train.map(\.meta.taskID) == ["b-1"])
    }

    @Test func everyLineHasExactlyMessagesAndMetaWithTheSameTypedKeys() throws {
        let scratch = try TemporaryFolder()
        var dataset = try HarvestDataset(folder: scratch.path("data"), options: HarvestOptions(validFraction: 0))
        _ = dataset.add([HarvestFixtures.record(task: "a", program: "p"), HarvestFixtures.record(task: "b", view: "direct", program: "q")])
        try dataset.write()
        let lines = try String(decoding: scratch.read("data/train.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        var shapes: Set<String> = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["messages", "meta"])
            let meta = try #require(object["meta"] as? [String: Any])
            shapes.insert(meta.keys.sorted().map { "\($0):\(meta[$0] is String ? "s" : "n")" }.joined(separator: ","))
            #expect(!meta.values.contains { $0 is NSNull })
        }
        #expect(shapes.count == 1)
    }

    @Test func aMalformedExistingFileIsRefusedWithItsLine() throws {
        let scratch = try TemporaryFolder()
        var dataset = try HarvestDataset(folder: scratch.path("data"), options: HarvestOptions(validFraction: 0))
        _ = dataset.add([HarvestFixtures.record(task: "a", program: "p")])
        try dataset.write()
        let good = try String(decoding: scratch.read("data/train.jsonl"), as: UTF8.self)
        try scratch.write("data/train.jsonl", good + good.replacingOccurrences(of: "\"round\":0", with: "\"round\":null"))
        let error = #expect(throws: WinnowError.self) { try HarvestDataset(folder: scratch.path("data")) }
        #expect(error?.kind == .badInput)
        #expect(error?.message.contains("line 2") == true)
    }
}
