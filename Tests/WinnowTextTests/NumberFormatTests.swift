import Testing
@testable import WinnowText

@Suite struct NumberFormatTests {
    @Test func plainPrintsTheShortestDigits() {
        #expect(NumberFormat.plain.render(3) == "3")
        #expect(NumberFormat.plain.render(2.5) == "2.5")
        #expect(NumberFormat.plain.render(-0.004) == "-0.004")
        #expect(NumberFormat.plain.render(1e-7) == "0.0000001")
        #expect(NumberFormat.plain.render(1e21) == "1000000000000000000000")
        #expect(NumberFormat.plain.render(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberFormat.plain.render(.infinity) == nil)
        #expect(NumberFormat.plain.render(.nan) == nil)
    }

    @Test func fixedDecimalsRoundHalfUpOnTheDecimalDigits() {
        let two = NumberFormat(decimals: 2)
        #expect(two.render(2.675) == "2.68")
        #expect(two.render(1.005) == "1.01")
        #expect(two.render(-2.675) == "-2.68")
        #expect(two.render(999.995) == "1000.00")
        #expect(two.render(3) == "3.00")
        #expect(NumberFormat(decimals: 0).render(2.5) == "3")
        #expect(NumberFormat(decimals: 0).render(0.4999) == "0")
        #expect(NumberFormat(decimals: 1).render(0.04) == "0.0")
    }

    @Test func roundingToZeroDropsTheMinusSign() {
        #expect(NumberFormat(decimals: 1).render(-0.04) == "0.0")
        #expect(NumberFormat.plain.render(-0.0) == "0")
    }

    @Test func thousandsSeparatorsAndDecimalMark() {
        #expect(NumberFormat(decimals: 2, thousands: ",").render(1234.5) == "1,234.50")
        #expect(NumberFormat(decimals: 2, thousands: ".", point: ",").render(1_234_567.891) == "1.234.567,89")
        #expect(NumberFormat(thousands: " ").render(-1_000_000) == "-1 000 000")
        #expect(NumberFormat(thousands: ",").render(999) == "999")
    }

    @Test func zeroPaddingToAWidth() {
        #expect(NumberFormat(width: 3).render(7) == "007")
        #expect(NumberFormat(width: 3).render(1234) == "1234")
        #expect(NumberFormat(decimals: 1, width: 4).render(-3.25) == "-0003.3")
    }

    @Test func percentCurrencyAndSignStyles() {
        #expect(NumberFormat(percent: true).render(0.125) == "12.5%")
        #expect(NumberFormat(decimals: 0, percent: true).render(0.07) == "7%")
        #expect(NumberFormat(decimals: 2, thousands: ",", currency: "$").render(-1234.5) == "-$1,234.50")
        #expect(NumberFormat(currency: "€", currencyPlace: .afterSpace).render(12) == "12 €")
        #expect(NumberFormat(currency: "£", currencyPlace: .after).render(12) == "12£")
        #expect(NumberFormat(sign: .plus).render(5) == "+5")
        #expect(NumberFormat(sign: .plus).render(-5) == "-5")
        #expect(NumberFormat(sign: .parentheses).render(-5) == "(5)")
        #expect(NumberFormat(sign: .parentheses).render(5) == "5")
    }

    @Test func aPlainFormatIsTheCheapest() {
        let fancy = [NumberFormat(decimals: 2), NumberFormat(thousands: ","), NumberFormat(width: 3), NumberFormat(percent: true)]
        #expect(fancy.allSatisfy { $0.cost > NumberFormat.plain.cost })
    }

    @Test func aDisplayFormatPrefersFixedDecimalsToTheValuesOwnDigits() {
        #expect(NumberFormat(decimals: 2, thousands: ",").cost < NumberFormat(thousands: ",").cost)
        #expect(NumberFormat(decimals: 2, currency: "$").cost < NumberFormat(currency: "$").cost)
        #expect(NumberFormat(decimals: 2).cost > NumberFormat.plain.cost)
    }

    @Test func descriptionsReadBack() throws {
        let formats = [
            NumberFormat.plain, NumberFormat(decimals: 2, thousands: ",", currency: "$"),
            NumberFormat(
                decimals: 0, thousands: ".", point: ",", width: 5, sign: .parentheses, currency: "€", currencyPlace: .afterSpace),
            NumberFormat(decimals: 1, sign: .plus, percent: true), NumberFormat(thousands: "'"),
        ]
        for format in formats {
            #expect(try NumberFormat(parsing: format.description) == format, "\(format)")
        }
        #expect(NumberFormat(decimals: 2, thousands: ",").description == "style(decimals: 2, thousands: \",\")")
    }

    @Test func malformedDescriptionsAreErrors() {
        let texts = [
            "style()", "style(decimals: 2, colour: red)", "style(decimals: 2, thousands: \".\", point: \".\")", "styles(decimals: 2)",
            "style(decimals: 2) extra", "style(decimals: -1)", "style(decimals: shortest, currency: \"X\")",
        ]
        for text in texts {
            #expect(throws: CallSyntaxError.self, "\(text)") { try NumberFormat(parsing: text) }
        }
    }
}
