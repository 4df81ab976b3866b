import WinnowCore
import WinnowGate
import WinnowModel

/// One benchmark case run with a model: what every gate mode decided on the same evidence, and how
/// each decision scores against the held-out answer.
///
/// Field names are an interface (`--results` resumption, `--json`); keep them stable.
struct ModelBenchCase: BenchRecord, Equatable {
    /// How one committed result compares with the held-out answer.
    enum Score: String, Codable, Sendable {
        case perfect, wrong, abstained
        /// No usable held-out answer: the decision is kept, but it is neither right nor wrong.
        case unscored
    }

    /// The model's direct answer, judged on its own (before any sanity check).
    enum DirectScore: String, Codable, Sendable {
        case perfect, wrong, unreadable, unscored
    }

    /// Who was right when a committed program and the direct answer disagreed.
    enum Disagreement: String, Codable, Sendable {
        case program, direct, neither
        /// The case has no answer to settle it.
        case unsettled
    }

    struct ModeResult: Codable, Sendable, Equatable {
        var gate: GateMode
        /// `program`, `answer` or `abstained`.
        var decision: String
        var origin: CandidateOrigin?
        /// The prompt of a committed model program.
        var prompt: String?
        var score: Score
        /// Set when a program was committed and a readable direct answer differs from its output.
        var disagreement: Disagreement?
        /// The abstention's reason.
        var reason: String?
    }

    var file: String
    var task: String
    var scenario: String
    var variant: Int?
    /// The case has a usable held-out answer; unscored cases keep their decisions but count in no rate.
    var scored: Bool
    var direct: DirectScore
    /// Every mode evaluated, `direct` first.
    var modes: [ModeResult]
    /// Model programs checked in the jail (repairs included), those that reproduced the example,
    /// and how many of the checked ones were repairs.
    var programs: Int
    var reproduced: Int
    var repairs: Int
    /// Whether inventory search found a pipeline (null when search did not run).
    var searchSolved: Bool?
    var unreadable: Int
    var requests: Int
    var retries: Int
    var promptTokens: Int
    var completionTokens: Int
    var jailRuns: Int
    /// Wall time of the case and, inside it, time waiting for the model, milliseconds.
    var ms: Double
    var modelMs: Double
    /// Failed model calls, one line each, labelled with the call (`direct: …`, `program repair 1: …`).
    var errors: [String]
    /// Every model call of the case failed: the server gave it nothing. Nil in results files
    /// written before it was recorded.
    var modelUnavailable: Bool?

    var key: String { "\(file)#\(task)" }

    func result(_ mode: GateMode) -> ModeResult? { modes.first { $0.gate == mode } }

    /// Whether a model call `mode` draws on failed: the direct answer (every mode falls back to
    /// it) or one of its program prompts, repairs included. A failure costs only the gates that
    /// needed the call, so it is counted against them and no other.
    func modelFailed(for mode: GateMode) -> Bool {
        let labels = ["direct"] + mode.prompts
        return errors.contains { error in labels.contains { error.hasPrefix("\($0): ") || error.hasPrefix("\($0) repair ") } }
    }

    init(file: String, task: SynthesisTask<Table>, evidence: Evidence, modes: [GateMode]) {
        self.file = file
        self.task = task.id
        (scenario, variant) = BenchCase.scenario(of: task.id)
        let expected = task.completeAnswers
        scored = expected != nil
        switch (evidence.direct?.tables, expected) {
        case (nil, _): direct = .unreadable
        case (_?, nil): direct = .unscored
        case (let tables?, let expected?): direct = tables == expected ? .perfect : .wrong
        }
        self.modes = modes.map { mode in
            let decision = Gate(mode: mode).decide(evidence, task: task)
            var outputs: [Table]?
            var program: CheckedProgram?
            switch decision {
            case .program(let index, _):
                program = evidence.programs[index]
                outputs = program?.outputs
            case .answer(let tables): outputs = tables
            case .abstained: outputs = nil
            }
            let score: Score
            switch (outputs, expected) {
            case (_, nil): score = .unscored
            case (nil, _?): score = .abstained
            case (let outputs?, let expected?): score = outputs == expected ? .perfect : .wrong
            }
            var disagreement: Disagreement?
            if let program, let answers = evidence.direct?.tables, answers != program.outputs {
                switch expected {
                case nil: disagreement = .unsettled
                case let expected?: disagreement = program.outputs == expected ? .program : answers == expected ? .direct : .neither
                }
            }
            var reason: String?
            if case .abstained(let why) = decision { reason = why }
            return ModeResult(
                gate: mode, decision: decision.kind, origin: decision.origin, prompt: program?.prompt, score: score,
                disagreement: disagreement, reason: reason)
        }
        let model = evidence.programs.filter { $0.origin != .search }
        programs = model.count
        reproduced = model.filter(\.reproducesExample).count
        repairs = model.filter { $0.origin == .repair }.count
        searchSolved = evidence.search.map { $0.program != nil }
        unreadable = evidence.unreadable.count
        requests = evidence.usage.requests
        retries = evidence.usage.retries
        promptTokens = evidence.usage.promptTokens
        completionTokens = evidence.usage.completionTokens
        jailRuns = evidence.jailRuns
        ms = (evidence.milliseconds * 1000).rounded() / 1000
        modelMs = (evidence.usage.milliseconds * 1000).rounded() / 1000
        errors = evidence.modelErrors
        modelUnavailable = evidence.modelUnavailable
    }
}
