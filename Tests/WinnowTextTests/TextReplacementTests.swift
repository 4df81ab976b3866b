import Testing
@testable import WinnowText

@Suite struct TextReplacementTests {
    let synthesizer = CellSynthesizer()

    private func programs(_ rows: [[String]], _ outputs: [String]) -> [CellProgram] {
        synthesizer.learn(rows: rows, outputs: outputs, limit: 3).map(\.program)
    }

    @Test func everyOccurrenceIsReplacedLeftToRightWithoutOverlaps() {
        let replace = CellProgram(otherwise: [.replaceText(column: 0, text: "aa", with: "b")])
        #expect(replace.apply(["aaaaa"]) == "bba")
        #expect(replace.apply(["xyz"]) == "xyz")
        #expect(replace.apply([]) == "")
        #expect(CellProgram(otherwise: [.replaceText(column: 0, text: "é", with: "e")]).apply(["café é"]) == "cafe e")
    }

    @Test func aWordIsReplacedEverywhereOnceTwoRowsShowIt() {
        let found = programs([["12 Main Street"], ["5 Oak Street East"]], ["12 Main St", "5 Oak St East"])
        #expect(found.first == CellProgram(otherwise: [.replaceText(column: 0, text: "Street", with: "St")]))
        #expect(found.first?.apply(["7 Street Lane Street"]) == "7 St Lane St")
    }

    @Test func aReplacementThatWritesWordsIsNotLearnedFromOneRow() {
        let found = programs([["12 Main Street"]], ["12 Main St"])
        #expect(!found.isEmpty)
        #expect(!found.contains { $0.otherwise.contains { if case .replaceText = $0 { true } else { false } } })
    }

    @Test func aRemovalIsLearnedFromOneRow() {
        let found = programs([["thatwill"]], ["will"])
        let removal = CellProgram(otherwise: [.replaceText(column: 0, text: "that", with: "")])
        #expect(found.contains(removal))
        #expect(removal.apply(["knowthat"]) == "know")
    }

    @Test func aReplacementIsOfWholeWordsNeverOfPartOfOne() {
        let found = synthesizer.alternatives(rows: [["a BRD"], ["b BRD"]], outputs: ["a Branding", "b Branding"]).map(\.program)
        #expect(found.contains(CellProgram(otherwise: [.replaceText(column: 0, text: "BRD", with: "Branding")])))
        #expect(!found.contains { $0.otherwise.contains { if case .replaceText(_, "RD", _) = $0 { true } else { false } } })
    }

    @Test func aBranchPerRowMayNotReplaceWithWordsOfItsOwn() {
        // Each row's word spelled out is a lookup table of the examples, not a rule.
        let found = programs([["x_BRD_1"], ["y_LDS_2"]], ["x_Branding_1", "y_Leads_2"])
        #expect(!found.contains { program in
            program.branches.flatMap(\.parts).contains { if case .replaceText = $0 { true } else { false } }
        })
    }

    @Test func theReplacedTextIsCountedAsAnAnchor() {
        let program = CellProgram(otherwise: [.replaceText(column: 0, text: "that", with: "")])
        #expect(program.anchorCounts(["thatwill"]) == [0: 1])
        #expect(program.anchorCounts(["mouse"]) == [0: 0])
        #expect(program.anchorCounts(["that and that"]) == [0: 2])
    }
}
