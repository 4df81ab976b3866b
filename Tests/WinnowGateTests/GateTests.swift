import Testing
import WinnowCore
import WinnowGate
import WinnowJail
import WinnowTables

/// The commit rule, mode by mode. Programs here are stand-ins whose checks are already decided: the
/// gate's job is the order and the abstention, not running them (GatedSolverTests runs them).
struct GateTests {
    static let example = Example<Table>(input: [["name", "age"], ["Ann", "31"]], output: [["name", "age"], ["ANN", "31"]])
    static let query: Table = [["name", "age"], ["Bob", "40"]]
    static let right: Table = [["name", "age"], ["BOB", "40"]]
    static let other: Table = [["name", "age"], ["bob", "40"]]
    static let task = SynthesisTask(id: "t", domain: "table", examples: [example], queries: [query])

    static func program(_ origin: CandidateOrigin, prompt: String? = "program", passes: Bool, output: Table? = right) -> CheckedProgram {
        CheckedProgram(
            code: origin == .search ? .pipeline(Pipeline([])) : .python("def transform(t): return t"),
            origin: origin, prompt: origin == .search ? nil : prompt, reproducesExample: passes,
            outputs: passes ? output.map { [$0] } : nil)
    }

    static func evidence(_ programs: [CheckedProgram], answer: Table?, problem: String = "no JSON in the reply") -> Evidence {
        var evidence = Evidence()
        evidence.programs = programs
        evidence.direct = answer.map { DirectAnswer(tables: [$0]) } ?? DirectAnswer(tables: nil, problem: problem)
        return evidence
    }

    static func decide(_ mode: GateMode, _ programs: [CheckedProgram], answer: Table?) -> Decision {
        Gate(mode: mode).decide(evidence(programs, answer: answer), task: task)
    }

    /// A program that tried a side effect in the jail is never committed, whatever it returned,
    /// and the gate says why.
    @Test func aProgramThatTriedASideEffectIsNeverCommitted() {
        var refused = Self.program(.modelProgram, passes: true)
        refused.sideEffects = [SideEffectAttempt(kind: .file, event: "open", detail: "/etc/hosts")]
        #expect(!refused.isCommittable)
        for mode in [GateMode.program, .ensemble, .searchAndModel] {
            #expect(Self.decide(mode, [refused], answer: Self.right) == .answer([Self.right]))
            guard case .abstained(let why) = Self.decide(mode, [refused], answer: nil) else {
                Issue.record("expected abstention under \(mode)")
                continue
            }
            #expect(why.contains("1 program(s) refused (side-effects): tried file: open /etc/hosts"), "\(why)")
        }
        let clean = Self.program(.repair, passes: true)
        #expect(Self.decide(.program, [refused, clean], answer: Self.other) == .program(index: 1, origin: .repair))
    }

    @Test func directModeCommitsOnlyTheAnswer() {
        #expect(Self.decide(.direct, [Self.program(.modelProgram, passes: true)], answer: Self.other) == .answer([Self.other]))
    }

    @Test func programModeCommitsTheFirstProgramThatReproducesTheExample() {
        let programs = [Self.program(.modelProgram, passes: false), Self.program(.modelProgram, passes: true), Self.program(.repair, passes: true)]
        #expect(Self.decide(.program, programs, answer: Self.other) == .program(index: 1, origin: .modelProgram))
    }

    @Test func programModeUsesOnlyTheMainPrompt() {
        let programs = [Self.program(.modelProgram, prompt: "program-steps", passes: true), Self.program(.modelProgram, passes: false)]
        #expect(Self.decide(.program, programs, answer: Self.right) == .answer([Self.right]))
        #expect(Self.decide(.ensemble, programs, answer: Self.right) == .program(index: 0, origin: .modelProgram))
    }

    @Test func aRepairIsCommittedWhenNoFirstAttemptPasses() {
        let programs = [Self.program(.modelProgram, passes: false), Self.program(.repair, passes: true)]
        #expect(Self.decide(.ensemble, programs, answer: nil) == .program(index: 1, origin: .repair))
    }

