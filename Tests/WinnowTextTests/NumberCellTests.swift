import Testing
@testable import WinnowText

@Suite struct NumberCellTests {
    @Test func readsSignsSeparatorsCurrencyAndPercent() {
        #expect(NumberCell.parse("1,234,567.5") == 1_234_567.5)
        #expect(NumberCell.parse("  -42 ") == -42)
        #expect(NumberCell.parse("+7") == 7)
        #expect(NumberCell.parse("(1,200.00)") == -1200)
        #expect(NumberCell.parse("$1,234.50") == 1234.5)
        #expect(NumberCell.parse("-$5") == -5)
        #expect(NumberCell.parse("$-5") == -5)
        #expect(NumberCell.parse("12 €") == 12)
        #expect(NumberCell.parse("12£") == 12)
        #expect(NumberCell.parse("¥300") == 300)
        #expect(NumberCell.parse(".5") == 0.5)
        #expect(NumberCell.parse("5.") == 5)
    }

    @Test func percentDividesByAHundred() {
        #expect(NumberCell.parse("12.5%") == 0.125)
        #expect(NumberCell.parse("7%") == 0.07)
        #expect(NumberCell.parse("-100%") == -1)
    }

    @Test func anythingElseIsNotANumber() {
        let cells = [
            "", " ", "abc", "12abc", "1,5", "1.234,5", "1,2345", ",123", "1.2.3", "--5", "(-5)", "$5%", "1e5", "inf", "nan", "()", "$", "٣",
        ]
        for cell in cells {
            #expect(NumberCell.parse(cell) == nil, "\(cell)")
        }
    }

    @Test func overflowingDigitsAreNotANumber() {
        #expect(NumberCell.parse(String(repeating: "9", count: 400)) == nil)
    }
}
