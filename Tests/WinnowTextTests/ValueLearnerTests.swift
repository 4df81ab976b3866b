import Testing
@testable import WinnowText

@Suite struct ValueLearnerTests {
    func parts(_ row: [String], _ text: String, _ inventory: TextInventory = .standard) -> [CellPart] {
        ValueLearner.parts(row: row, text: text, inventory: inventory)
    }

    @Test func learnsTheFormatTheExampleShows() {
        let found = parts(["1234.5"], "1,234.50")
        #expect(found.first == .number(.column(0), NumberFormat(decimals: 2, thousands: ",")))
        #expect(parts(["7"], "007").contains(.number(.column(0), NumberFormat(width: 3))))
        #expect(parts(["0.125"], "12.5%").contains(.number(.column(0), NumberFormat(percent: true))))
        #expect(parts(["3"], "3.0").contains(.number(.column(0), NumberFormat(decimals: 1))))
        let accounting = NumberFormat(decimals: 2, thousands: ",", sign: .parentheses, currency: "$")
        #expect(parts(["-1234.5"], "($1,234.50)").contains(.number(.column(0), accounting)))
        #expect(parts(["1234.5"], "1.234,5").contains(.number(.column(0), NumberFormat(thousands: ".", point: ","))))
        #expect(parts(["$1,200.00"], "1200").contains(.number(.column(0), .plain)))
    }

    @Test func aNumberWrittenInsideTextIsLearnedUnlessTheExampleCopiesIt() {
        #expect(parts(["ID-00042"], "42").contains(.number(.written(column: 0, index: 1), .plain)))
        #expect(parts(["Total: $1,234.50 due"], "1234.5").contains(.number(.written(column: 0, index: 1), .plain)))
        // "12" is a substring of the cell: a cut explains it, and a number part would only crowd the ranking.
        #expect(!parts(["Width 12 cm"], "12").contains { if case .number(.written, _) = $0 { true } else { false } })
        // From the end as well as from the start.
        #expect(parts(["from 3 to 7"], "7.0").contains(.number(.written(column: 0, index: -1), NumberFormat(decimals: 1))))
    }

