import WinnowCore
import WinnowModel

/// What Winnow commits to.
public enum Decision: Sendable, Hashable {
    /// A program that reproduced the visible example (its index in `Evidence.programs`).
    case program(index: Int, origin: CandidateOrigin)
    /// The model's direct answer, one table per held-out input: unverified, but it passed the
    /// sanity check.
    case answer([Table])
    /// Nothing trustworthy: the reason says what failed.
    case abstained(String)

    /// `program`, `answer` or `abstained`, as `solve --json` reports it in `decision`.
    public var kind: String {
        switch self {
        case .program: return "program"
        case .answer: return "answer"
        case .abstained: return "abstained"
        }
    }

    public var origin: CandidateOrigin? {
        switch self {
        case .program(_, let origin): return origin
        case .answer: return .modelDirect
        case .abstained: return nil
        }
    }
}

/// Which candidates a run may commit, in which order.
public enum GateMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// The model's answer only.
    case direct
    /// The first program from the main program prompt (or its repair) that reproduces the
    /// example, else the answer.
    case program
    /// As `program`, over every program prompt of the ensemble.
    case ensemble
    /// Search pipelines first, then the ensemble's programs, then the answer.
    case searchAndModel = "search+model"

    /// Whether this mode may commit the program.
    public func admits(_ program: CheckedProgram) -> Bool {
        switch self {
        case .direct: return false
        case .program: return program.origin != .search && program.prompt == PromptSet.main
        case .ensemble: return program.origin != .search
        case .searchAndModel: return true
        }
    }

    /// Whether gathering evidence for this mode needs inventory search.
    public var needsSearch: Bool { self == .searchAndModel }

    /// The program prompts this mode draws on.
    public var prompts: [String] {
        switch self {
        case .direct: return []
        case .program: return [PromptSet.main]
        case .ensemble, .searchAndModel: return PromptSet.ensemble
        }
    }
}

/// The commit rule: a program that reproduces the visible example wins; otherwise the direct answer
/// if it passes a cheap sanity check; otherwise abstain. A wrong answer is never reported as verified:
/// only `.program` decisions rest on a check, and only programs that passed it reach one.
public struct Gate: Sendable, Hashable {
    public var mode: GateMode

    public init(mode: GateMode) { self.mode = mode }

    /// Search pipelines are preferred to model programs (trusted operators, ranked by simplicity),
    /// and first attempts to repairs; within an origin, the evidence's order stands.
    public func decide(_ evidence: Evidence, task: SynthesisTask<Table>) -> Decision {
        let programs = evidence.programs
        for origin in [CandidateOrigin.search, .modelProgram, .repair] {
            if let index = programs.indices.first(where: {
                programs[$0].origin == origin && mode.admits(programs[$0]) && programs[$0].isCommittable
            }) {
                return .program(index: index, origin: origin)
            }
        }
        let tried = programs.filter(mode.admits)
        var notes: [String] = []
        let refused = tried.filter { !$0.sideEffects.isEmpty }
        if let first = refused.first?.sideEffects.first {
            notes.append("\(refused.count) program(s) refused (\(CheckedProgram.sideEffectsReason)): tried \(first.summary)")
        }
        if mode != .direct {
            if tried.isEmpty {
                notes.append("no program to check")
            } else if let passing = tried.first(where: \.reproducesExample) {
                notes.append("no program of \(tried.count) reproduced the example and ran on every held-out input"
                    + (passing.problem.map { " (\($0))" } ?? ""))
            } else {
                notes.append("no program of \(tried.count) reproduced the example")
            }
        }
        if task.queries.isEmpty { return .abstained((notes + ["no held-out input to answer"]).joined(separator: "; ")) }
        guard let direct = evidence.direct else {
            return .abstained((notes + ["no direct answer was asked for"]).joined(separator: "; "))
        }
        guard let answers = direct.tables else {
            return .abstained((notes + ["no readable direct answer (\(direct.problem ?? "none given"))"]).joined(separator: "; "))
        }
        guard let example = task.examples.first else { return .abstained("the task has no example") }
        for (index, (answer, query)) in zip(answers, task.queries).enumerated() {
            if let problem = Self.sanityProblem(answer, example: example, query: query) {
                let which = answers.count > 1 ? " for held-out input \(index + 1)" : ""
                return .abstained((notes + ["the direct answer\(which) fails the sanity check: \(problem)"]).joined(separator: "; "))
            }
        }
        return .answer(answers)
    }

    /// Why an answer cannot be the transformed query, judged only by what the example shows: a
    /// column count the example output does not have, or a header the example keeps but the
    /// answer does not. Nil when it looks plausible.
    public static func sanityProblem(_ answer: Table, example: Example<Table>, query: Table) -> String? {
        if answer.isEmpty { return "it is empty" }
        if example.output.isRectangular, answer.columnCount != example.output.columnCount {
            return "\(answer.columnCount) columns where the example output has \(example.output.columnCount)"
        }
        if let inputHeader = example.input.rows.first, example.output.rows.first == inputHeader,
           let queryHeader = query.rows.first, answer.rows.first != queryHeader {
            return "the example keeps its header row, the answer does not keep the input's"
        }
        return nil
    }
}
