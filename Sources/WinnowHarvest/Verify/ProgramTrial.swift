import WinnowCore
import WinnowJail

/// What running one program in the jail on a task's checks came to: every visible example, then
/// every held-out input whose answer is known.
struct ProgramTrial: Sendable {
    /// The first visible example it did not reproduce; nil when it reproduced them all.
    var visibleFailure: Int?
    var visibleCount: Int
    /// Held-out inputs with a known answer, and how many of those answers it reproduced.
    var hiddenKnown = 0
    var hiddenPassed = 0
    /// The held-out inputs whose known answer it reproduced, with that answer.
    var verifiedAnswers: [Example<Table>] = []
    /// What it tried outside itself in the jail: a program that tried anything is never training data.
    var sideEffects: [SideEffectAttempt] = []

    var passesVisible: Bool { visibleFailure == nil }
    var passesHidden: Bool { hiddenKnown > 0 && hiddenPassed == hiddenKnown }
    var checksTotal: Int { visibleCount + hiddenKnown }
    var checksPassed: Int { (passesVisible ? visibleCount : 0) + hiddenPassed }

    /// Runs `source` on the checks; stops at the first visible example it fails, since nothing
    /// after that can make it harvestable.
    static func run(_ source: String, on task: SynthesisTask<Table>, executor: any Executor) async throws(ExecutorError) -> ProgramTrial {
        var trial = ProgramTrial(visibleFailure: nil, visibleCount: task.examples.count)
        for (index, example) in task.examples.enumerated() {
            let outcome = try await executor.execute(Job(source: source, input: example.input))
            trial.sideEffects = outcome.sideEffects
            if outcome.verdict.table != example.output || !outcome.sideEffects.isEmpty {
                trial.visibleFailure = index
                return trial
            }
        }
        for (index, query) in task.queries.enumerated() {
            guard let answer = task.answers.flatMap({ index < $0.count ? $0[index] : nil }) else { continue }
            trial.hiddenKnown += 1
            let outcome = try await executor.execute(Job(source: source, input: query))
            if !outcome.sideEffects.isEmpty {
                trial.sideEffects = outcome.sideEffects
                return trial
            }
            if outcome.verdict.table == answer {
                trial.hiddenPassed += 1
                trial.verifiedAnswers.append(Example(input: query, output: answer))
            }
        }
        return trial
    }
}
