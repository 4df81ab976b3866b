import Testing
@testable import WinnowText

/// One test per ranking rule of `ProgramCost`, each checked by what the best program does on a row it
/// was not shown, plus the synthesizer's contract.
@Suite struct CellSynthesizerTests {
    let synthesizer = CellSynthesizer()

    private func best(_ rows: [[String]], _ outputs: [String]) -> CellProgram? {
        synthesizer.learn(rows: rows, outputs: outputs).first?.program
    }

    @Test func everyProgramReproducesEveryExampleRow() {
        let rows = [["938-242-504"], ["308-916-545"]]
        let programs = synthesizer.learn(rows: rows, outputs: ["(938) 242-504", "(308) 916-545"], limit: 5)
        #expect(!programs.isEmpty)
        for ranked in programs {
            #expect(ranked.program.apply(rows[0]) == "(938) 242-504")
            #expect(ranked.program.apply(rows[1]) == "(308) 916-545")
        }
        #expect(programs.map(\.cost) == programs.map(\.cost).sorted())
    }

    /// A solve's budget reaches into synthesis: past its deadline the synthesizer learns nothing,
    /// conditionals included, rather than finishing work the budget no longer pays for.
    @Test func pastItsDeadlineTheSynthesizerLearnsNothing() {
        let rows = [["Ng, Ann"], ["Li, Bo"], ["Bo"], ["Ann"]]
        let outputs = ["Ann", "Bo", "Bo", "Ann"]
        #expect(!synthesizer.learn(rows: rows, outputs: outputs).isEmpty)
        var late = synthesizer
        late.deadline = ContinuousClock.now - .seconds(1)
        #expect(late.learn(rows: rows, outputs: outputs).isEmpty)
    }

    @Test func alternativesGoOnDownTheVersionSpaceAcrossDifferentCuts() {
        let rows = [["Mining US"]]
        let alternatives = synthesizer.alternatives(rows: rows, outputs: ["Mining"], limit: 32)
        #expect(alternatives.count > synthesizer.learn(rows: rows, outputs: ["Mining"]).count)
        #expect(alternatives.allSatisfy { $0.program.apply(rows[0]) == "Mining" })
        #expect(alternatives.map(\.cost) == alternatives.map(\.cost).sorted())
        #expect(Set(alternatives.map(\.program)).count == alternatives.count)
        // Both readings of one example are there: the first word, and all but the last word.
        let readings = Set(alternatives.compactMap { $0.program.apply(["Soybean Farming CAN"]) })
        #expect(readings.isSuperset(of: ["Soybean", "Soybean Farming"]))
        // Nothing costs more than the slack over the cheapest.
        if let cheapest = alternatives.first?.cost {
            #expect(synthesizer.alternatives(rows: rows, outputs: ["Mining"], limit: 32, slack: 0.5).allSatisfy { $0.cost <= cheapest + 0.5 + 1e-9 })
        }
    }

    @Test func fewerPartsWin() {
        #expect(best([["Nancy FreeHafer"]], ["Nancy FreeHafer"]) == CellProgram(otherwise: [.whole(column: 0, spacing: .keep, case: .keep)]))
    }

    @Test func textTheRowHoldsIsCopiedNotWritten() {
        let program = best([["Launa", "Withers"]], ["Withers, L."])
        #expect(program?.apply(["Lakenya", "Edison"]) == "Edison, L.")
    }

    @Test func aWrittenWordIsWrittenWholeNotPiecedFromStrayLetters() {
        let program = best([["Los Angeles, CA"]], ["Los Angeles, CA, USA"])
        #expect(program == CellProgram(otherwise: [.whole(column: 0, spacing: .keep, case: .keep), .constant(", USA")]))
    }

    @Test func tokenPositionsBeatIndexesFromAnEnd() {
        #expect(best([["Ducati100"]], ["Ducati"])?.apply(["Honda125"]) == "Honda")
    }

    /// `char(1)` ending a cut is the first character of any cell, an initial, not a place that moves
    /// with the cell's length, so it beats writing the example's letter.
    @Test func theFirstCharacterIsAnInitialNotAWrittenLetter() {
        #expect(best([["john smith"]], ["J. Smith"])?.apply(["mary lee"]) == "M. Lee")
    }

