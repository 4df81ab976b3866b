import Foundation
import Synchronization
import Testing
import WinnowCore
import WinnowGate
@testable import WinnowHarvest
import WinnowModel
import WinnowTables

/// The pieces of a record: hashes, families, and the user and assistant turns in the channel's formats.
@Suite struct RecordFormatTests {
    @Test func sha256MatchesTheStandardTestVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func familiesComeFromTheTaskFileThenFoofahVariantsThenTheID() {
        #expect(TaskFamily.of(taskID: "gen-0007", declared: "split-then-fold") == "split-then-fold")
        #expect(TaskFamily.of(taskID: "exp0_potters_wheel_split_fold_2") == "exp0_potters_wheel_split_fold")
        #expect(TaskFamily.of(taskID: "exp0_3_1") == "exp0_3")
        #expect(TaskFamily.of(taskID: "arc_0042") == "arc_0042")
        #expect(TaskFamily.of(taskID: "exp0_name") == "exp0_name")
        #expect(TaskFamily.of(taskID: "exp0_12") == "exp0_12")
        #expect(TaskFamily.of(taskID: "sales", declared: "") == "sales")
    }

    @Test func programTurnsAreOnePythonFenceTheChannelParserReadsBack() {
        let source = "def transform(table):\n    return table\n"
        let turn = AssistantTurn.program(source)
        #expect(turn == "```python\n" + source + "```")
        guard case .candidates(let candidates) = ProgramExtractor.extract(turn) else {
            Issue.record("not read as a program")
            return
        }
        #expect(candidates.first?.source == String(source.dropLast()))
    }

    @Test func aFenceInsideTheProgramGetsALongerFence() {
        let source = "def transform(table):\n    note = \"```\"\n    return table\n"
        let turn = AssistantTurn.program(source)
        #expect(turn.hasPrefix("````python\n") && turn.hasSuffix("\n````"))
        guard case .candidates(let candidates) = ProgramExtractor.extract(turn) else {
            Issue.record("not read as a program")
            return
        }
        #expect(candidates.first?.source == String(source.dropLast()))
    }

    @Test func directTurnsAreTheTableTheDirectParserReadsWithoutRepair() {
        let table: Table = [["a", "b \"c\""], ["é", ""]]
        guard case .table(let answer) = TableExtractor.extract(AssistantTurn.direct(table)) else {
            Issue.record("not read as a table")
            return
        }
        #expect(answer.table == table)
        #expect(answer.repairs.isEmpty)
    }

    @Test func theModelProgramIsCutOutOfTheScriptSolvePrints() {
        let script = """
            #!/usr/bin/env python3
            # A table transformation committed by Winnow after it reproduced the example in the jail.
            # Solved from task.json. Written by the model qwen3-4b.
            # Usage: python3 transform.py < table.json > result.json   (or --csv for CSV)

            # The model's own comment stays.
            def transform(table):
                return table


            def _winnow_main(arguments):
                return 0


            if __name__ == "__main__":
                import sys
                sys.exit(_winnow_main(sys.argv[1:]))

            """
        #expect(ModelScript.source(of: script) == "# The model's own comment stays.\ndef transform(table):\n    return table\n")
        #expect(ModelScript.source(of: "def transform(t):\n    return t") == "def transform(t):\n    return t\n")
        // The header scripts carry since issue 16 (model-written, ran only in the jail) is cut too.
        let current = script.replacingOccurrences(
            of: "# A table transformation committed by Winnow after it reproduced the example in the jail.\n",
            with: "# MODEL-WRITTEN CODE: a language model wrote this program; no person has reviewed it.\n"
                + "# Winnow ran it only inside its jail (no files, network or processes), where it reproduced\n"
                + "# the example and tried no side effect; it has never run outside the jail. Read it before you run it.\n")
        #expect(current != script)
        #expect(ModelScript.source(of: current) == "# The model's own comment stays.\ndef transform(table):\n    return table\n")
    }

    // MARK: The user turn is what the channel sends

    /// Remembers the prompts it is sent and answers none, so `ModelProposer` shows what it would ask.
    final class PromptRecorder: LanguageModel {
        let prompts = Mutex<[String]>([])

        func complete(_ messages: [ChatMessage], options: SamplingOptions) async throws(ModelFailure) -> ModelReply {
            prompts.withLock { $0.append(contentsOf: messages.map(\.content)) }
            throw ModelFailure(.badRequest("recorded only"))
        }
    }

    static let longQuery = Table((0..<45).map { ["row \($0)", "\($0 * 7)"] })

    @Test func programPromptsAreTheOnesModelProposerSends() async throws {
        let recorder = PromptRecorder()
        let proposer = ModelProposer(model: recorder)
        var task = HarvestFixtures.splitTask
        for query in [task.queries, [Self.longQuery], []] {
            task.queries = query
            _ = try await proposer.programs(prompt: PromptSet.main, example: task.examples[0], query: task.queries.first)
            #expect(try ChannelPrompts.program(for: task) == recorder.prompts.withLock { $0.last })
        }
    }

    @Test func directPromptsAreTheOnesModelProposerSendsAndNoneWhenItWouldNotAsk() async throws {
        let recorder = PromptRecorder()
        let proposer = ModelProposer(model: recorder)
        let example = HarvestFixtures.splitTask.examples[0]
        _ = try await proposer.directAnswer(example: example, query: Self.longQuery)
        #expect(try ChannelPrompts.direct(example: example, query: Self.longQuery) == recorder.prompts.withLock { $0.last })

        let huge = Table((0..<2000).map { ["a long cell number \($0)", "another long cell \($0)"] })
        let before = recorder.prompts.withLock { $0.count }
        _ = try await proposer.directAnswer(example: example, query: huge)
        #expect(recorder.prompts.withLock { $0.count } == before)
        #expect(try ChannelPrompts.direct(example: example, query: huge) == nil)
    }
}
