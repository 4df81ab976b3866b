import WinnowCore
import WinnowJail
import WinnowModel
import WinnowTables

/// The propose → verify → commit loop for one task: inventory search and the model propose, the
/// jail checks every model program, and the gate commits.
///
/// `gather` collects the evidence a set of gate modes needs and `Gate.decide` judges it, so one
/// gathering serves every mode (the benchmark compares modes on the same replies), while `solve`
/// for the single mode `search+model` skips the model when search already commits.
public struct GatedSolver: Sendable {
    /// Inventory search; needed by `search+model` only.
    public var search: TableSolver?
    /// The model; nil for a model-free run (then only search pipelines can be committed).
    public var proposer: ModelProposer?
    /// Where model programs run; nil only when no program will be asked for (`direct`).
    public var checker: ProgramChecker?
    /// Repair rounds for a prompt none of whose programs reproduces the example.
    public var repairRounds = 1
    /// Readings of one completion tried in the jail (a reply with several code blocks has several).
    public var readingsPerCompletion = 3

    public init(search: TableSolver?, proposer: ModelProposer?, checker: ProgramChecker?) {
        self.search = search
        self.proposer = proposer
        self.checker = checker
    }

    /// Gathers the evidence for `mode` and decides.
    public func solve(_ task: SynthesisTask<Table>, mode: GateMode) async throws -> (Evidence, Decision) {
        let evidence = try await gather(task, for: [mode])
        return (evidence, Gate(mode: mode).decide(evidence, task: task))
    }

