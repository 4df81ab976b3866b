import Foundation
import Testing
import WinnowCore
@testable import WinnowHarvest
import WinnowJail
import WinnowModel
import WinnowTables

/// Verification in the real jail: what passes becomes records, what does not is rejected with why.
/// Serialized: each test starts a jail pool, and the machine has two cores.
@Suite(.serialized) struct HarvesterTests {
    static let modelProgram = """
        def transform(table):
            return [cell.split(":", 1) for [cell] in table]
        """

    @Test func aSearchPipelineBecomesAProgramRecordWhoseAssistantProgramReproducesTheExample() async throws {
        let task = HarvestFixtures.splitTask
        let (records, rejected) = try await HarvestFixtures.withPool { pool in
            try await HarvestFixtures.harvester(pool).verify([HarvestFixtures.source(task, .pipeline(HarvestFixtures.splitPipeline))])
        }
        #expect(rejected.isEmpty)
        let program = try #require(records.first { $0.meta.view == "program" })
        #expect(program.messages.map(\.role) == ["user", "assistant"])
        #expect(program.messages[0].content == (try ChannelPrompts.program(for: task)))
        #expect(program.meta.pipeline == "split(column: 0, on: \":\", mode: first)")
        #expect(program.meta.origin == "search" && program.meta.model == "")
        #expect(program.meta.verifier == "pass" && program.meta.checksPassed == 2 && program.meta.checksTotal == 2)
        #expect(program.meta.created == "2026-01-01T00:00:00Z")
        #expect(program.meta.exampleInput == #"[["Ann:31"],["Bob:40"]]"#)

        // The assistant's program, read back by the channel's own parser, runs in the jail to the example.
        guard case .candidates(let candidates) = ProgramExtractor.extract(program.messages[1].content) else {
            Issue.record("the assistant turn is not a program")
            return
        }
        let source = try #require(candidates.first?.source)
        #expect(!source.contains("def main(") && !source.contains("__main__"))
        let verdict = try await HarvestFixtures.withPool { pool in try await pool.run(Job(source: source, input: task.examples[0].input)) }
        #expect(verdict == .ok(task.examples[0].output))
    }

    @Test func theVerifiedHiddenAnswerAlsoGivesADirectRecord() async throws {
        let task = HarvestFixtures.splitTask
        let (records, _) = try await HarvestFixtures.withPool { pool in
            try await HarvestFixtures.harvester(pool).verify([HarvestFixtures.source(task, .python(Self.modelProgram), origin: "model", model: "qwen3-4b")])
        }
        let direct = try #require(records.first { $0.meta.view == "direct" })
        #expect(direct.messages[0].content == (try ChannelPrompts.direct(example: task.examples[0], query: task.queries[0])))
        guard case .table(let answer) = TableExtractor.extract(direct.messages[1].content) else {
            Issue.record("the direct answer is not a table")
            return
        }
        #expect(answer.table == task.answers?[0])
        #expect(direct.meta.checkInput == #"[["Cy:7"],["Di:12"],["Ed:99"]]"#)
        #expect(direct.meta.pipeline == "" && direct.meta.model == "qwen3-4b")
        #expect(records.count == 2)
    }

    @Test func programsThatFailTheVisibleExampleAreRejected() async throws {
        let wrong = "def transform(table):\n    return table\n"
        let crashes = "def transform(table):\n    raise ValueError('no')\n"
        let (records, rejected) = try await HarvestFixtures.withPool { pool in
            try await HarvestFixtures.harvester(pool).verify([
                HarvestFixtures.source(HarvestFixtures.splitTask, .python(wrong), origin: "model", model: "m"),
                HarvestFixtures.source(HarvestFixtures.splitTask, .python(crashes), origin: "model", model: "m"),
                HarvestFixtures.source(HarvestFixtures.splitTask, .pipeline(Pipeline([.transpose]))),
            ])
        }
        #expect(records.isEmpty)
        #expect(rejected.map(\.reason) == Array(repeating: Harvester.Rejection.failsVisible.rawValue, count: 3))
    }

    /// Issue 16: a model program that tried a side effect in the jail (here a caught host-file
    /// write) is never training data, although it reproduces the example and the hidden answer.
    @Test func aProgramThatTriedASideEffectIsRejected() async throws {
        let path = NSTemporaryDirectory() + "winnow-harvest-test-\(UUID().uuidString)"
        let writes = """
            def transform(table):
                try:
                    open('\(path)', 'w').write('x')
                except OSError:
                    pass
                return [cell.split(":", 1) for [cell] in table]
            """
        let (records, rejected) = try await HarvestFixtures.withPool { pool in
            try await HarvestFixtures.harvester(pool).verify([
                HarvestFixtures.source(HarvestFixtures.splitTask, .python(writes), origin: "model", model: "m"),
            ])
        }
        #expect(records.isEmpty)
        #expect(rejected.map(\.reason) == [Harvester.Rejection.sideEffects.rawValue])
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func requireHiddenDropsAProgramThatFailsTheHiddenAnswer() async throws {
        let task = HarvestFixtures.splitTaskWithWrongAnswer
        var noAnswers = HarvestFixtures.splitTask
        noAnswers.id = "no-answers"
        noAnswers.answers = nil
        let sources = [
            HarvestFixtures.source(task, .pipeline(HarvestFixtures.splitPipeline)),
            HarvestFixtures.source(noAnswers, .pipeline(HarvestFixtures.splitPipeline)),
        ]
        let (lenient, strict) = try await HarvestFixtures.withPool { pool in
            (try await HarvestFixtures.harvester(pool).verify(sources),
             try await HarvestFixtures.harvester(pool, options: HarvestOptions(requireHidden: true)).verify(sources))
        }
        let kept = try #require(lenient.records.first { $0.meta.taskID == task.id })
        #expect(kept.meta.verifier == "pass-visible" && kept.meta.checksPassed == 1 && kept.meta.checksTotal == 2)
        #expect(!lenient.records.contains { $0.meta.view == "direct" && $0.meta.taskID == task.id })
        #expect(strict.records.isEmpty)
        #expect(strict.rejected.map(\.reason) == [Harvester.Rejection.failsHidden.rawValue, Harvester.Rejection.noHiddenAnswers.rawValue])
    }

    @Test func theProgramHashIgnoresCommentsDocstringsAndLayout() async throws {
        let dressed = """
            # A comment before.
            def transform(table):
                \"\"\"Splits each cell at the colon.\"\"\"


                return [cell.split( ":",1 ) for [cell] in table]  # trailing comment
            """
        let renamed = Self.modelProgram.replacingOccurrences(of: "cell", with: "text")
        let hashes = try await HarvestFixtures.withPool { pool in
            var hashes: [String?] = []
            for program in [Self.modelProgram, dressed, renamed, "def transform(:"] {
                hashes.append(try await ProgramNormaliser.hash(program, executor: pool))
            }
            return hashes
        }
        #expect(hashes[0] != nil)
        #expect(hashes[0] == hashes[1])
        #expect(hashes[0] != hashes[2])
        #expect(hashes[3] == nil)
    }
}
