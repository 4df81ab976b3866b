import Testing
import WinnowControl
import WinnowCore
@testable import WinnowText

@Suite struct CellProgramParsingTests {
    /// Programs covering every part, position, token, option and predicate the language has.
    static let handWritten: [CellProgram] = {
        let parts: [CellPart] = [
            .constant("Dr. "),
            .constant("quote \" backslash \\ newline \n return \r tab \t café 😀"),
            .substring(column: 0, from: .fromStart(0), to: .fromEnd(0), case: .keep),
            .substring(column: 1, from: .fromStart(3), to: .fromEnd(2), case: .upper),
            .substring(column: 2, from: .matchStart(.digits, 2), to: .matchEnd(.letters, -1), case: .title),
            .substring(column: 0, from: .matchEnd(.literal(", "), 1), to: .matchStart(.literal("\"(\\"), -2), case: .capitalize),
            .substring(column: 3, from: .columnValue(column: 1, fromEnd: false), to: .columnValue(column: 2, fromEnd: true), case: .lower),
            .substring(column: 0, from: .matchStart(.upper, 1), to: .matchEnd(.lower, 1), case: .keep),
            .substring(column: 0, from: .matchStart(.alphanumeric, 1), to: .matchEnd(.whitespace, 3), case: .keep),
            .substring(column: 0, from: .matchStart(.punctuation, 1), to: .matchEnd(.literal("digits"), 1), case: .keep),
            .whole(column: 0, spacing: .keep, case: .keep),
            .whole(column: 4, spacing: .collapse, case: .keep),
            .whole(column: 4, spacing: .trim, case: .lower),
            .whole(column: 4, spacing: .keep, case: .title),
            .substitute(column: 1, characters: "<>\"", with: ""),
            .substitute(column: 1, characters: "-", with: ", "),
            .replaceText(column: 0, text: "Street", with: "St"),
            .replaceText(column: 1, text: "that", with: ""),
            .replaceText(column: 2, text: "\"é\\ ", with: "😀\n"),
            .filter(column: 0, from: .fromStart(0), to: .fromEnd(0), keeping: .digits),
            .filter(column: 1, from: .matchEnd(.literal(", "), 1), to: .matchStart(.literal(","), -1), keeping: .upper),
            .filter(column: 2, from: .fromStart(2), to: .matchEnd(.whitespace, 2), keeping: .alphanumeric),
            .truth(.isEmpty(column: 2), .lower),
            .truth(.contains(column: 0, text: "then"), .upper),
            .truth(.contains(column: 0, text: " < 3, style"), .capitalized),
            .truth(.containsColumn(column: 0, other: 1), .yesNo),
            .truth(.startsWith(column: 0, text: "if "), .digit),
            .truth(.endsWith(column: 0, text: "\n"), .lower),
            .truth(.matches(column: 0, token: .digits), .lower),
            .truth(.matches(column: 0, token: .literal("x")), .lower),
            .truth(.equalsColumn(column: 0, other: 3), .lower),
            .truth(.not(.not(.isEmpty(column: 0))), .lower),
            .truth(.contains(column: 0, text: ""), .lower),
            .truth(.startsWith(column: 1, text: ""), .lower),
            .substring(column: 0, from: .matchStart(.literal(""), 1), to: .fromEnd(0), case: .keep),
            .truth(.compare(.column(1), .less, .infinity), .lower),
            .truth(.compare(.column(1), .greater, -.infinity), .lower),
        ]
        let compares = Comparison.allCases.enumerated().map { i, comparison in
            CellPredicate.compare(.column(i), comparison, [3, -2.5, 0.1, 1e20, 1e-7, 42][i])
        }
        // Number and date parts come from the value learner, so that they follow those types as they
        // grow: whatever it learns for these cells must read back too.
        let learned = [("2016-03-04", "04/03/2016"), ("2016-03-04", "March 4, 2016"), ("1234.5", "$1,234.50"), ("0.125", "12.5%"), ("12", "13")]
            .flatMap { cell, text in ValueLearner.parts(row: [cell, "3", "Mr. Smith"], text: text, inventory: .standard) }
        let numbers = [CellPart.number(.column(2), NumberFormat(decimals: 0))] + learned
        return parts.map { CellProgram(otherwise: [$0]) }
            + compares.map { CellProgram(otherwise: [.truth($0, .digit)]) }
            + compares.map { CellProgram(branches: [CellBranch(condition: .not($0), parts: [.constant("small")])], otherwise: [.constant("big")]) }
            + numbers.map { CellProgram(otherwise: [$0, .constant(" "), $0]) }
            + [
                CellProgram(otherwise: []),
                CellProgram(otherwise: parts),
                CellProgram(otherwise: [.constant(""), .constant("a")]),
                CellProgram(branches: [CellBranch(condition: .isEmpty(column: 1), parts: [])], otherwise: [.whole(column: 1, spacing: .trim, case: .keep)]),
                CellProgram(
                    branches: [
                        CellBranch(condition: .contains(column: 0, text: " then "), parts: [.constant(" else "), .whole(column: 0, spacing: .keep, case: .upper)]),
                        CellBranch(condition: .not(.startsWith(column: 1, text: "if")), parts: [.truth(.isEmpty(column: 0), .yesNo), .constant(" + ")]),
                    ],
                    otherwise: [.substring(column: 0, from: .fromStart(1), to: .fromEnd(1), case: .keep)]),
            ]
    }()

