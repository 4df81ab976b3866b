import Testing
@testable import WinnowText

@Suite struct DateTests {
    func read(_ cell: String, _ order: DateOrder, pivot: Int = 50) -> CalendarDate? {
        DateReading(order: order, pivot: pivot).read(cell)
    }

    func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    @Test func readsEveryCommonForm() {
        #expect(read("3/14/2020", .mdy) == date(2020, 3, 14))
        #expect(read("14/3/2020", .dmy) == date(2020, 3, 14))
        #expect(read("14.03.2020", .dmy) == date(2020, 3, 14))
        #expect(read(" 2020-03-14 ", .ymd) == date(2020, 3, 14))
        #expect(read("2020/3/4", .ymd) == date(2020, 3, 4))
        #expect(read("April 1 1799", .names) == date(1799, 4, 1))
        #expect(read("Dec 2, 2014", .names) == date(2014, 12, 2))
        #expect(read("2 December 2014", .names) == date(2014, 12, 2))
        #expect(read("2-dec-14", .names) == date(2014, 12, 2))
        #expect(read("Tuesday, Sept 2nd, 2014", .names) == date(2014, 9, 2))
    }

    @Test func anAmbiguousDateReadsBothWaysAndMonthFirstRanksFirst() {
        #expect(read("3/4/2020", .mdy) == date(2020, 3, 4))
        #expect(read("3/4/2020", .dmy) == date(2020, 4, 3))
        #expect(DateReading(order: .mdy).cost < DateReading(order: .dmy).cost)
    }

    @Test func aDayAbove12DecidesTheOrder() {
        #expect(read("25/12/2020", .mdy) == nil)
        #expect(read("25/12/2020", .dmy) == date(2020, 12, 25))
    }

    @Test func twoDigitYearsTurnAtThePivot() {
        #expect(read("1/2/49", .mdy) == date(2049, 1, 2))
        #expect(read("1/2/50", .mdy) == date(1950, 1, 2))
        #expect(read("1/2/29", .mdy, pivot: 30) == date(2029, 1, 2))
        #expect(read("1/2/30", .mdy, pivot: 30) == date(1930, 1, 2))
    }

    @Test func impossibleDatesAndOtherTextAreNotApplicable() {
        #expect(read("2/30/2020", .mdy) == nil)
        #expect(read("2/29/2019", .mdy) == nil)
        #expect(read("2/29/2000", .mdy) == date(2000, 2, 29))
        #expect(read("2/29/1900", .mdy) == nil)
        #expect(read("13/13/2020", .dmy) == nil)
        #expect(read("2020-13-01", .ymd) == nil)
        #expect(read("0000-01-01", .ymd) == nil)
        #expect(read("1/2/2020", .ymd) == nil)
        #expect(read("1/2-2020", .mdy) == nil)
        #expect(read("1/2/202", .mdy) == nil)
        #expect(read("99999999999999999999/1/2020", .mdy) == nil)
        #expect(read("1/2 /2020", .mdy) == nil)
        #expect(read("1 2/2020", .mdy) == nil)
        #expect(read("/1/2/2020", .mdy) == nil)
        #expect(read("1//2020", .mdy) == nil)
        #expect(read("1/2/2020/", .mdy) == nil)
        #expect(read("1/2/2020 x", .mdy) == nil)
        #expect(read("1/2", .mdy) == nil)
        #expect(read("\t1/2/2020 ", .mdy) == date(2020, 1, 2))
        #expect(read("Smarch 3 2020", .names) == nil)
        #expect(read("Feb 30 2020", .names) == nil)
        #expect(read("", .names) == nil)
        let part = CellPart.date(column: 0, reading: DateReading(order: .mdy), format: DateFormat([.field(.year)]))
        #expect(part.render(["2/30/2020"]) == nil)
    }

    @Test func formatsPadNamesAndWeekdays() throws {
        let d = date(2014, 12, 2)
        func layout(_ pattern: String) throws -> String { try DateFormat(parsing: "pattern(text: \(quotedText(pattern)))").render(d) }
        #expect(try layout("{MM}/{DD}/{YYYY}") == "12/02/2014")
        #expect(try layout("{D}.{M}.{YY}") == "2.12.14")
        #expect(try layout("{YYYY}-{MM}-{DD}") == "2014-12-02")
        #expect(try layout("{WWWW}, {MMMM} {D}, {YYYY}") == "Tuesday, December 2, 2014")
        #expect(try layout("{WWW} {D} {MMM} {{{YY}}}") == "Tue 2 Dec {14}")
        #expect(DateFormat([.field(.year)]).render(date(999, 1, 1)) == "0999")
        #expect(date(1970, 1, 1).weekday == 3)
        #expect(date(2000, 2, 29).weekday == 1)
    }

    @Test func descriptionsReadBack() throws {
        let reading = DateReading(order: .dmy, pivot: 30)
        #expect(try DateReading(parsing: reading.description) == reading)
        let format = DateFormat([.field(.weekday), .text(", {"), .field(.paddedDay), .text("}} "), .field(.monthName)])
        #expect(try DateFormat(parsing: format.description) == format)
        for text in ["dates(order: ydm, pivot: 50)", "dates(order: mdy)", "dates(order: mdy, pivot: 100)", "pattern(text: \"{Q}\")",
            "pattern(text: \"no fields\")", "pattern(text: \"{D\")", "pattern(text: \"}\")"]
        {
            #expect(throws: CallSyntaxError.self, "\(text)") {
                if text.hasPrefix("dates") { _ = try DateReading(parsing: text) } else { _ = try DateFormat(parsing: text) }
            }
        }
    }

    /// A format writes its fields straight into the cell's bytes; each must print as the field does.
    @Test func aFormatPrintsEachFieldAsTheFieldRendersIt() {
        let dates = [date(2016, 3, 4), date(1999, 12, 31), date(5, 1, 9), date(2024, 2, 29), date(9999, 10, 10)]
        var printed = 0
        for day in dates {
            for field in DateField.allCases {
                let format = DateFormat([.text("<"), .field(field), .text("·>")])
                #expect(format.render(day) == "<" + field.render(day) + "·>", "\(field) of \(day)")
                printed += 1
            }
            let all = DateFormat(DateField.allCases.map { DateItem.field($0) })
            #expect(all.render(day) == DateField.allCases.map { $0.render(day) }.joined())
        }
        #expect(printed == dates.count * DateField.allCases.count)
    }

    @Test func aNameIsAWholeMonthOrWeekdayOrItsAbbreviation() {
        func mentions(_ text: String) -> Bool { DateLearner.mentionsName(Array(text.unicodeScalars)) }
        #expect(mentions("due Mon, 3"))
        #expect(mentions("4 September"))
        #expect(mentions("Wednesday"))
        #expect(!mentions("Monument"))
        #expect(!mentions("march"))
        #expect(!mentions("12/03/2020"))
    }
}
