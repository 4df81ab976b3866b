import Testing
import WinnowCore
@testable import WinnowModel

/// The commit rule, mode by mode. Programs here are stand-ins whose checks are already decided: the
/// gate's job is the order and the abstention, not running them.
struct GateTests {
    static let example = Example<Table>(input: [["name", "age"], ["Ann", "31"]], output: [["name", "age"], ["ANN", "31"]])
    static let query: Table = [["name", "age"], ["Bob", "40"]]
    static let right: Table = [["name", "age"], ["BOB", "40"]]
    static let other: Table = [["name", "age"], ["bob", "40"]]

    static func program(_ origin: CandidateOrigin, passes: Bool, output: Table? = right) -> CheckedProgram {
        CheckedProgram(origin: origin, reproducesExample: passes, output: output)
    }

    @Test func directModeCommitsOnlyTheAnswer() {
        let gate = Gate(mode: .direct)
        let decision = gate.decide(programs: [Self.program(.modelProgram, passes: true)], answer: Self.other, example: Self.example, query: Self.query)
        #expect(decision == .answer(Self.other))
    }

    @Test func programModeCommitsTheFirstProgramThatReproducesTheExample() {
        let programs = [Self.program(.modelProgram, passes: false), Self.program(.modelProgram, passes: true), Self.program(.repair, passes: true)]
        #expect(Gate(mode: .program).decide(programs: programs, answer: Self.other, example: Self.example, query: Self.query)
            == .program(index: 1, origin: .modelProgram))
    }

    @Test func aRepairIsCommittedWhenNoFirstAttemptPasses() {
        let programs = [Self.program(.modelProgram, passes: false), Self.program(.repair, passes: true)]
        #expect(Gate(mode: .ensemble).decide(programs: programs, answer: nil, example: Self.example, query: Self.query)
            == .program(index: 1, origin: .repair))
    }

    @Test func programModeFallsBackToASaneAnswer() {
        let programs = [Self.program(.modelProgram, passes: false)]
        #expect(Gate(mode: .program).decide(programs: programs, answer: Self.right, example: Self.example, query: Self.query) == .answer(Self.right))
    }

    @Test func programModeIgnoresSearchPipelines() {
        let programs = [Self.program(.search, passes: true), Self.program(.modelProgram, passes: false)]
        #expect(Gate(mode: .program).decide(programs: programs, answer: Self.right, example: Self.example, query: Self.query) == .answer(Self.right))
    }

    @Test func searchAndModelPrefersASearchPipelineThenModelPrograms() {
        let both = [Self.program(.modelProgram, passes: true), Self.program(.search, passes: true)]
        #expect(Gate(mode: .searchAndModel).decide(programs: both, answer: nil, example: Self.example, query: Self.query)
            == .program(index: 1, origin: .search))
        let modelOnly = [Self.program(.search, passes: false), Self.program(.modelProgram, passes: true)]
        #expect(Gate(mode: .searchAndModel).decide(programs: modelOnly, answer: nil, example: Self.example, query: Self.query)
            == .program(index: 1, origin: .modelProgram))
    }

    @Test func aProgramThatDidNotRunOnTheQueryIsNotCommitted() {
        let programs = [Self.program(.modelProgram, passes: true, output: nil)]
        #expect(Gate(mode: .program).decide(programs: programs, answer: nil, example: Self.example, query: Self.query).kind == "abstained")
    }

    @Test func nothingPassingAndNoAnswerAbstains() {
        let decision = Gate(mode: .program).decide(programs: [Self.program(.modelProgram, passes: false)], answer: nil, example: Self.example, query: Self.query)
        #expect(decision == .abstained("no program of 1 reproduced the example; no readable direct answer"))
    }

    @Test func anAnswerWithTheWrongColumnCountAbstains() {
        let decision = Gate(mode: .direct).decide(programs: [], answer: [["name", "age", "x"], ["BOB", "40", "?"]], example: Self.example, query: Self.query)
        #expect(decision == .abstained("the direct answer fails the sanity check: 3 columns where the example output has 2"))
    }

    @Test func anAnswerThatDropsAKeptHeaderAbstains() {
        let decision = Gate(mode: .direct).decide(programs: [], answer: [["BOB", "40"]], example: Self.example, query: Self.query)
        #expect(decision.kind == "abstained")
        #expect(Gate.sanityProblem([["BOB", "40"]], example: Self.example, query: Self.query)?.contains("header") == true)
    }

    @Test func anEmptyAnswerAbstains() {
        #expect(Gate.sanityProblem(Table([]), example: Self.example, query: Self.query) == "it is empty")
    }

    @Test func withoutAKeptHeaderNoHeaderIsRequired() {
        let example = Example<Table>(input: [["a", "b"]], output: [["b", "a"]])
        #expect(Gate.sanityProblem([["y", "x"]], example: example, query: [["x", "y"]]) == nil)
    }

    @Test func modesAreNamedAsTheCommandLineSpellsThem() {
        #expect(GateMode.allCases.map(\.rawValue) == ["direct", "program", "ensemble", "search+model"])
        #expect([CandidateOrigin.search, .modelProgram, .modelDirect, .repair].map(\.rawValue) == ["search", "model-program", "model-direct", "repair"])
    }
}
