import Foundation
import Testing
import WinnowCore
@testable import WinnowTables

@Suite struct TableTaskGeneratorTests {
    /// Tasks of the shipped inventory, made once for the checks that only read them.
    static let pool: [GeneratedTableTask] = {
        let inventory = try! ShippedFiles.inventory()
        return TableTaskGenerator(inventory: inventory, seed: 11).generate(count: 40, split: "train")
    }()

    @Test func theSameSeedGivesTheSameBytes() throws {
        let generator = TableTaskGenerator(inventory: try ShippedFiles.inventory(), seed: 5)
        let first = try TableTaskWriter.jsonLines(generator.generate(count: 12, split: "train"))
        let again = try TableTaskWriter.jsonLines(generator.generate(count: 12, split: "train"))
        #expect(first == again)
        let reseeded = TableTaskGenerator(inventory: try ShippedFiles.inventory(), seed: 6)
        #expect(first != (try TableTaskWriter.jsonLines(reseeded.generate(count: 12, split: "train"))))
    }

    @Test func askingForMoreTasksKeepsTheFirstOnes() throws {
        let generator = TableTaskGenerator(inventory: try ShippedFiles.inventory(), seed: 5)
        let few = try TableTaskWriter.jsonLines(generator.generate(count: 4, split: "train"))
        let more = try TableTaskWriter.jsonLines(generator.generate(count: 8, split: "train"))
        #expect(more.hasPrefix(few))
    }

    @Test func splitsShareNoTable() throws {
        let generator = TableTaskGenerator(inventory: try ShippedFiles.inventory(), seed: 5)
        let tables = { (split: String) in
            Set(generator.generate(count: 20, split: split).flatMap { [$0.task.examples[0].input] + $0.task.queries })
        }
        #expect(tables("train").isDisjoint(with: tables("heldout")))
    }

    @Test func idsAreNumberedWithinTheSplitAndFamiliesNameTheTarget() {
        let ids = Self.pool.map(\.task.id)
        #expect(ids == (1...40).map { "synthetic-train-" + String(format: "%04d", $0) })
        for generated in Self.pool {
            #expect(generated.family == generated.target.steps.map(\.name).joined(separator: ">"))
            #expect(generated.task.domain == "table")
        }
    }

    @Test func everyStepChangesItsInputAndTheAnswersAreTheTargetsOutputs() throws {
        for generated in Self.pool {
            let task = generated.task
            let example = try #require(task.examples.first)
            #expect(task.examples.count == 1)
            #expect((1...4).contains(generated.target.steps.count), "\(task.id)")
            var current = example.input
            for step in generated.target.steps {
                let next = try #require(step.apply(current), "\(task.id): \(step) does not apply")
                #expect(next != current, "\(task.id): \(step) changes nothing")
                current = next
            }
            #expect(current == example.output)
            #expect(example.output.rows.contains { $0.contains { !$0.isEmpty } })
            let answers = try #require(task.completeAnswers)
            #expect((1...2).contains(task.queries.count))
            for (query, answer) in zip(task.queries, answers) {
                #expect(generated.target.apply(query) == answer, "\(task.id)")
                #expect(answer != query, "\(task.id)")
                #expect(answer != example.output, "\(task.id)")
            }
        }
    }

    @Test func theExampleRulesOutEveryShorterPipeline() throws {
        for generated in Self.pool {
            let example = try #require(generated.task.examples.first)
            let steps = generated.target.steps
            for length in 0..<steps.count {
                #expect(Pipeline(Array(steps.prefix(length))).apply(example.input) != example.output, "\(generated.task.id)")
            }
            for index in steps.indices where steps.count > 1 {
                var shorter = steps
                shorter.remove(at: index)
                #expect(Pipeline(shorter).apply(example.input) != example.output, "\(generated.task.id)")
            }
        }
    }