    @Test func everyHandWrittenProgramReadsBackFromItsDescription() throws {
        for program in Self.handWritten {
            #expect(try CellProgram(parsing: program.description) == program, "\(program)")
        }
    }

    @Test func sampledProgramsReadBackFromTheirDescriptions() throws {
        var random = SeededRandom(seed: 17)
        let sampler = CellProgramSampler()
        var sampled = 0
        while sampled < 500 {
            let rows = CellRowPool.draw(using: &random)
            guard let program = sampler.sample(rows: rows, using: &random) else { continue }
            sampled += 1
            #expect(try CellProgram(parsing: program.description) == program, "\(program)")
        }
    }

    /// Damaged lines (a character deleted, duplicated or replaced) are either refused with a
    /// `badInput` error or read as a program that prints a line reading back to itself; never a crash.
    @Test func damagedLinesAreRefusedOrReadConsistently() throws {
        var random = SeededRandom(seed: 41)
        let sampler = CellProgramSampler()
        var refused = 0
        for _ in 0..<400 {
            guard let program = sampler.sample(rows: CellRowPool.draw(using: &random), using: &random) else { continue }
            var scalars = Array(program.description.unicodeScalars)
            let i = Int.random(in: 0..<scalars.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: scalars.remove(at: i)
            case 1: scalars.insert(scalars[i], at: i)
            default: scalars[i] = ["(", ")", "\"", "\\", ",", " ", "x", "-", "+"].randomElement(using: &random)!
            }
            let line = String(String.UnicodeScalarView(scalars))
            do {
                let damaged = try CellProgram(parsing: line)
                #expect(try CellProgram(parsing: damaged.description) == damaged, "\(line)")
            } catch {
                refused += 1
                #expect(error.kind == .badInput && error.message.hasPrefix(line + ": "), "\(error)")
            }
        }
        #expect(refused > 200)
    }

    @Test func theEmptyProgramAndAnEmptyConstantBothReadBackAsTheEmptyProgram() throws {
        #expect(CellProgram(otherwise: [.constant("")]).description == "\"\"")
        #expect(try CellProgram(parsing: "\"\"") == CellProgram(otherwise: []))
    }

    @Test(arguments: [
        #"if empty(column: 1) then "n/a" else if contains(column: 0, "@") then substring(column: 0, from: end("@", 1), to: end) else cell(column: 0, spacing: trim, case: title)"#,
        #""Dr. " + substring(column: 2, from: start(upper, 1), to: char(-1), case: upper) + truth(number(column: 3) >= 18.0, style: yesNo)"#,
    ])
    func theDocumentedExamplesReadBackAndPrintAsWritten(line: String) throws {
        #expect(try CellProgram(parsing: line).description == line)
    }

    @Test func everyLineBreakAndControlCharacterPrintsEscapedAndReadsBack() throws {
        for text in ["a\u{2028}b", "\u{2029}", "x\u{0B}y\u{0C}", "\u{85}", "bell\u{7}", "del\u{7F}", "tab\tand\nnew\rline"] {
            let program = CellProgram(otherwise: [.constant(text), .whole(column: 0, spacing: .keep, case: .keep)])
            let line = program.description
            #expect(line.split(whereSeparator: \.isNewline).count == 1, "\(line.debugDescription) breaks a line")
            #expect(try CellProgram(parsing: line) == program, "\(line.debugDescription)")
        }
        #expect(try CellProgram(parsing: #""\u{41}\u{1F600}""#) == CellProgram(otherwise: [.constant("A\u{1F600}")]))
        for bad in [#""\u""#, #""\u{}""#, #""\u{110000}""#, #""\u{D800}""#, #""\u{1234567}""#, #""\u41""#] {
            #expect("\(bad)", performing: { try CellProgram(parsing: bad) }, throws: { "\($0)".contains("malformed \\u{hex} escape") })
        }
    }