    @Test func aNumberWrittenInsideTextTakesPartInArithmeticWithANumberCell() {
        let found = parts(["Width 12 cm", "3"], "36")
        #expect(found.contains(.number(.arithmetic(.multiply, .column(1), .written(column: 0, index: 1)), .plain)))
        #expect(parts(["Width 12 cm"], "120").contains(.number(.arithmetic(.multiply, .written(column: 0, index: 1), .constant(10)), .plain)))
        // Never two numbers of text with each other: a wide row holds as many pairs as numbers squared.
        #expect(!parts(["3 by 12", "4 by 9"], "36").contains { part in
            if case .number(.arithmetic(_, .written, .written), _) = part { true } else { false }
        })
    }

    @Test func aNumberBelowAThousandAlsoGetsTheSeparatedFormat() {
        let found = parts(["12.5"], "12.50")
        #expect(found.contains(.number(.column(0), NumberFormat(decimals: 2))))
        #expect(found.contains(.number(.column(0), NumberFormat(decimals: 2, thousands: ","))))
    }

    @Test func offersWhatAnotherRowMightShowOneGuessAtATime() {
        let formats = PrintedNumber.readings(of: Array("123".unicodeScalars)).map(\.format)
        #expect(formats.contains(NumberFormat(width: 3)))
        #expect(formats.contains(NumberFormat(thousands: ",")))
        #expect(formats.contains(NumberFormat(sign: .parentheses)))
        #expect(!formats.contains(NumberFormat(thousands: ",", width: 3)))
        let negative = PrintedNumber.readings(of: Array("(1,234.50)".unicodeScalars)).map(\.format)
        #expect(negative == [NumberFormat(decimals: 2, thousands: ",", sign: .parentheses)])
        let counted: [CellPart] = [
            .number(.words(column: 0), .plain), .number(.arithmetic(.add, .occurrences(column: 0, text: " "), .constant(1)), .plain),
        ]
        #expect(parts(["a b c"], "3") == counted)
    }

    @Test func doesNotReprintACellTheTextAlreadyCopies() {
        let found = parts(["1234.5", "x"], "1234.5")
        #expect(!found.contains { if case .number(.column(0), _) = $0 { true } else { false } })
    }

    @Test func findsCountsAndArithmetic() {
        #expect(parts(["a b c"], "3").contains(.number(.words(column: 0), .plain)))
        #expect(parts(["a,b,c"], "2").contains(.number(.occurrences(column: 0, text: ","), .plain)))
        #expect(parts(["a,b,c"], "3").contains(.number(.arithmetic(.add, .occurrences(column: 0, text: ","), .constant(1)), .plain)))
        #expect(parts(["hello"], "5").contains(.number(.characters(column: 0), .plain)))
        #expect(parts(["ab ab ab", "ab"], "3").contains(.number(.occurrencesOfColumn(column: 0, other: 1), .plain)))
        #expect(parts(["3", "4"], "7").first == .number(.arithmetic(.add, .column(0), .column(1)), .plain))
        #expect(parts(["0.25"], "25").contains(.number(.arithmetic(.multiply, .column(0), .constant(100)), .plain)))
        #expect(parts(["-5"], "5").contains(.number(.absolute(.column(0)), .plain)))
        #expect(parts(["10", "3"], "3.33").contains(.number(.arithmetic(.divide, .column(0), .column(1)), NumberFormat(decimals: 2))))
    }

    @Test func aWordThatIsAnotherCellIsCountedAsThatCell() {
        let found = parts(["apple apples", "apple"], "2")
        #expect(found.contains(.number(.occurrencesOfColumn(column: 0, other: 1), .plain)))
        #expect(!found.contains(.number(.occurrences(column: 0, text: "apple"), .plain)))
        // Without the other cell the word is an ordinary literal.
        #expect(parts(["apple apples"], "2").contains(.number(.occurrences(column: 0, text: "apple"), .plain)))
    }

    @Test func infersAConstantFromOneExampleButPricesItAboveACommonOne() {
        let found = parts(["41"], "48")
        let inferred = CellPart.number(.arithmetic(.add, .column(0), .constant(7)), .plain)
        #expect(found.contains(inferred))
        let common = ValueLearner.cost(of: .number(.arithmetic(.add, .column(0), .constant(1)), .plain), inventory: .standard)!
        #expect(common < ValueLearner.cost(of: inferred, inventory: .standard)!)
    }

    @Test func aPlainColumnRanksBeforeACountAndCountsBeforeArithmetic() {
        let found = parts(["2", "a b"], "2.00")
        let costs = found.map { ValueLearner.cost(of: $0, inventory: .standard)! }
        #expect(costs == costs.sorted())
        #expect(found.first == .number(.column(0), NumberFormat(decimals: 2)))
        #expect(found.contains(.number(.words(column: 1), NumberFormat(decimals: 2))))
        let count = ValueLearner.cost(of: .number(.words(column: 1), .plain), inventory: .standard)!
        let arithmetic = ValueLearner.cost(of: .number(.arithmetic(.add, .column(0), .constant(1)), .plain), inventory: .standard)!
        #expect(count < arithmetic)
    }

    @Test func learnsDateLayoutsAndReadings() {
        let found = parts(["3/14/2020"], "2020-03-14")
        let iso = DateFormat([.field(.year), .text("-"), .field(.paddedMonth), .text("-"), .field(.paddedDay)])
        #expect(found.first == .date(column: 0, reading: DateReading(order: .mdy), format: iso))
        #expect(!found.contains { if case .date(_, let reading, _) = $0 { reading.order == .dmy } else { false } })
        let named = parts(["2014-12-02"], "Dec 2, 2014")
        let expected = DateFormat([.field(.monthAbbreviation), .text(" "), .field(.day), .text(", "), .field(.year)])
        #expect(named.contains(.date(column: 0, reading: DateReading(order: .ymd), format: expected)))
    }

    @Test func anAmbiguousDateOffersBothReadingsMonthFirstFirst() {
        let found = parts(["3/4/2020"], "2020-03-04")
        let readings = found.compactMap { if case .date(_, let reading, _) = $0 { reading.order } else { nil } }
        #expect(readings.first == .mdy)
        #expect(readings.contains(.dmy))
    }

    @Test func theYearPivotComesFromTheInventory() {
        var inventory = TextInventory.standard
        inventory.yearPivot = 30
        let found = parts(["1/2/35"], "1935-01-02", inventory)
        #expect(found.contains { if case .date(_, let reading, _) = $0 { reading.pivot == 30 } else { false } })
        #expect(parts(["1/2/35"], "2035-01-02", inventory).isEmpty)
    }

    @Test func explainsNothingItCannot() {
        #expect(parts(["abc", "def"], "hello").isEmpty)
        #expect(parts(["12", "3"], "999999").isEmpty)
        #expect(parts(["2/30/2020"], "2020-02-30").isEmpty)
        #expect(parts(["x"], "").isEmpty)
    }

    @Test func respectsTheInventory() {
        var inventory = TextInventory.standard
        inventory.costs["arithmetic"] = nil
        #expect(!parts(["3", "4"], "7", inventory).contains { if case .number(.arithmetic, _) = $0 { true } else { false } })
        inventory.costs["date"] = nil
        #expect(parts(["3/14/2020"], "2020-03-14", inventory).isEmpty)
        inventory.costs["count"] = nil
        #expect(parts(["a b c"], "3", inventory).isEmpty)
    }
}