    @Test func withCellProgramsSomeTargetsDeriveOrReplaceAColumnTheSearchCanReach() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let generator = TableTaskGenerator(inventory: inventory, seed: 3)
        let tasks = generator.generate(count: 60, split: "train")
        let cellTasks = tasks.filter { $0.target.steps.contains { Inventory.cellOperators.contains($0.name) } }
        #expect(!cellTasks.isEmpty)
        for generated in cellTasks {
            let example = try #require(generated.task.examples.first)
            #expect(generator.searchCanReach(generated.target, input: example.input, output: example.output), "\(generated.task.id)")
            for (query, answer) in zip(generated.task.queries, generated.task.answers ?? []) {
                #expect(generated.target.apply(query) == answer)
            }
        }
    }

    @Test func theSearchGeneratesEveryStepOfTheTarget() throws {
        let generator = TableTaskGenerator(inventory: try ShippedFiles.inventory(), seed: 11)
        for generated in Self.pool {
            let example = try #require(generated.task.examples.first)
            #expect(generator.searchCanReach(generated.target, input: example.input, output: example.output), "\(generated.task.id)")
        }
    }

    @Test func visibleTablesAreSmallMessySpreadsheets() throws {
        for generated in Self.pool {
            let input = try #require(generated.task.examples.first).input
            #expect((2...9).contains(input.rowCount), "\(generated.task.id)")
            #expect((2...6).contains(input.columnCount), "\(generated.task.id)")
        }
        let cells = Self.pool.flatMap { $0.task.examples[0].input.rows.joined() }
        #expect(cells.contains(""))
        #expect(cells.contains { $0.hasPrefix("$") })
        #expect(cells.contains { CellClass.date.matches($0) })
    }

    @Test func pipelinesUseOnlyOperatorsAndParametersTheInventoryEnables() throws {
        let json = """
            {"domain": "table", "operators": {
              "split": {"delimiters": [","], "modes": ["first"]},
              "fill-down": {}, "transpose": {}, "wrap-every": {"k": [2]},
              "drop": {"enabled": false}
            }}
            """
        let inventory = try Inventory.parse(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        let tasks = TableTaskGenerator(inventory: inventory, seed: 3).generate(count: 15, split: "train")
        #expect(tasks.count == 15)
        for step in tasks.flatMap(\.target.steps) {
            #expect(inventory.enables(step.name), "\(step)")
            if case .split(_, let delimiter, let mode) = step {
                #expect(delimiter == "," && mode == .first)
            }
            if case .wrapEvery(let k) = step { #expect(k == 2) }
        }
        for step in Self.pool.flatMap(\.target.steps) {
            #expect(try ShippedFiles.inventory().enables(step.name))
        }
    }

    @Test func maxStepsBoundsThePipelines() throws {
        let tasks = TableTaskGenerator(inventory: try ShippedFiles.inventory(), seed: 2, maxSteps: 1).generate(count: 8, split: "train")
        #expect(tasks.count == 8)
        #expect(tasks.allSatisfy { $0.target.steps.count == 1 })
    }

    @Test func writtenTasksReadBackWithTheirFamilies() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-tables-gen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tasks = Array(Self.pool.prefix(5))
        let paths = try TableTaskWriter.write(train: tasks, heldout: [], to: folder.path)
        let loaded = try GeneratedTableTask.load(path: paths.train)
        #expect(loaded.map { $0.family } == tasks.map(\.family))
        #expect(loaded.map { $0.task.id } == tasks.map(\.task.id))
        #expect(loaded.map { $0.task.examples } == tasks.map(\.task.examples))
        #expect(loaded.map { $0.task.queries } == tasks.map(\.task.queries))
        let line = try #require(try String(contentsOfFile: paths.train, encoding: .utf8).split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["target"] as? [String] == tasks[0].target.steps.map(\.description))
    }

    @Test func readingAFileWithoutFamiliesIsABadInput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-tables-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("plain.jsonl").path
        try Data(#"{"id": "a", "examples": [{"input": [["x"]], "output": [["y"]]}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: WinnowError.self) { try GeneratedTableTask.load(path: path) }
    }

    @Test func theShippedSplitsAreTheSeedOneTasks() throws {
        // Asking for fewer tasks gives the first ones, so the first lines pin the whole file's recipe.
        let generator = TableTaskGenerator(inventory: try ShippedFiles.inventory(), seed: 1)
        for (split, count) in [("train", 300), ("heldout", 100)] {
            let path = ShippedFiles.packageRoot.appendingPathComponent("tasks/tables/\(split).jsonl").path
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == count + 1 && lines.last == "")
            let expected = try TableTaskWriter.jsonLines(generator.generate(count: 5, split: split))
            #expect(lines.prefix(5).map { $0 + "\n" }.joined() == expected)
        }
    }
}
