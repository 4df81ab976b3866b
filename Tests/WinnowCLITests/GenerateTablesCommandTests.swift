import Foundation
import Testing
import WinnowTestSupport
import WinnowCore
import WinnowTables

@Suite struct GenerateTablesCommandTests {
    @Test func writesBothSplitsAndTheSameSeedGivesTheSameBytes() async throws {
        let a = try TemporaryFolder(), b = try TemporaryFolder()
        for folder in [a, b] {
            let result = try await Winnow.run(["generate", "tables", "--seed", "4", "--train", "6", "--heldout", "3", "-o", folder.url.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("wrote 6 training tasks"))
        }
        for (file, count) in [("train.jsonl", 6), ("heldout.jsonl", 3)] {
            let text = try String(contentsOfFile: a.path(file), encoding: .utf8)
            #expect(text == (try String(contentsOfFile: b.path(file), encoding: .utf8)))
            let loaded = try GeneratedTableTask.load(path: a.path(file))
            #expect(loaded.count == count)
            #expect(loaded.allSatisfy { !$0.family.isEmpty && $0.task.completeAnswers != nil })
        }
        let heldout = try GeneratedTableTask.load(path: a.path("heldout.jsonl"))
        #expect(heldout.first?.task.id == "synthetic-heldout-0001")
    }

    @Test func theWrittenTasksAreReadByTheSolver() async throws {
        let folder = try TemporaryFolder()
        let generated = try await Winnow.run(["generate", "tables", "--train", "0", "--heldout", "2", "-o", folder.url.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let solved = try await Winnow.run(["solve", folder.path("heldout.jsonl"), "--json"])
        #expect([0, 2].contains(solved.status), "\(solved.stderr)")
    }

    @Test func badArgumentsAreUsageErrors() async throws {
        let folder = try TemporaryFolder()
        for arguments in [
            ["generate", "tables", "--train", "0", "--heldout", "0", "-o", folder.url.path],
            ["generate", "tables", "--train", "-1", "-o", folder.url.path],
            ["generate", "tables", "--allow-ambiguous", "-o", folder.url.path],
            ["generate", "tables", "--seed", "x", "-o", folder.url.path],
            ["generate", "spreadsheets", "-o", folder.url.path],
            ["generate", "tables"],
        ] {
            let result = try await Winnow.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
        #expect(!folder.exists("train.jsonl"))
    }

    @Test func aBrokenInventoryIsABadConfiguration() async throws {
        let folder = try TemporaryFolder()
        let inventory = try folder.write("inventory.json", #"{"operators": {"frobnicate": {}}}"#)
        let result = try await Winnow.run(["generate", "tables", "--inventory", inventory, "-o", folder.path("out")])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(!folder.exists("out"))
    }
}
