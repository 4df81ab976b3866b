import Testing
import WinnowCore
@testable import WinnowHarvest
import WinnowTables

/// The leak guard: a record that shows or answers with an evaluation task's material is refused.
@Suite struct EvaluationSetTests {
    /// A record built as the harvester builds it, without the jail.
    static func record(for task: SynthesisTask<Table>) throws -> HarvestRecord {
        let source = HarvestFixtures.source(task, .pipeline(HarvestFixtures.splitPipeline))
        let trial = ProgramTrial(visibleFailure: nil, visibleCount: task.examples.count)
        return try #require(try RecordBuilder(source: source, trial: trial, created: "").records(python: "p", programHash: "h").first)
    }

    @Test func aRecordWithTheEvaluationTasksPromptLeaks() throws {
        var renamed = HarvestFixtures.splitTask
        renamed.id = "copy-of-split"
        let guardSet = EvaluationSet(tasks: [HarvestFixtures.splitTask])
        let leak = try #require(guardSet.leak(in: try Self.record(for: renamed)))
        #expect(leak.contains("copy-of-split") && leak.contains("evaluation task split-colon"))
        #expect(leak.contains("prompt"))
    }

    @Test func aRecordShowingAnEvaluationTableLeaksEvenWithAnotherPrompt() throws {
        var evaluation = HarvestFixtures.splitTask
        evaluation.id = "held-out"
        evaluation.examples = [Example(input: [["x:1"], ["y:2"]], output: [["x", "1"], ["y", "2"]])]
        evaluation.queries = [HarvestFixtures.splitTask.examples[0].input]
        let leak = try #require(EvaluationSet(tasks: [evaluation]).leak(in: try Self.record(for: HarvestFixtures.splitTask)))
        #expect(leak.contains("a held-out input of evaluation task held-out"))
    }

    @Test func unrelatedRecordsAndTrivialTablesDoNotLeak() throws {
        let unrelated = SynthesisTask<Table>(
            id: "other", domain: "table", examples: [Example(input: [["p", "q"], ["r", "s"]], output: [["q", "p"], ["s", "r"]])],
            queries: [[["1:2"]]])
        var trivial = HarvestFixtures.splitTask
        trivial.id = "trivial"
        trivial.examples = [Example(input: [["1:2"]], output: [["1", "2"]])]
        let guardSet = EvaluationSet(tasks: [unrelated])
        #expect(guardSet.leak(in: try Self.record(for: HarvestFixtures.splitTask)) == nil)
        #expect(guardSet.leak(in: try Self.record(for: trivial)) == nil)
        #expect(EvaluationSet(tasks: []).isEmpty)
    }
}
