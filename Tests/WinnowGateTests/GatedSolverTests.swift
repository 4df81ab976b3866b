import Foundation
import Testing
import WinnowCore
import WinnowGate
import WinnowJail
import WinnowModel
import WinnowTables
import WinnowTestSupport

/// The propose → verify → commit loop end to end: the real client over loopback to a scripted
/// OpenAI-compatible server, every model program run in the real jail, the gate deciding.
///
/// The server's replies are hand-written stand-ins for what a small model writes (prose around a
/// ```python block, a ```json answer…), routed by the shipped prompt each request carries; no model
/// is involved. The task: upper-case the names of a two-column table with a header row.
///
/// Serialized: each test starts its own jail, and running them side by side on a small machine
/// would turn the wall-clock limit into noise.
@Suite(.serialized) struct GatedSolverTests {
    typealias F = GateFixtures
    typealias Programs = GateFixtures.Programs

    /// A direct answer the sanity check refuses: a column the example output does not have.
    static let threeColumnAnswer: Table = [["name", "age", "note"], ["BOB", "40", "upper-cased"]]
    /// A reply with no code in it (hand-written stand-in).
    static let prose = "To do this, upper-case the first cell of every row below the header and keep the other cells."

    /// Whatever was decided, a `.program` decision names a program that reproduced the example,
    /// ran on the held-out input, and (in these tasks) gives the right answer there.
    static func expectSound(
        _ decision: Decision, _ evidence: Evidence, answer: Table = GateFixtures.answer,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard case .program(let index, let origin) = decision else { return }
        guard evidence.programs.indices.contains(index) else {
            Issue.record("decision names program \(index) of \(evidence.programs.count)", sourceLocation: sourceLocation)
            return
        }
        let program = evidence.programs[index]
        #expect(program.origin == origin, sourceLocation: sourceLocation)
        #expect(program.reproducesExample && program.isCommittable && program.problem == nil, sourceLocation: sourceLocation)
        #expect(program.outputs == [answer], sourceLocation: sourceLocation)
    }

    static func source(_ program: CheckedProgram?) -> String? {
        guard case .python(let source)? = program?.code else { return nil }
        return source
    }

    // MARK: The router the scripted model relies on

    @Test func everyShippedPromptCarriesItsOwnMarkerAndNoOther() throws {
        for kind in PromptKind.allCases {
            let text = try PromptTemplate.shipped(kind.rawValue).text
            #expect(PromptKind.allCases.filter { text.contains($0.marker) } == [kind], "\(kind.rawValue).md")
        }
        #expect(Set(PromptSet.ensemble) == Set(PromptKind.allCases.map(\.rawValue)).subtracting(["direct", "repair"]))
    }

    // MARK: Program mode

