import WinnowCore
import WinnowGate
import WinnowJail
import WinnowModel
import WinnowTables

/// The `solve --json` document for one task solved with a model.
///
/// It keeps every key the model-free document has (`program` holds pipeline steps, or null for a
/// model program) and adds `decision`, `origin`, `reason`, `python`, `model`, `candidates` and
/// `error` (null unless the run failed: then the exit code's one-line message).
/// `status` is `solved` (a program reproduced the example), `answered` (the unverified direct
/// answer) or `abstained`.
struct GatedSolveRecord: Encodable {
    var outcome: GatedOutcome
    /// The held-out outputs as printed (for the CSV path, with the example's header restored).
    var outputs: [Table]
    var outputFile: String?
    /// The committed program as a standalone script, when one was committed.
    var python: String?
    /// Why the run failed although this task was reported (the model answered no request; the
    /// replay differs from its recording): the one line the exit code's message gives.
    var error: String?

    private enum Key: String, CodingKey {
        case task, status, decision, origin, reason, gate, prompt, program, python, outputs
        case consistentPrograms = "consistent_programs"
        case expanded, generated, rejected, ms, model, candidates
        case outputFile = "output_file"
        case error
    }

    private enum ModelKey: String, CodingKey {
        case name, requests, retries, ms, errors
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }

    private enum CandidatesKey: String, CodingKey {
        case programs, unreadable
        case reproducedExample = "reproduced_example"
        case committable
        case jailRuns = "jail_runs"
        case directAnswer = "direct_answer"
        case directAgrees = "direct_agrees"
        case refused
    }

    /// A program the gate refused although it may have returned the right table.
    private struct Refusal: Encodable {
        var reason: String
        var origin: String
        var prompt: String?
        var sideEffects: [SideEffectAttempt]

        enum CodingKeys: String, CodingKey {
            case reason, origin, prompt
            case sideEffects = "side_effects"
        }
    }

    func encode(to encoder: any Encoder) throws {
        let evidence = outcome.evidence
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(outcome.taskID, forKey: .task)
        try container.encode(outcome.status, forKey: .status)
        try container.encode(outcome.decision.kind, forKey: .decision)
        try container.encode(outcome.decision.origin?.rawValue, forKey: .origin)
        try container.encode(outcome.reason, forKey: .reason)
        try container.encode(outcome.mode.rawValue, forKey: .gate)
        try container.encode(outcome.program?.prompt, forKey: .prompt)
        if case .pipeline(let pipeline)? = outcome.program?.code {
            try container.encode(pipeline.steps.map(\.description), forKey: .program)
        } else {
            try container.encodeNil(forKey: .program)
        }
        try container.encode(python, forKey: .python)
        try container.encode(outputs.map(\.rows), forKey: .outputs)
        try container.encode(evidence.search?.consistent.count ?? 0, forKey: .consistentPrograms)
        try container.encode(evidence.search?.expanded ?? 0, forKey: .expanded)
        try container.encode(evidence.search?.generated ?? 0, forKey: .generated)
        try container.encode(evidence.search?.rejected ?? 0, forKey: .rejected)
        try container.encode((evidence.milliseconds * 1000).rounded() / 1000, forKey: .ms)

        var model = container.nestedContainer(keyedBy: ModelKey.self, forKey: .model)
        try model.encode(outcome.modelName, forKey: .name)
        try model.encode(evidence.usage.requests, forKey: .requests)
        try model.encode(evidence.usage.retries, forKey: .retries)
        try model.encode(evidence.usage.promptTokens, forKey: .promptTokens)
        try model.encode(evidence.usage.completionTokens, forKey: .completionTokens)
        try model.encode((evidence.usage.milliseconds * 1000).rounded() / 1000, forKey: .ms)
        try model.encode(evidence.modelErrors, forKey: .errors)

        var candidates = container.nestedContainer(keyedBy: CandidatesKey.self, forKey: .candidates)
        let admitted = evidence.programs.filter(outcome.mode.admits)
        try candidates.encode(admitted.count, forKey: .programs)
        try candidates.encode(admitted.filter(\.reproducesExample).count, forKey: .reproducedExample)
        try candidates.encode(admitted.filter(\.isCommittable).count, forKey: .committable)
        try candidates.encode(evidence.jailRuns, forKey: .jailRuns)
        try candidates.encode(evidence.unreadable, forKey: .unreadable)
        try candidates.encode(evidence.direct.map { $0.tables != nil ? "readable" : "unreadable" } ?? "not asked", forKey: .directAnswer)
        try candidates.encode(outcome.directAgrees, forKey: .directAgrees)
        try candidates.encode(admitted.filter { !$0.sideEffects.isEmpty }.map {
            Refusal(reason: CheckedProgram.sideEffectsReason, origin: $0.origin.rawValue, prompt: $0.prompt, sideEffects: $0.sideEffects)
        }, forKey: .refused)
        try container.encodeIfPresent(outputFile, forKey: .outputFile)
        try container.encode(error, forKey: .error)
    }
}