    /// ISO 8601 writes the year first, then month and day, both padded; a day and a month of one
    /// digit or of the same value do not say so, the order of the fields does.
    @Test func aDateWrittenYearFirstIsWrittenTheISOWay() {
        #expect(best([["March 3, 2021"]], ["2021-03-03"])?.apply(["December 25, 1999"]) == "1999-12-25")
        #expect(best([["25.12.2019"]], ["2019-12-25"])?.apply(["01.02.2003"]) == "2003-02-01")
        #expect(best([["2019-12-25"]], ["12/25/2019"])?.apply(["2003-02-01"]) == "2/1/2003")
    }

    /// A number is one value: `12`, `3` → `36` is a product, not the `3` with a `6` written after it,
    /// and `7` → `007` a padded number. Writing digits beside a space or a letter is not charged.
    @Test func aConstantDoesNotSpliceDigitsIntoANumber() {
        #expect(best([["12", "3"]], ["36"])?.apply(["7", "4"]) == "28")
        #expect(best([["7"]], ["007"])?.apply(["12"]) == "012")
        #expect(best([["3"]], ["Q3 2025"])?.apply(["4"]) == "Q4 2025")
        // A decimal mark is inside the number: `13` written before a copied `.50` splices it too.
        #expect(best([["3", "4.50"]], ["13.50"])?.apply(["2", "10.00"]) == "20.00")
        // The control: with the charge off, the cell and a written `6` cost 2 less.
        var off = TextInventory.standard
        off.numberSpliceCharge = 0
        let rows = [["12", "3"]]
        let spliced = CellProgram(otherwise: [.whole(column: 1, spacing: .keep, case: .keep), .constant("6")])
        #expect(synthesizer.cost(of: spliced, rows: rows) - CellSynthesizer(inventory: off).cost(of: spliced, rows: rows) == 2)
    }

    /// Writing `Q3-2024` whole costs less than writing `Q` and copying the `3`, but a constant alone is
    /// not offered from one row: the ranking follows the cheapest path that reads the row instead of
    /// finding nothing.
    @Test func aShortCopyAmongWrittenWordsIsLearnedFromOneRow() {
        #expect(best([["3"]], ["Q3-2024"])?.apply(["4"]) == "Q4-2024")
        #expect(best([["5"]], ["Room 5B"])?.apply(["12"]) == "Room 12B")
        let graphOnly = synthesizer.learn(rows: [["3"]], outputs: ["Q3-2024"], conditionals: false)
        #expect(!graphOnly.isEmpty && graphOnly.allSatisfy { !$0.program.columns.isEmpty })
        // A path that splices a word around a copied letter is the example written out, not a rule.
        #expect(best([["a", "b"]], ["zebra"]) == nil)
        #expect(best([["hello"]], ["olleh!"]).map { $0.otherwise.contains(.constant("olle")) } != true)
    }

    /// A constant in arithmetic that the row holds in another cell is read from the row, as a word the
    /// row holds is copied: 2 boxes of 50 make 100 with 3 boxes making 150, not 50 × 2 again.
    @Test func aNumberTheRowHoldsIsReadNotWritten() {
        #expect(best([["2", "50"]], ["100"])?.apply(["3", "50"]) == "150")
        var off = TextInventory.standard
        off.heldConstantCharge = 0
        #expect(CellSynthesizer(inventory: off).learn(rows: [["2", "50"]], outputs: ["100"]).first?.program.apply(["3", "50"]) == "100")
    }

    /// An offset is not a unit conversion: one example explains almost any number as another plus one
    /// of a handful of constants, so only 1 is a common offset (`12 + 24` is not `12 × 3`).
    @Test func onlyOneIsACommonOffset() {
        #expect(best([["Width 12 cm", "3"]], ["36"])?.apply(["Width 7 cm", "4"]) == "28")
        #expect(best([["Width 12 cm"]], ["13"])?.apply(["Width 7 cm"]) == "8")
        #expect(best([["Width 12 cm"]], ["1200"])?.apply(["Width 7 cm"]) == "700")
    }

    @Test func aLongerLiteralFromTheRowPinsThePlaceBetterThanAShorterOne() {
        #expect(best([["Name= ABC Retailers"]], ["ABC Retailers"])?.apply([" ame= XYZ Suppliers"]) == "XYZ Suppliers")
    }

    @Test func aSubstringAnchoredAtOneEndCountsItsOtherEndFromThatEnd() {
        #expect(best([["Polygonum amphibium"]], ["Polygonum"])?.apply(["Juncus bulbosus ssp"]) == "Juncus")
        #expect(best([["www.domain.com"]], ["com"])?.apply(["www.amaon.co.uk"]) == "uk")
    }