    @Test func programModeCommitsAModelProgramThatReproducesTheExampleAndStillAsksForTheDirectAnswer() async throws {
        let server = try F.server([
            .program: [F.fenced(Programs.upperNames)],
            .direct: [F.jsonAnswer(F.answer)],
        ])
        defer { server.stop() }
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool).solve(F.task, mode: .program)
            #expect(decision == .program(index: 0, origin: .modelProgram))
            Self.expectSound(decision, evidence)
            #expect(evidence.programs.count == 1)
            let committed = try #require(evidence.programs.first)
            #expect(committed.prompt == PromptSet.main)
            #expect(Self.source(committed)?.contains("row[0].upper()") == true)
            // One run on the example, one on the held-out input.
            #expect(evidence.jailRuns == 2)
            // The direct answer was asked for too, with the table schema, and read.
            #expect(F.requestCounts(server) == [.program: 1, .direct: 1])
            let direct = try #require(server.requests.first { PromptKind.of($0) == .direct })
            #expect(direct.body["response_format"] != nil)
            #expect(evidence.direct?.tables == [F.answer])
            #expect(evidence.modelCalls == 2 && evidence.modelErrors.isEmpty && !evidence.modelUnavailable)
            #expect(evidence.unreadable.isEmpty)
        }
    }

    /// Issue 16, item 10: the model's program writes a host file inside try/except; the jail
    /// refuses the write, the program catches the error and returns the right table. The attempt
    /// is evidence: the program is refused (reason side-effects), the answer is what is committed,
    /// and the host file was never written.
    @Test func aProgramThatTriedToWriteAHostFileIsRefusedAlthoughItReturnsTheRightTable() async throws {
        let path = F.hostPath("model-write")
        let program = """
            def transform(table):
                try:
                    with open('\(path)', 'w') as f:
                        f.write('written by the model')
                except OSError:
                    pass
                header, *rows = table
                return [header] + [[row[0].upper()] + row[1:] for row in rows]
            """
        let server = try F.server([
            .program: [F.fenced(program + "\n")],
            .direct: [F.jsonAnswer(F.answer)],
        ])
        defer { server.stop() }
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool).solve(F.task, mode: .program)
            #expect(decision == .answer([F.answer]))
            let refused = try #require(evidence.programs.first)
            #expect(!refused.isCommittable && refused.outputs == nil)
            #expect(refused.sideEffects == [SideEffectAttempt(kind: .file, event: "open", detail: path)])
            #expect(refused.problem == "refused (side-effects): it tried file: open \(path) in the jail")
            // Nothing to repair: it did not fail the example, it tried something it must not.
            #expect(F.requestCounts(server) == [.program: 1, .direct: 1])
            #expect(evidence.jailRuns == 1)
            #expect(!FileManager.default.fileExists(atPath: path))
            try await F.expectHealthy(pool)
        }
    }

    @Test func aWrongFirstProgramIsRepairedFromItsCellDiffAndTheRepairIsCommitted() async throws {
        let server = try F.server([
            .program: [F.fenced(Programs.lowerNames)],
            .repair: [F.fenced(Programs.upperNames, before: "You are right, the names must be upper-cased. Here is the fix:")],
            .direct: [F.jsonAnswer(F.answer)],
        ])
        defer { server.stop() }
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool).solve(F.task, mode: .program)
            #expect(decision == .program(index: 1, origin: .repair))
            Self.expectSound(decision, evidence)
            try #require(evidence.programs.count == 2)
            let first = evidence.programs[0]
            #expect(first.origin == .modelProgram && !first.reproducesExample && first.outputs == nil)
            #expect(first.problem == "differs from the example in 1 cell(s)")
            #expect(evidence.programs[1].prompt == PromptSet.main)
            // The repair prompt shows the failing program, what it returned, and the cell that differs.
            let repairs = F.prompts(.repair, in: server)
            try #require(repairs.count == 1)
            #expect(repairs[0].contains("return [header] + [[row[0].lower()] + row[1:] for row in rows]"))
            #expect(repairs[0].contains(#"["ann","31"]"#))
            #expect(repairs[0].contains(#"cell [1, 0]: expected "ANN", got "ann""#))
            // The wrong program ran on the example only; the repair on the example and the input.
            #expect(evidence.jailRuns == 3)
        }
    }

    @Test func whenNoProgramPassesEvenAfterRepairASaneDirectAnswerIsCommittedAsAnAnswer() async throws {
        let server = try F.server([
            .program: [F.fenced(Programs.lowerNames)],
            .repair: [F.fenced(Programs.unchanged)],
            .direct: [F.jsonAnswer(F.answer)],
        ])
        defer { server.stop() }
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool).solve(F.task, mode: .program)
            #expect(decision == .answer([F.answer]))
            #expect(decision.origin == .modelDirect)
            #expect(evidence.programs.map(\.origin) == [.modelProgram, .repair])
            #expect(evidence.programs.allSatisfy { !$0.reproducesExample && !$0.isCommittable && $0.problem != nil })
            #expect(F.requestCounts(server) == [.program: 1, .repair: 1, .direct: 1])
        }
    }

    @Test func whenNoProgramPassesADirectAnswerWithTheWrongColumnCountAbstains() async throws {
        let server = try F.server([
            .program: [F.fenced(Programs.lowerNames)],
            .repair: [F.fenced(Programs.unchanged)],
            .direct: [F.jsonAnswer(Self.threeColumnAnswer)],
        ])
        defer { server.stop() }
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool).solve(F.task, mode: .program)
            #expect(decision == .abstained(
                "no program of 2 reproduced the example; the direct answer fails the sanity check: 3 columns where the example output has 2"))
            #expect(evidence.direct?.tables == [Self.threeColumnAnswer])
            #expect(evidence.programs.allSatisfy { !$0.isCommittable })
        }
    }

    // MARK: What the jail refuses

    @Test func hostileProgramsAreRecordedWithTheirProblemNeverCommittedAndThePoolStaysHealthy() async throws {
        let touched = F.hostPath("system")
        let written = F.hostPath("open")
        let server = try F.server([
            .program: [F.fenced("import os\n\ndef transform(table):\n    os.system('touch \(touched)')\n    return table\n")],
            .programSteps: [F.fenced("def transform(table):\n    return [line.split(':') for line in open('/etc/passwd').read().splitlines()]\n")],
            .programGeneral: [F.fenced("def transform(table):\n    while True:\n        pass\n")],
            .programColumns: [F.fenced("def transform(table):\n    with open('\(written)', 'w') as f:\n        f.write('x')\n    return table\n")],
            .repair: [F.fenced("import os\n\ndef transform(table):\n    os.fork()\n    return [[c.upper() for c in row] for row in table]\n")],
            .direct: [F.jsonAnswer(F.answer)],
        ])
        defer { server.stop() }
        // A short wall: one of them hangs.
        try await F.withPool(wallMilliseconds: 400) { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool).solve(F.task, mode: .ensemble)
            // Nothing reproduced the example, so the gate falls back to the (sane) direct answer.
            #expect(decision == .answer([F.answer]))
            // Each prompt's program and its repair, in prompt order, each with why it failed.
            #expect(evidence.programs.map(\.prompt) == PromptSet.ensemble.flatMap { [$0, $0] })
            #expect(evidence.programs.map(\.origin) == Array(repeating: [CandidateOrigin.modelProgram, .repair], count: 4).flatMap { $0 })
            #expect(evidence.programs.allSatisfy { !$0.reproducesExample && $0.outputs == nil && $0.problem != nil })
            // What each tried is the reason it is refused (issue 16: side effects are evidence);
            // the loop that tried nothing is a plain timeout.
            let problems = evidence.programs.map { $0.problem ?? "" }
            #expect(problems[0] == "refused (side-effects): it tried process: os.system touch \(touched) in the jail", "\(problems[0])")
            #expect(problems[2] == "refused (side-effects): it tried file: open /etc/passwd in the jail", "\(problems[2])")
            #expect(problems[4].contains("timeout"), "\(problems[4])")
            #expect(problems[6] == "refused (side-effects): it tried file: open \(written) in the jail", "\(problems[6])")
            for repair in stride(from: 1, to: 8, by: 2) {
                #expect(problems[repair] == "refused (side-effects): it tried process: os.fork in the jail", "\(problems[repair])")
            }
            #expect(evidence.programs.filter { !$0.sideEffects.isEmpty }.count == 7)
            // Nothing reached the host, and the pool still serves a normal job with its first zygote.
            #expect(!FileManager.default.fileExists(atPath: touched))
            #expect(!FileManager.default.fileExists(atPath: written))
            try await F.expectHealthy(pool)
            #expect(await pool.restarts == 0)
        }
    }

    @Test func aProgramThatReproducesTheExampleButRaisesOnTheHeldOutInputIsNotCommitted() async throws {
        let server = try F.server([
            .program: [F.fenced(Programs.onlyAnn)],
            .direct: [F.jsonAnswer(Self.threeColumnAnswer)],
        ])
        defer { server.stop() }
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool).solve(F.task, mode: .program)
            let program = try #require(evidence.programs.first)
            #expect(program.reproducesExample && !program.isCommittable && program.outputs == nil)
            let problem = try #require(program.problem)
            #expect(problem.hasPrefix("reproduces the example but fails on held-out input: runtime error: ValueError: unknown name Bob"), "\(problem)")
            #expect(evidence.jailRuns == 2)
            guard case .abstained(let reason) = decision else {
                Issue.record("expected an abstention, got \(decision)")
                return
            }
            #expect(reason.contains("no program of 1 reproduced the example and ran on every held-out input"))
            #expect(reason.contains("held-out input: runtime error: ValueError"))
            #expect(reason.contains("sanity check"))
        }
    }

    // MARK: Ensemble

    @Test func aProgramFromAnotherEnsemblePromptIsCommittedByEnsembleModeButNotByProgramMode() async throws {
        let server = try F.server([
            .program: [F.fenced(Programs.lowerNames)],
            .programSteps: [Self.prose],
            .programGeneral: [F.fenced(Programs.unchanged, before: "Rule: the table stays as it is.")],
            .programColumns: [F.fenced(Programs.upperFirstColumn, before: "Column 0 is upper-cased in every row after row 0.")],
            .repair: [F.fenced(Programs.unchanged)],
            .direct: [F.jsonAnswer(Self.threeColumnAnswer)],
        ])
        defer { server.stop() }
        try await F.withPool { pool in
            let evidence = try await F.solver(server, pool: pool).gather(F.task, for: [.program, .ensemble])
            // Each prompt asked once; a repair for each prompt that gave a failing program (not for
            // program-steps, which gave none).
            #expect(F.requestCounts(server) == [.direct: 1, .program: 1, .programSteps: 1, .programGeneral: 1, .programColumns: 1, .repair: 2])
            #expect(evidence.modelCalls == 7)
            #expect(evidence.unreadable == ["program-steps: no code and no transform(table) in the output"])

            let program = Gate(mode: .program).decide(evidence, task: F.task)
            #expect(program == .abstained(
                "no program of 2 reproduced the example; the direct answer fails the sanity check: 3 columns where the example output has 2"))

            let ensemble = Gate(mode: .ensemble).decide(evidence, task: F.task)
            guard case .program(let index, .modelProgram) = ensemble else {
                Issue.record("expected a model program, got \(ensemble)")
                return
            }
            Self.expectSound(ensemble, evidence)
            #expect(evidence.programs[index].prompt == "program-columns")
        }
    }

    // MARK: Search and model

    @Test func searchAndModelCommitsASearchPipelineWithoutAskingTheModel() async throws {
        let example = Example<Table>(input: [["name", "age", "city"], ["Ann", "31", "Oslo"]], output: [["name", "city"], ["Ann", "Oslo"]])
        let task = SynthesisTask(id: "drop-age", domain: "table", examples: [example], queries: [[["name", "age", "city"], ["Bob", "40", "Rome"]]])
        let server = try F.server([
            .program: [F.fenced(Programs.unchanged)],
            .programSteps: [F.fenced(Programs.unchanged)],
            .programGeneral: [F.fenced(Programs.unchanged)],
            .programColumns: [F.fenced(Programs.unchanged)],
            .repair: [F.fenced(Programs.unchanged)],
            .direct: [F.jsonAnswer([["name", "city"], ["Bob", "Rome"]])],
        ])
        defer { server.stop() }
        let search = TableSolver(inventory: try F.inventory(), parallel: false)
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool, search: search).solve(task, mode: .searchAndModel)
            #expect(decision == .program(index: 0, origin: .search))
            Self.expectSound(decision, evidence, answer: [["name", "city"], ["Bob", "Rome"]])
            #expect(evidence.search?.status == .solved)
            #expect(evidence.programs.count == 1)
            // Search committed, so the model was never asked: not even for the direct answer.
            #expect(server.requests.isEmpty)
            #expect(evidence.modelCalls == 0 && evidence.direct == nil && evidence.jailRuns == 0)
        }
    }

    @Test func searchAndModelFallsBackToModelProgramsWhenSearchCannotSolve() async throws {
        let server = try F.server([
            .program: [F.fenced(Programs.lowerNames)],
            .programSteps: [F.fenced(Programs.upperNames, before: "Rule: names are upper-cased; the header and ages stay.")],
            .programGeneral: [Self.prose],
            .programColumns: [Self.prose],
            .repair: [F.fenced(Programs.unchanged)],
            .direct: [F.jsonAnswer(F.answer)],
        ])
        defer { server.stop() }
        let search = TableSolver(inventory: try F.inventory(), parallel: false)
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool, search: search).solve(F.task, mode: .searchAndModel)
            // No operator invents upper-case letters: search gives up, the model's programs are checked.
            #expect(evidence.search?.status == .unsolved)
            #expect(!evidence.programs.contains { $0.origin == .search })
            guard case .program(let index, .modelProgram) = decision else {
                Issue.record("expected a model program, got \(decision)")
                return
            }
            Self.expectSound(decision, evidence)
            #expect(evidence.programs[index].prompt == "program-steps")
            #expect(F.requestCounts(server) == [.direct: 1, .program: 1, .programSteps: 1, .programGeneral: 1, .programColumns: 1, .repair: 1])
        }
    }

    // MARK: Unreadable replies and an unavailable server

    @Test func aReplyWithNoCodeIsRecordedAsUnreadableAndNotRepaired() async throws {
        let server = try F.server([
            .program: [Self.prose],
            .direct: [F.jsonAnswer(F.answer)],
        ])
        defer { server.stop() }
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool).solve(F.task, mode: .program)
            #expect(evidence.unreadable == ["program: no code and no transform(table) in the output"])
            #expect(evidence.programs.isEmpty && evidence.jailRuns == 0)
            #expect(F.requestCounts(server) == [.program: 1, .direct: 1])
            #expect(decision == .answer([F.answer]))
        }
    }

    @Test func aServerFailingEveryRequestMakesTheModelUnavailableAndTheGateAbstains() async throws {
        let server = try ScriptedOpenAIServer { _, _ in .error(500, "the model crashed") }
        defer { server.stop() }
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool, retries: 1).solve(F.task, mode: .program)
            #expect(evidence.modelUnavailable)
            #expect(evidence.modelCalls == 2 && evidence.modelErrors.count == 2)
            #expect(evidence.modelErrors.allSatisfy { $0.contains("server error 500: the model crashed") }, "\(evidence.modelErrors)")
            // Two calls (direct, program), each tried twice.
            #expect(server.requests.count == 4)
            #expect(evidence.programs.isEmpty && evidence.direct?.tables == nil)
            guard case .abstained(let reason) = decision else {
                Issue.record("expected an abstention, got \(decision)")
                return
            }
            #expect(reason.hasPrefix("no program to check; no readable direct answer (the model call failed: server error 500"), "\(reason)")
        }
    }

    @Test func aServerThatRefusesTheJSONSchemaStillGivesADirectAnswer() async throws {
        let server = try F.server([.program: [Self.prose], .direct: [F.jsonAnswer(F.answer)]], refusingSchema: true)
        defer { server.stop() }
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool).solve(F.task, mode: .program)
            #expect(decision == .answer([F.answer]))
            #expect(evidence.modelErrors.isEmpty)
            // Refused with the schema, then asked once more without it.
            let direct = server.requests.filter { PromptKind.of($0) == .direct }
            #expect(direct.map { $0.body["response_format"] != nil } == [true, false])
        }
    }

    // MARK: Samples

    @Test func threeSamplesFromAServerThatIgnoresNAreThreeProgramRequests() async throws {
        let server = try F.server([
            .program: [F.fenced(Programs.lowerNames), F.fenced(Programs.upperNames), Self.prose],
            .direct: [F.jsonAnswer(F.answer)],
        ])
        defer { server.stop() }
        try await F.withPool { pool in
            let (evidence, decision) = try await F.solver(server, pool: pool, samples: 3).solve(F.task, mode: .program)
            let programRequests = server.requests.filter { PromptKind.of($0) == .program }
            #expect(programRequests.count == 3)
            // Asked for n = 3 once; given one choice, the client fetched the other two one by one.
            #expect(programRequests.map { $0.body["n"] as? Double } == [3, nil, nil])
            #expect(evidence.modelCalls == 2 && evidence.usage.requests == 4)
            #expect(evidence.programs.map(\.reproducesExample) == [false, true])
            #expect(evidence.unreadable == ["program sample 3: no code and no transform(table) in the output"])
            #expect(decision == .program(index: 1, origin: .modelProgram))
            Self.expectSound(decision, evidence)
            // One sample passed, so nothing was repaired.
            #expect(F.requestCounts(server)[.repair] == nil)
        }
    }
}
