import WinnowCore

/// Where a candidate came from, as `solve --json` reports it in `origin`.
public enum CandidateOrigin: String, Sendable, Hashable, Codable {
    case search
    case modelProgram = "model-program"
    case modelDirect = "model-direct"
    case repair
}

/// A program that was run on the visible example (in-process for search pipelines, in the jail for
/// model programs) and, when it reproduced it, on the held-out input.
public struct CheckedProgram: Sendable, Hashable {
    public var origin: CandidateOrigin
    /// The program's output equals the example's output exactly.
    public var reproducesExample: Bool
    /// Its output on the held-out input, when it ran there.
    public var output: Table?

    public init(origin: CandidateOrigin, reproducesExample: Bool, output: Table?) {
        self.origin = origin
        self.reproducesExample = reproducesExample
        self.output = output
    }
}

/// What Winnow commits to.
public enum Decision: Sendable, Hashable {
    /// A program that reproduced the visible example (the index into the candidates).
    case program(index: Int, origin: CandidateOrigin)
    /// The model's direct answer: unverified, but it passed the sanity check.
    case answer(Table)
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
}

/// Which candidates a run may commit, in which order.
public enum GateMode: String, Sendable, Hashable, CaseIterable {
    /// The model's answer only.
    case direct
    /// The first model program (or its repair) that reproduces the example, else the answer.
    case program
    /// As `program`, over every prompt variant's programs.
    case ensemble
    /// Search pipelines first, then model programs, then the answer.
    case searchAndModel = "search+model"
}

/// The commit rule: a program that reproduces the visible example wins; otherwise the direct answer
/// if it passes a cheap sanity check; otherwise abstain. A wrong answer is never reported as verified:
/// only `.program` decisions rest on a check, and only programs that passed it reach one.
public struct Gate: Sendable, Hashable {
    public var mode: GateMode

    public init(mode: GateMode) { self.mode = mode }

    /// - Parameters:
    ///   - programs: every checked program, search pipelines first if any, in the order to prefer.
    ///   - answer: the model's direct answer on the held-out input, if it gave a readable one.
    public func decide(programs: [CheckedProgram], answer: Table?, example: Example<Table>, query: Table) -> Decision {
        let allowed: Set<CandidateOrigin>
        switch mode {
        case .direct: allowed = []
        case .program, .ensemble: allowed = [.modelProgram, .repair]
        case .searchAndModel: allowed = [.search, .modelProgram, .repair]
        }
        let order: [CandidateOrigin] = [.search, .modelProgram, .repair]
        for origin in order where allowed.contains(origin) {
            if let index = programs.indices.first(where: {
                programs[$0].origin == origin && programs[$0].reproducesExample && programs[$0].output != nil
            }) {
                return .program(index: index, origin: origin)
            }
        }
        let tried = programs.filter { allowed.contains($0.origin) }
        let programNote = allowed.isEmpty ? "" : (tried.isEmpty ? "no program to check; " : "no program of \(tried.count) reproduced the example; ")
        guard let answer else { return .abstained(programNote + "no readable direct answer") }
        if let problem = Self.sanityProblem(answer, example: example, query: query) {
            return .abstained(programNote + "the direct answer fails the sanity check: \(problem)")
        }
        return .answer(answer)
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
