import Testing
import WinnowControl
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

    /// `decimal` skips the round trip through `Double` for cells of up to 15 significant digits; every
    /// format must print what the round trip prints, including past 15 digits, where it is taken.
    @Test func aCellsOwnDigitsPrintAsTheRoundTripThroughDoubleDoes() {
        var random = SeededRandom(seed: 29)
        func digits(_ count: Int) -> String { String((0..<count).map { _ in "0123456789".randomElement(using: &random)! }) }
        var cells = ["0", "-0", "0.000", "007", "1,234,567.5", "(1,200.00)", "$-5", "12.5%", "-0.04%", ".5", "5.", "99.995",
                     "12345678901234567890", "0.1234567890123456789", "1" + String(repeating: "0", count: 320), "abc", "1,5", ""]
        for _ in 0..<2_000 {
            var cell = digits(Int.random(in: 0...18, using: &random))
            if Bool.random(using: &random) { cell += "." + digits(Int.random(in: 0...8, using: &random)) }
            switch Int.random(in: 0..<6, using: &random) {
            case 0: cell = "-" + cell
            case 1: cell = "(" + cell + ")"
            case 2: cell += "%"
            case 3: cell = "$" + cell
            default: break
            }
            cells.append(cell)
        }
        let formats = [NumberFormat.plain, NumberFormat(decimals: 0), NumberFormat(decimals: 2, thousands: ","),
                       NumberFormat(decimals: 5), NumberFormat(percent: true), NumberFormat(decimals: 1, width: 4, sign: .parentheses)]
        var read = 0
        for cell in cells {
            let direct = NumberCell.decimal(cell)
            let roundTrip = NumberCell.parse(cell)
            #expect((direct == nil) == (roundTrip == nil), "\(cell)")
            guard let direct, let roundTrip else { continue }
            read += 1
            for format in formats {
                #expect(format.render(direct) == format.render(roundTrip), "\(cell) as \(format)")
            }
        }
        #expect(read > 1_000)
    }

    @Test func theCurrencyTestIsTheCurrencySet() {
        let scalars = (0...0x2FFF).compactMap(Unicode.Scalar.init)
        #expect(scalars.filter(NumberCell.isCurrency) == scalars.filter(NumberCell.currencySymbols.contains))
        #expect(NumberCell.currencySymbols.allSatisfy(NumberCell.isCurrency))
    }
}