    @Test func bothEndsOfAnInnerSubstringCountFromTheSameEnd() {
        #expect(best([["Nancy FreeHafer"]], ["N.F."])?.apply(["Andrew Cencici"]) == "A.C.")
    }

    @Test func aCaseChangeIsLearnedFromOneExample() {
        #expect(best([["nancy smith"]], ["Nancy Smith"])?.apply(["john doe"]) == "John Doe")
        #expect(best([["Nancy"]], ["NANCY"])?.apply(["john"]) == "JOHN")
    }

    @Test func whitespaceCleanUpBeatsCuttingAroundTheSpaces() {
        #expect(best([["  The shawshank"]], ["The shawshank"])?.apply(["The    godfather "]) == "The godfather")
    }

    @Test func aTruthValueSaysTheMostItCan() {
        #expect(best([["ABC", "D"]], ["false"])?.apply(["ABC", "BC"]) == "true")
        #expect(best([["apple", "apple"]], ["true"])?.apply(["apple pie", "apple"]) == "false")
        #expect(best([["x", "y"]], ["FALSE"])?.apply(["xy", "y"]) == "TRUE")
    }

    /// "D" cannot contain "ABC" whatever the letters, so that row never tested it; "ABC" not holding
    /// "D" is what the example shows, whichever column comes first.
    @Test func aContainmentTheLengthsAloneMakeFalseSaysNothing() {
        #expect(best([["D", "ABC"]], ["false"])?.apply(["BC", "ABC"]) == "true")
        let forced = synthesizer.cost(of: CellProgram(otherwise: [.truth(.containsColumn(column: 0, other: 1), .lower)]), rows: [["D", "ABC"]])
        let tested = synthesizer.cost(of: CellProgram(otherwise: [.truth(.containsColumn(column: 1, other: 0), .lower)]), rows: [["D", "ABC"]])
        #expect(tested < forced)
        let secondRowTestsIt = [["D", "ABC"], ["ABCD", "BC"]]
        #expect(synthesizer.cost(of: CellProgram(otherwise: [.truth(.containsColumn(column: 0, other: 1), .lower)]), rows: secondRowTestsIt) < forced)
    }

    @Test func aBranchTestsForTheTextItWrites() {
        let program = best(
            [["Phialdelphia, PA, USA"], ["Los Angeles, CA"]], ["Phialdelphia, PA, USA", "Los Angeles, CA, USA"])
        #expect(program?.branches.count == 1)
        #expect(program?.apply(["College Park, MD"]) == "College Park, MD, USA")
        #expect(program?.apply(["Ithaca, New York, USA"]) == "Ithaca, New York, USA")
    }

    /// Three rows can be told apart by many tests, such as a word one row happens to have in a
    /// column the output never reads; the test for the text the program adds is the one it implies.
    @Test func aTestForTheTextItWritesBeatsAWordTheRowsHappenToHave() {
        let rows = [["Boston College", "Bostn, MA, USA"], ["USC", "San Diego, CA"], ["Duke University", "Durham, North Carolina, USA"]]
        let program = best(rows, ["Bostn, MA, USA", "San Diego, CA, USA", "Durham, NC, USA"])
        #expect(program?.apply(["UW", "Seattle, WA"]) == "Seattle, WA, USA")
        #expect(program?.apply(["Brown University", "Providence, Rhode Island, USA"]) == "Providence, RI, USA")
        #expect(program?.apply(["Boston University", "Boston, MA, USA"]) == "Boston, MA, USA")
    }

    @Test func aCallerThatTurnsConditionalsOffGetsNoBranches() {
        let rows = [["Phialdelphia, PA, USA"], ["Los Angeles, CA"]]
        let outputs = ["Phialdelphia, PA, USA", "Los Angeles, CA, USA"]
        #expect(synthesizer.learn(rows: rows, outputs: outputs, limit: 10).contains { !$0.program.branches.isEmpty })
        #expect(synthesizer.learn(rows: rows, outputs: outputs, limit: 10, conditionals: false).allSatisfy { $0.program.branches.isEmpty })
    }

    @Test func noConditionalIsOfferedWhenOneProgramCostsLessThanABranch() {
        let rows = [["Ann Lee"], ["Bo Chan"], ["Cy Young"]]
        let programs = synthesizer.learn(rows: rows, outputs: ["Ann", "Bo", "Cy"], limit: 20)
        #expect(!programs.isEmpty)
        #expect(programs.allSatisfy { $0.program.branches.isEmpty })
    }

