import Testing
import WinnowText

/// The phrases that say what a cell program computes, which a `derive` or `replace` step's sentence
/// is built around: columns counted from 1, literal text quoted.
@Suite struct CellProgramExplanationTests {
    @Test(arguments: [
        (#"substring(column: 1, from: start, to: start(",", 1))"#, #"the text of column 2 up to the first ",""#),
        (#""Mr. " + cell(column: 0, case: upper)"#, #""Mr. " followed by column 1 in upper case"#),
        ("cell(column: 2, spacing: collapse, case: title)", "column 3 with extra spaces removed in title case"),
        ("substring(column: 0, from: start, to: char(3))", "the first 3 characters of column 1"),
        ("substring(column: 0, from: char(-4), to: end)", "the last 4 characters of column 1"),
        (
            #"substring(column: 0, from: end(" ", -1), to: end(digits, 2), case: capitalize)"#,
            #"the text of column 1 after the last " " up to and including the second run of digits with its first letter in upper case"#
        ),
        (#"substitute(column: 0, characters: "-/", with: "")"#, #"column 1 with every "-" or "/" removed"#),
        ("filter(column: 0, from: start, to: end, keeping: digits)", "only the digits of column 1"),
        (
            #"filter(column: 1, from: end(", ", 1), to: start(",", -1), keeping: upper)"#,
            #"only the upper-case letters of the text of column 2 after the first ", " up to the last ",""#
        ),
        (#"format(multiply(number(column: 1), 100), style(decimals: 1, percent: true))"#, "the number in column 2 times 100 written as a percentage with 1 decimal place"),
        (
            #"format(number(column: 0), style(decimals: 2, thousands: ",", currency: "$"))"#,
            #"the number in column 1 written with "$" in front, "," between thousands and 2 decimal places"#
        ),
        (#"format(count(column: 0, text: ";"), style(decimals: shortest))"#, #"the number of times ";" occurs in column 1"#),
        (
            #"date(column: 0, read: dates(order: mdy, pivot: 50), write: pattern(text: "{DD}.{MM}.{YYYY}"))"#,
            #"the month/day/year date in column 1 written like "14.03.2020" (DD.MM.YYYY)"#
        ),
        (
            ##"truth(not(starts-with(column: 0, "#")), style: yesNo)"##,
            ##"whether column 1 does not start with "#" ("yes" or "no")"##
        ),
        (
            #"if empty(column: 1) then "n/a" else if number(column: 2) >= 18 then "adult" else """#,
            #""n/a" if column 2 is empty, "adult" if the number in column 3 is at least 18, otherwise an empty text"#
        ),
        (
            #"truth(not(subtract(number(column: 0), abs(number(column: 1))) < 0), style: digit)"#,
            #"whether the number in column 1 minus the absolute value of the number in column 2 is at least 0 ("1" or "0")"#
        ),
    ])
    func programsReadAsPhrases(line: String, phrase: String) throws {
        #expect(try CellProgram(parsing: line).explanation == phrase)
    }

    /// Every part, position, token, option and predicate the language has: a phrase, not the program
    /// line again, and none of the program syntax's 0-based `column:` labels.
    @Test func everyHandWrittenProgramHasItsOwnPhrase() {
        for program in CellProgramParsingTests.handWritten {
            let phrase = program.explanation
            #expect(!phrase.isEmpty && (phrase != program.description || Self.isOneConstant(program)), "\(program): \(phrase)")
            #expect(!phrase.contains(#/column: -?\d/#) && !phrase.contains("column 0"), "\(program): \(phrase)")
        }
    }

    @Test func aDateReadingWithAnUnusualPivotSaysHowItPlacesTwoDigitYears() throws {
        let program = try CellProgram(parsing: #"date(column: 1, read: dates(order: dmy, pivot: 30), write: pattern(text: "{MMM} {YY}"))"#)
        #expect(program.explanation == #"the day/month/year date in column 2 with two-digit years below 30 read as 20xx written like "Mar 20" (MMM YY)"#)
    }

    /// A lone constant reads as its quoted text, which is also how `description` prints it.
    private static func isOneConstant(_ program: CellProgram) -> Bool {
        guard program.branches.isEmpty, program.otherwise.count == 1, case .constant = program.otherwise[0] else { return false }
        return true
    }
}
