import Testing
@testable import WinnowText

@Suite struct WrittenNumbersTests {
    func values(_ cell: String) -> [Double] { WrittenNumbers.read(cell).map(\.value) }

    @Test func aNumberInsideTextIsReadWithoutTheTextAroundIt() {
        #expect(values("ID-00042") == [42])
        #expect(values("Total: $1,234.50 due") == [1234.5])
        #expect(values("25% off") == [25])
        #expect(values("no digits here").isEmpty)
        #expect(WrittenNumbers.read("Total: $1,234.50 due").map(\.written) == ["1,234.50"])
    }

    @Test func aHyphenAfterALetterOrADigitIsNotASign() {
        #expect(values("ID-7") == [7])
        #expect(values("2020-01-05") == [2020, 1, 5])
        #expect(values("x -7 y") == [-7])
        #expect(values("-5F") == [-5])
        #expect(values("(-3)") == [-3])
        #expect(WrittenNumbers.read("x -7 y").map(\.written) == ["-7"])
    }

    @Test func aCommaSeparatesThousandsOnlyInGroupsOfThree() {
        #expect(values("3,4") == [3, 4])
        #expect(values("1,234,567 people") == [1_234_567])
        #expect(values("12,3456") == [12, 3456])
        #expect(values("1234,567") == [1234, 567])
        #expect(values("1.5.7") == [1.5, 7])
        #expect(values("end 5.") == [5])
    }

    @Test func anIndexCountsFromEitherEndAndPastTheNumbersIsNotApplicable() {
        let row = ["from 3 to 17 by 2"]
        #expect(NumberTerm.written(column: 0, index: 1).value(in: row) == 3)
        #expect(NumberTerm.written(column: 0, index: 2).value(in: row) == 17)
        #expect(NumberTerm.written(column: 0, index: -1).value(in: row) == 2)
        #expect(NumberTerm.written(column: 0, index: -3).value(in: row) == 3)
        #expect(NumberTerm.written(column: 0, index: 4).value(in: row) == nil)
        #expect(NumberTerm.written(column: 0, index: -4).value(in: row) == nil)
        #expect(NumberTerm.written(column: 0, index: 0).value(in: row) == nil)
        #expect(NumberTerm.written(column: 1, index: 1).value(in: row) == nil)
        #expect(NumberTerm.written(column: 0, index: 1).value(in: [String(repeating: "9", count: 400) + " 5"]) == 5)
    }

    @Test func aNumberReadOutOfTextCostsMoreThanANumberCellAndMoreStillFromTheEnd() {
        let inventory = TextInventory.standard
        let cell = NumberTerm.column(0).cost(under: inventory)
        let first = NumberTerm.written(column: 0, index: 1).cost(under: inventory)
        let last = NumberTerm.written(column: 0, index: -1).cost(under: inventory)
        #expect(cell < first && first < last)
    }

    @Test func itsDescriptionReadsBackAndIndexZeroIsAnError() throws {
        for term in [NumberTerm.written(column: 2, index: 1), .written(column: 0, index: -2)] {
            #expect(try NumberTerm(parsing: term.description) == term)
        }
        #expect(NumberTerm.written(column: 0, index: -1).description == "numberIn(column: 0, index: -1)")
        #expect(throws: CallSyntaxError.self) { try NumberTerm(parsing: "numberIn(column: 0, index: 0)") }
        #expect(NumberTerm.written(column: 0, index: 2).explanation == "the second number written in column 1")
    }
}