    @Test func anAmountWithACurrencySymbolKeepsItsDecimalsFixed() {
        let program = best([["27520.12"], ["1207.48"]], ["$27,520.12", "$1,207.48"])
        #expect(program?.apply(["64988.70"]) == "$64,988.70")
        #expect(program?.apply(["5"]) == "$5.00")
    }

    @Test func noBranchRepeatsAnotherBranchesBody() {
        // Seen before the rule: `if contains(column: 0, "a") then X else X` among the best three.
        let found = synthesizer.learn(rows: [["a BRD"], ["b BRD"]], outputs: ["a Branding", "b Branding"], limit: 10).map(\.program)
        #expect(!found.isEmpty)
        for program in found where !program.branches.isEmpty {
            let bodies = program.branches.map(\.parts) + [program.otherwise]
            #expect(Set(bodies).count == bodies.count, "\(program)")
        }
    }

    @Test func aConstantCellNeedsTwoRowsThatAgree() {
        #expect(synthesizer.learn(rows: [["x"]], outputs: ["N/A"]).isEmpty)
        #expect(best([["x"], ["y"]], ["N/A", "N/A"]) == CellProgram(otherwise: [.constant("N/A")]))
    }

    @Test func substitutionsRemoveOrReplaceEveryOccurrence() {
        #expect(best([["801-345-1987"]], ["8013451987"])?.apply(["1-2-3-4"]) == "1234")
        #expect(best([["938-242-504"]], ["938.242.504"])?.apply(["1-22-333-4444"]) == "1.22.333.4444")
        #expect(best([["This is a <string>, <changed>"]], ["This is a string, changed"])?.apply(["a < 4 and a > 0"]) == "a  4 and a  0")
    }

    @Test func aFilterKeepsOneClassWhateverSurroundsIt() {
        let digits = best([["(425) 555-0134"]], ["4255550134"])
        #expect(digits?.apply(["425.555.0134"]) == "4255550134")
        #expect(digits?.apply(["+1 (206) 555 9876"]) == "12065559876")
        let initials = best([["International Business Machines"]], ["IBM"])
        #expect(initials?.apply(["North Atlantic Treaty Organization"]) == "NATO")
    }

    /// An example where every kept character sits next to the last shows no filtering, so a filter
    /// is not among its programs (a plain substring says the same and costs less); one row that
    /// drops characters is enough, and the other rows then agree on where the span lies.
    @Test func aFilterIsOfferedOnlyWhenAnExampleShowsItDroppingACharacter() {
        let isFilter: (CellPart) -> Bool = { if case .filter = $0 { true } else { false } }
        let rows = [["Paris, FR, EU"]]
        let plain = synthesizer.alternatives(rows: rows, outputs: ["FR"], limit: 32)
        #expect(!plain.isEmpty && !plain.contains { $0.program.otherwise.contains(where: isFilter) })
        let both = best(rows + [["Nice, Alpes Maritimes, EU"]], ["FR", "AM"])
        #expect(both?.otherwise.contains(where: isFilter) == true)
        #expect(both?.apply(["Lyon, Rhone Alpes, EU"]) == "RA")
    }

    @Test func aCountInAnotherColumnCutsTheCellLikeExcelsLeftAndRight() {
        let program = best([["1234", "1"], ["**512A", "2"]], ["234", "512A"])
        #expect(program?.apply(["343DMX", "3"]) == "DMX")
    }

    @Test func aProgramIsNotApplicableWhereItsTokenIsMissing() {
        let program = CellProgram(otherwise: [.substring(column: 0, from: .matchStart(.digits, 1), to: .matchEnd(.digits, 1), case: .keep)])
        #expect(program.apply(["abc"]) == nil)
        #expect(program.apply(["a12b"]) == "12")
    }

    @Test func rowsThatNeedDifferentProgramsGetAConditionalOnlyWhenSomethingSeparatesThem() {
        #expect(synthesizer.learn(rows: [["a"], ["a"]], outputs: ["x1", "y2"]).isEmpty)
    }

    @Test func aHugeOutputIsNotLearnedButAHugeSourceIsReadFrom() {
        let long = String(repeating: "ab ", count: 2_000)
        #expect(best([[long]], [long]) == nil)
        let program = best([[long + "| 42"]], ["42"])
        #expect(program?.apply(["x | 7"]) == "7")
    }

    @Test func noRowsOrMismatchedOutputsLearnNothing() {
        #expect(synthesizer.learn(rows: [], outputs: []).isEmpty)
        #expect(synthesizer.learn(rows: [["a"]], outputs: ["a", "b"]).isEmpty)
    }
}
