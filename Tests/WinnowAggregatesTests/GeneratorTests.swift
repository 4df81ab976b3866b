import Foundation
import Testing
@testable import WinnowAggregates
import WinnowCore

@Suite struct GeneratorTests {
    private func bytes(seed: UInt64, train: Int = 20, heldout: Int = 10) throws -> (train: String, heldout: String) {
        let tasks = try AggregateGenerator(inventory: try Checkout.inventory(), seed: seed).generate(train: train, heldout: heldout)
        return (try AggregateTaskWriter.jsonLines(tasks.train), try AggregateTaskWriter.jsonLines(tasks.heldout))
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        let a = try bytes(seed: 42), b = try bytes(seed: 42)
        #expect(a.train == b.train)
        #expect(a.heldout == b.heldout)
        #expect(try bytes(seed: 43).train != a.train)
    }

    @Test func trainingTasksDoNotDependOnTheHeldOutCount() throws {
        #expect(try bytes(seed: 5, train: 10, heldout: 3).train == (try bytes(seed: 5, train: 10, heldout: 12).train))
        // Nor on how many follow them.
        let short = try bytes(seed: 5, train: 4, heldout: 0).train
        #expect(try bytes(seed: 5, train: 10, heldout: 0).train.hasPrefix(short))
    }

    @Test func reservedOperatorsAppearOnlyInHeldOutTargets() throws {
        let reserved = Set(AggregateGenerator.heldoutOperators)
        let tasks = try AggregateGenerator(inventory: try Checkout.inventory(), seed: 11).generate(train: 80, heldout: 40)
        #expect(tasks.train.allSatisfy { $0.target.operators.isDisjoint(with: reserved) })
        #expect(tasks.heldout.allSatisfy { !$0.target.operators.isDisjoint(with: reserved) })
    }

    @Test func everyTaskIsInformativeAndAnswered() throws {
        let inventory = try Checkout.inventory()
        let generator = AggregateGenerator(inventory: inventory, seed: 3)
        let tasks = try generator.generate(train: 40, heldout: 20)
        for made in tasks.train + tasks.heldout {
            let task = made.task
            #expect(task.domain == "aggregates")
            #expect(task.examples.count == 6)
            #expect(task.queries.count == 4)
            #expect((1...3).contains(made.target.steps.count) && made.target.isWellFormed)
            #expect(task.examples.allSatisfy { made.target.apply($0.input) == $0.output })
            #expect(zip(task.queries, task.answers ?? []).allSatisfy { made.target.apply($0) == $1 && $1 != nil })
            #expect(Set(task.examples.map(\.output)).count >= 3, "\(task.id)")
            #expect(AggregateGenerator.covers(task.examples.compactMap(\.input.list)))
            // No program one edit away reproduces the examples unless it is the same function.
            for neighbour in generator.neighbours(of: made.target)
            where task.examples.allSatisfy({ neighbour.apply($0.input) == $0.output }) {
                #expect(AggregateGenerator.equivalent(neighbour, made.target), "\(task.id): \(made.target) vs \(neighbour)")
            }
        }
    }

    @Test func theHeldOutSplitNeedsAReservedOperator() throws {
        let reserved = Set(AggregateGenerator.heldoutOperators)
        let entries = try Checkout.inventory().entries.map { entry in
            var entry = entry
            if reserved.contains(entry.op) { entry.enabled = false }
            return entry
        }
        let generator = AggregateGenerator(inventory: AggregateInventory(entries: entries), seed: 1)
        #expect(throws: WinnowError.self) { try generator.generate(.heldout, count: 1) }
        #expect(try generator.generate(.train, count: 2).count == 2)
    }

    @Test func theShippedFilesAreSeedOneAndKeepTheSplit() throws {
        let shipped = (
            train: try String(contentsOfFile: Checkout.path("tasks/aggregates/train.jsonl"), encoding: .utf8),
            heldout: try String(contentsOfFile: Checkout.path("tasks/aggregates/heldout.jsonl"), encoding: .utf8))
        let regenerated = try bytes(seed: 1, train: 200, heldout: 100)
        #expect(shipped.train == regenerated.train)
        #expect(shipped.heldout == regenerated.heldout)
        let reserved = Set(AggregateGenerator.heldoutOperators)
        for (text, isHeldout) in [(shipped.train, false), (shipped.heldout, true)] {
            for line in text.split(separator: "\n") {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let target = try program(try #require(object["target"] as? String))
                #expect(target.operators.isDisjoint(with: reserved) != isHeldout, "\(target)")
            }
        }
    }

    @Test func writesBothFilesIntoANewFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-generate-\(UUID().uuidString)/nested").path
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: folder).deletingLastPathComponent().path) }
        let tasks = try AggregateGenerator(inventory: try Checkout.inventory(), seed: 9).generate(train: 3, heldout: 2)
        let paths = try AggregateTaskWriter.write(train: tasks.train, heldout: tasks.heldout, to: folder)
        #expect(try TaskFile.load(paths.train, as: AggregateValue.self).count == 3)
        #expect(try TaskFile.load(paths.heldout, as: AggregateValue.self).map(\.id) == tasks.heldout.map(\.task.id))
    }
}