    @Test func aFirstAttemptIsPreferredToARepairOfAnotherPrompt() {
        let programs = [Self.program(.repair, passes: true), Self.program(.modelProgram, prompt: "program-general", passes: true)]
        #expect(Self.decide(.ensemble, programs, answer: nil) == .program(index: 1, origin: .modelProgram))
    }

    @Test func programModeFallsBackToASaneAnswer() {
        #expect(Self.decide(.program, [Self.program(.modelProgram, passes: false)], answer: Self.right) == .answer([Self.right]))
    }

    @Test func programModeIgnoresSearchPipelines() {
        let programs = [Self.program(.search, passes: true), Self.program(.modelProgram, passes: false)]
        #expect(Self.decide(.program, programs, answer: Self.right) == .answer([Self.right]))
    }

    @Test func searchAndModelPrefersASearchPipelineThenModelPrograms() {
        let both = [Self.program(.modelProgram, passes: true), Self.program(.search, passes: true)]
        #expect(Self.decide(.searchAndModel, both, answer: nil) == .program(index: 1, origin: .search))
        let modelOnly = [Self.program(.search, passes: false), Self.program(.modelProgram, prompt: "program-columns", passes: true)]
        #expect(Self.decide(.searchAndModel, modelOnly, answer: nil) == .program(index: 1, origin: .modelProgram))
    }

    @Test func aProgramThatDidNotRunOnTheQueryIsNotCommitted() {
        let decision = Self.decide(.program, [Self.program(.modelProgram, passes: true, output: nil)], answer: nil)
        #expect(decision.kind == "abstained")
    }

    @Test func nothingPassingAndNoAnswerAbstainsWithBothReasons() {
        let decision = Self.decide(.program, [Self.program(.modelProgram, passes: false)], answer: nil)
        #expect(decision == .abstained("no program of 1 reproduced the example; no readable direct answer (no JSON in the reply)"))
    }

    @Test func anAnswerWithTheWrongColumnCountAbstains() {
        let decision = Self.decide(.direct, [], answer: [["name", "age", "x"], ["BOB", "40", "?"]])
        #expect(decision == .abstained("the direct answer fails the sanity check: 3 columns where the example output has 2"))
    }

    @Test func anAnswerThatDropsAKeptHeaderAbstains() {
        #expect(Self.decide(.direct, [], answer: [["BOB", "40"]]).kind == "abstained")
        #expect(Gate.sanityProblem([["BOB", "40"]], example: Self.example, query: Self.query)?.contains("header") == true)
    }

    @Test func anEmptyAnswerAbstains() {
        #expect(Gate.sanityProblem(Table([]), example: Self.example, query: Self.query) == "it is empty")
    }

    @Test func withoutAKeptHeaderNoHeaderIsRequired() {
        let example = Example<Table>(input: [["a", "b"]], output: [["b", "a"]])
        #expect(Gate.sanityProblem([["y", "x"]], example: example, query: [["x", "y"]]) == nil)
    }

    @Test func aTaskWithoutHeldOutInputCanOnlyCommitAProgram() {
        let bare = SynthesisTask(id: "t", domain: "table", examples: [Self.example], queries: [])
        let passing = CheckedProgram(code: .python("x"), origin: .modelProgram, prompt: "program", reproducesExample: true, outputs: [])
        var evidence = Evidence()
        evidence.programs = [passing]
        #expect(Gate(mode: .program).decide(evidence, task: bare) == .program(index: 0, origin: .modelProgram))
        evidence.programs = []
        #expect(Gate(mode: .program).decide(evidence, task: bare) == .abstained("no program to check; no held-out input to answer"))
    }

    @Test func modesAreNamedAsTheCommandLineSpellsThem() {
        #expect(GateMode.allCases.map(\.rawValue) == ["direct", "program", "ensemble", "search+model"])
        #expect([CandidateOrigin.search, .modelProgram, .modelDirect, .repair].map(\.rawValue) == ["search", "model-program", "model-direct", "repair"])
    }
}
