import WinnowCore
import WinnowJail
import WinnowModel
import WinnowTables

/// Where a candidate came from, as `solve --json` reports it in `origin`.
public enum CandidateOrigin: String, Sendable, Hashable, Codable {
    case search
    case modelProgram = "model-program"
    case modelDirect = "model-direct"
    case repair
}

/// A program that was run on the visible example(s) (in-process for search pipelines, in the jail
/// for model programs) and, when it reproduced them, on every held-out input.
public struct CheckedProgram: Sendable, Hashable {
    public enum Code: Sendable, Hashable {
        /// An operator pipeline from inventory search: trusted, run in-process.
        case pipeline(Pipeline)
        /// Python source a model wrote: run only in the jail.
        case python(String)
    }

    public var code: Code
    public var origin: CandidateOrigin
    /// The prompt file that asked for it (model programs and their repairs), so a report can say
    /// which ensemble member produced what was committed.
    public var prompt: String?
    /// The program's outputs equal the examples' outputs exactly.
    public var reproducesExample: Bool
    /// One line: why it does not reproduce the example, or why it cannot be committed although it
    /// does (it failed on a held-out input); nil when it is committable.
    public var problem: String?
    /// Its output on each held-out input; nil unless it reproduced the example and ran on all of them.
    public var outputs: [Table]?
    /// What a model program tried outside itself in the jail (files, sockets, processes, imports
    /// the jail does not offer…); any attempt refuses it, whatever it returned.
    public var sideEffects: [SideEffectAttempt]

    /// The reason `solve` gives (in `--json` too) for a program refused for its side effects.
    public static let sideEffectsReason = "side-effects"

    public init(
        code: Code, origin: CandidateOrigin, prompt: String? = nil, reproducesExample: Bool, problem: String? = nil,
        outputs: [Table]?, sideEffects: [SideEffectAttempt] = []
    ) {
        self.code = code
        self.origin = origin
        self.prompt = prompt
        self.reproducesExample = reproducesExample
        self.problem = problem
        self.outputs = outputs
        self.sideEffects = sideEffects
    }

    /// Reproduces the example, ran on every held-out input and tried nothing outside itself:
    /// what the gate may commit.
    public var isCommittable: Bool { reproducesExample && outputs != nil && sideEffects.isEmpty }
}

/// The model's own answer for the held-out input(s): unverified by construction.
public struct DirectAnswer: Sendable, Hashable {
    /// One table per held-out input, when every reply could be read as a table.
    public var tables: [Table]?
    /// Why there is no answer (the model failed, or a reply held no readable table).
    public var problem: String?
    /// What had to be repaired to read the replies (a ```json fence, numbers as cells…).
    public var repairs: [String]

    public init(tables: [Table]?, problem: String? = nil, repairs: [String] = []) {
        self.tables = tables
        self.problem = problem
        self.repairs = repairs
    }
}

/// Everything the proposers produced for one task and what the verifier made of it.
///
/// The gate reads only this, so one gathering can be judged under every gate mode: that is how
/// `bench --model` compares modes on exactly the same model replies.
public struct Evidence: Sendable {
    /// Search first, then model programs in prompt order, each prompt's repairs after its programs.
    public var programs: [CheckedProgram] = []
    /// Nil when no direct answer was asked for (no model, or no held-out input).
    public var direct: DirectAnswer?
    /// The inventory search, when a mode needed it.
    public var search: TableSolver.Result?
    public var usage = ModelUsage()
    /// Model calls that failed after their retries, one line each.
    public var modelErrors: [String] = []
    /// Replies that held no readable program or table, one line each (a parse failure is evidence).
    public var unreadable: [String] = []
    /// Model calls made (failed ones included), to tell "the server is down" from "one call failed".
    public var modelCalls = 0
    /// Programs run in the jail (each run of one program on one table counts once).
    public var jailRuns = 0
    /// Time spent, milliseconds: the whole gathering, and inside it the search.
    public var milliseconds = 0.0
    public var searchMilliseconds = 0.0

    public init() {}

    /// Every model call failed: the report is about the server, not the task.
    public var modelUnavailable: Bool { modelCalls > 0 && modelErrors.count == modelCalls }
}