    @Test func indexesFromEitherEndReadBackAsTheyPrint() throws {
        let program = try CellProgram(parsing: "substring(column: 0, from: char(2), to: char(-3))")
        #expect(program.otherwise == [.substring(column: 0, from: .fromStart(2), to: .fromEnd(3), case: .keep)])
    }

    @Test(arguments: [
        ("substring(column: 0, from: start, to: end",
         "substring(column: 0, from: start, to: end: substring(…) is never closed at the end"),
        ("cell(column: 0) + format(number(column: 1, decimals: 0)",
         "cell(column: 0) + format(number(column: 1, decimals: 0): format(…) is never closed at the end"),
        ("cell(column: 0))",
         "cell(column: 0)): expected \" + \" or the end of the program at character 16"),
        ("trim(column: 0)",
         "trim(column: 0): \"trim\" is not a part; expected a part (a quoted constant, substring, filter, cell, substitute, format, date, truth) at character 1"),
        ("\"a\\qb\"",
         "\"a\\qb\": unknown escape \\q in a string (\\\", \\\\, \\n, \\r, \\t, \\u{hex}) at character 3"),
        ("\"abc",
         "\"abc: the string opened here is never closed at character 1"),
        ("substring(column: 0, to: end)",
         "substring(column: 0, to: end): expected argument \"from\" of substring(…), found \"to\" at character 22"),
        ("substring(column: 0, from: start)",
         "substring(column: 0, from: start): substring(…) is missing argument \"to\" at character 33"),
        ("substring(0, from: start, to: end)",
         "substring(0, from: start, to: end): expected argument \"column\" of substring(…), found \"0\" at character 11"),
        ("cell(column: 0, case: loud)",
         "cell(column: 0, case: loud): expected a case map (keep, lower, upper, title, capitalize) at character 23"),
        ("cell(column: 0, colour: red)",
         "cell(column: 0, colour: red): unexpected argument \"colour\" in cell(…) at character 17"),
        ("substring(column: 0, from: middle, to: end)",
         "substring(column: 0, from: middle, to: end): expected a position (start, end, char(k), index(column: c), start(token, k), end(token, k)) at character 28"),
        ("substring(column: 0, from: start(words, 1), to: end)",
         "substring(column: 0, from: start(words, 1), to: end): expected a token (digits, letters, upper, lower, alphanumeric, whitespace, punctuation or a quoted literal) at character 34"),
        ("substitute(column: 0, text: \"\", with: \"x\")",
         "substitute(column: 0, text: \"\", with: \"x\"): substitute(…) needs a text to replace; \"\" occurs everywhere at character 31"),
        ("filter(column: 0, from: start, to: end, keeping: \"-\")",
         "filter(column: 0, from: start, to: end, keeping: \"-\"): expected a token class (digits, letters, upper, lower, alphanumeric, whitespace, punctuation) at character 50"),
        ("filter(column: 0, from: start, to: end)",
         "filter(column: 0, from: start, to: end): filter(…) is missing argument \"keeping\" at character 39"),
        ("truth(odd(column: 0), style: lower)",
         "truth(odd(column: 0), style: lower): \"odd\" is not a test; expected a test (empty, contains, starts-with, ends-with, is, equals, not, or a number compared with <, <=, >, >=, ==, !=) at character 7"),
        ("if empty(column: 0) \"none\" else cell(column: 0)",
         "if empty(column: 0) \"none\" else cell(column: 0): expected \"then\" after the condition of \"if\" at character 20"),
        ("if empty(column: 0) then \"none\"",
         "if empty(column: 0) then \"none\": expected \" + \" or \" else \" after the parts of a branch at the end"),
        ("truth(number(column: 0) < many, style: digit)",
         "truth(number(column: 0) < many, style: digit): expected a number after \"<\" at character 27"),
        ("substring(column: x, from: start, to: end)",
         "substring(column: x, from: start, to: end): expected a whole number for column at character 19"),
    ])
    func malformedTextIsRefusedWithWhatWasExpectedAndWhere(text: String, message: String) {
        #expect(throws: WinnowError(.badInput, message)) { try CellProgram(parsing: text) }
    }

    @Test func aMalformedNumberIsReportedInsideTheProgram() {
        let text = "format(\"one\", decimals: 0)"
        #expect {
            try CellProgram(parsing: text)
        } throws: { error in
            (error as? WinnowError)?.message.hasPrefix("\(text): in the number: ") == true
        }
    }
}