    /// Everything the modes need: search if any mode uses it, the direct answer, and the programs
    /// (with repairs) of every prompt any mode draws on.
    ///
    /// Throws only when the executor refuses work (shut down, interrupted) or a shipped prompt is
    /// missing; model and program failures are evidence.
    public func gather(_ task: SynthesisTask<Table>, for modes: Set<GateMode>) async throws -> Evidence {
        let clock = ContinuousClock()
        let started = clock.now
        var evidence = Evidence()
        if modes.contains(where: \.needsSearch), let search {
            let result = search.solve(task)
            evidence.search = result
            evidence.searchMilliseconds = result.duration.milliseconds
            if let program = result.program {
                evidence.programs.append(CheckedProgram(code: .pipeline(program), origin: .search, reproducesExample: true, outputs: result.outputs))
                if modes == [.searchAndModel] {
                    evidence.milliseconds = (clock.now - started).milliseconds
                    return evidence
                }
            }
        }
        guard let proposer, let example = task.examples.first else {
            evidence.milliseconds = (clock.now - started).milliseconds
            return evidence
        }
        let prompts = PromptSet.ensemble.filter { prompt in modes.contains { $0.prompts.contains(prompt) } }
        let parts = try await withThrowingTaskGroup(of: (Int, Part).self) { group in
            for (index, query) in task.queries.enumerated() {
                group.addTask { (index, try await Self.direct(proposer, example: example, query: query)) }
            }
            for (index, prompt) in prompts.enumerated() {
                group.addTask { (task.queries.count + index, try await self.programs(prompt, proposer: proposer, task: task)) }
            }
            var parts: [(Int, Part)] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var answers: [Table] = []
        var directProblem: String?
        var repairs: [String] = []
        for part in parts {
            evidence.programs += part.programs
            evidence.usage = evidence.usage + part.usage
            evidence.modelCalls += part.calls
            evidence.modelErrors += part.errors
            evidence.unreadable += part.unreadable
            evidence.jailRuns += part.runs
            switch part.answer {
            case .table(let answer)?:
                answers.append(answer.table)
                repairs += answer.repairs.filter { !repairs.contains($0) }
            case .noTable(let why)?: directProblem = directProblem ?? why
            case .truncatedInThink?: directProblem = directProblem ?? "the reply ended inside a <think> block"
            case nil: break
            }
        }
        if !task.queries.isEmpty {
            evidence.direct = directProblem == nil && answers.count == task.queries.count
                ? DirectAnswer(tables: answers, repairs: repairs)
                : DirectAnswer(tables: nil, problem: directProblem ?? "no reply", repairs: repairs)
        }
        evidence.milliseconds = (clock.now - started).milliseconds
        return evidence
    }

    /// What one concurrent piece of the gathering produced.
    private struct Part: Sendable {
        var programs: [CheckedProgram] = []
        var answer: TableParse?
        var usage = ModelUsage()
        var calls = 0
        var errors: [String] = []
        var unreadable: [String] = []
        var runs = 0

        mutating func record<P>(_ proposal: ModelProposal<P>, as label: String) {
            calls += 1
            usage = usage + proposal.usage
            if let error = proposal.error { errors.append("\(label): \(error)") }
        }
    }

    private static func direct(_ proposer: ModelProposer, example: Example<Table>, query: Table) async throws -> Part {
        let proposal = try await proposer.directAnswer(example: example, query: query)
        var part = Part()
        part.record(proposal, as: "direct")
        part.answer = proposal.error.map { .noTable("the model call failed: \($0)") } ?? proposal.parses.first
        if proposal.error == nil, case .noTable(let why)? = part.answer { part.unreadable.append("direct: \(why)") }
        return part
    }

    /// One prompt's programs, each checked in the jail, then repair rounds while none passes.
    private func programs(_ prompt: String, proposer: ModelProposer, task: SynthesisTask<Table>) async throws -> Part {
        var part = Part()
        guard let checker, let example = task.examples.first else { return part }
        var checked: [String: ProgramCheck] = [:]
        func run(_ source: String) async throws(ExecutorError) -> ProgramCheck {
            if let known = checked[source] { return known }
            let check = try await checker.check(source, examples: task.examples, queries: task.queries)
            part.runs += check.runs
            checked[source] = check
            return check
        }
        /// The reading of a completion to keep: the first that passes, else the first.
        func take(_ parse: ProgramParse, origin: CandidateOrigin, label: String) async throws -> (String, ProgramCheck)? {
            switch parse {
            case .truncatedInThink:
                part.unreadable.append("\(label): the reply ended inside a <think> block")
                return nil
            case .noProgram(let why):
                part.unreadable.append("\(label): \(why)")
                return nil
            case .candidates(let candidates):
                var kept: (String, ProgramCheck)?
                for candidate in candidates.prefix(readingsPerCompletion) {
                    let check = try await run(candidate.source)
                    if kept == nil || check.outputs != nil { kept = (candidate.source, check) }
                    if check.outputs != nil { break }
                }
                if let (source, check) = kept {
                    part.programs.append(CheckedProgram(
                        code: .python(source), origin: origin, prompt: prompt, reproducesExample: check.reproducesExample,
                        problem: check.problem, outputs: check.outputs, sideEffects: check.sideEffects))
                }
                return kept
            }
        }

        let proposal = try await proposer.programs(prompt: prompt, example: example, query: task.queries.first)
        part.record(proposal, as: prompt)
        var attempts: [(String, ProgramCheck)] = []
        for (sample, parse) in proposal.parses.enumerated() {
            let label = proposal.parses.count > 1 ? "\(prompt) sample \(sample + 1)" : prompt
            if let attempt = try await take(parse, origin: .modelProgram, label: label) { attempts.append(attempt) }
        }
        var round = 0
        while round < repairRounds, !attempts.contains(where: { $0.1.outputs != nil }),
              let (source, failure) = Self.closestMiss(attempts) {
            round += 1
            let failed = task.examples[failure.example]
            let material = ProgramChecker.repairMaterial(failure.verdict, expected: failed.output)
            let repair = try await proposer.repair(program: source, observed: material.observed, diff: material.diff, example: failed)
            part.record(repair, as: "\(prompt) repair \(round)")
            attempts = []
            let known = checked.count
            for parse in repair.parses {
                if let attempt = try await take(parse, origin: .repair, label: "\(prompt) repair \(round)") { attempts.append(attempt) }
            }
            // A repair that returns a program already tried would be asked the same question again.
            if checked.count == known { break }
        }
        return part
    }

    /// The failed program most worth repairing: one that returned a table with the fewest
    /// differing cells, else the first that failed on an example at all.
    private static func closestMiss(_ attempts: [(String, ProgramCheck)]) -> (String, ProgramCheck.Failure)? {
        let misses = attempts.compactMap { attempt in attempt.1.failure.map { (attempt.0, $0) } }
        return misses.min { ($0.1.differingCells ?? Int.max) < ($1.1.differingCells ?? Int.max) }
    }
}
