import Testing
import WinnowTables

/// A pattern, a cell, and what Python's `re.search(pattern.regex, cell).group(1)` returns for them
/// (expected values were checked against CPython 3).
struct ExtractCase: Sendable, CustomTestStringConvertible {
    var pattern: ExtractPattern
    var text: String
    var expected: String?

    var testDescription: String { "\(pattern.regex) in \"\(text)\"" }
}

@Suite struct ExtractPatternTests {
    static let searchCases: [ExtractCase] = [
        // Leftmost match, greedy run.
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits)]), text: "abc123def45", expected: "123"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits)]), text: "a1b22", expected: "1"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits)]), text: "12345", expected: "12345"),
        // Backtracking: a greedy run gives characters back so that what follows can match.
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.letters), .literal("a")]), text: "banana", expected: "banana"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits), .run(.digits)]), text: "123", expected: "123"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.alphanumeric), .literal("@"), .run(.letters)]),
                    text: "mail: bob@example.com", expected: "bob@example"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits), .literal("-"), .run(.digits)]),
                    text: "tel 555 555-1234", expected: "555-1234"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.upper), .run(.digits)]), text: "ABC DEF12", expected: "DEF12"),
        // Suffix context.
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits)], suffix: "kg"), text: "5 lb 12kg", expected: "12"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.alphanumeric)], suffix: "9"), text: "abc9", expected: "abc"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits)], suffix: ")"), text: "(12 (34)", expected: "34"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits)], suffix: "!"), text: "12 34", expected: nil),
        // Prefix context.
        ExtractCase(pattern: ExtractPattern(prefix: "#", tokens: [.run(.digits)]), text: "a1 #22 b", expected: "22"),
        ExtractCase(pattern: ExtractPattern(prefix: "#", tokens: [.run(.digits)]), text: "#x #7", expected: "7"),
        ExtractCase(pattern: ExtractPattern(prefix: "#", tokens: [.run(.digits)]), text: "a1 b22", expected: nil),
        ExtractCase(pattern: ExtractPattern(prefix: "$", tokens: [.run(.digits), .literal("."), .run(.digits)], suffix: " USD"),
                    text: "cost $3 or $4.50 USD", expected: "4.50"),
        // Character classes.
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.upper)]), text: "abcDEFghi", expected: "DEF"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.lower)]), text: "ABCdef", expected: "def"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.word)]), text: "-__a_1 b", expected: "__a_1"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.alphanumericSpace)]), text: ": hello world 42!", expected: " hello world 42"),
        // Non-ASCII text: classes are ASCII, literals and context may be anything.
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits)]), text: "価格: 1200円", expected: "1200"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits), .literal("円")]), text: "価格1200円です 5円", expected: "1200円"),
        ExtractCase(pattern: ExtractPattern(prefix: "価格", tokens: [.run(.digits)]), text: "1 価格1200", expected: "1200"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits)]), text: "e\u{301} 12", expected: "12"),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.letters)]), text: "é", expected: nil),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.letters)]), text: "😀ok👍", expected: "ok"),
        // Nothing to find.
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits)]), text: "", expected: nil),
        ExtractCase(pattern: ExtractPattern(tokens: [.run(.digits)]), text: "none", expected: nil),
        ExtractCase(pattern: ExtractPattern(tokens: []), text: "abc", expected: nil),
    ]

    @Test(arguments: ExtractPatternTests.searchCases)
    func firstMatchIsWhatPythonReSearchFinds(_ testCase: ExtractCase) {
        #expect(testCase.pattern.firstMatch(in: testCase.text) == testCase.expected)
    }

    @Test func regexEscapesContextAndPutsTheExtractedPartInGroupOne() {
        #expect(ExtractPattern(prefix: "(", tokens: [.run(.digits)], suffix: ")").regex == #"\(([0-9]+)\)"#)
        #expect(ExtractPattern(tokens: [.run(.upper), .literal("-"), .run(.digits)]).regex == #"([A-Z]+\-[0-9]+)"#)
        #expect(ExtractPattern(prefix: "$", tokens: [.run(.digits), .literal("."), .run(.digits)], suffix: " USD").regex
            == #"\$([0-9]+\.[0-9]+)\ USD"#)
    }

    @Test func regexLeavesLettersDigitsUnderscoreAndNonASCIIUnescaped() {
        #expect(ExtractPattern(prefix: "id_7", tokens: [.run(.word)], suffix: "€").regex == "id_7([A-Za-z0-9_]+)€")
        #expect(ExtractPattern(tokens: [.run(.digits), .literal("円")]).regex == "([0-9]+円)")
    }

    @Test func regexOfEveryTokenClass() {
        let regexes = TokenClass.allCases.map { ExtractPattern(tokens: [.run($0)]).regex }
        #expect(regexes == [
            "([0-9]+)", "([A-Z]+)", "([a-z]+)", "([A-Za-z]+)", "([A-Za-z0-9]+)", "([A-Za-z0-9_]+)", "([A-Za-z0-9 ]+)",
        ])
    }

    @Test func tokenClassesAreASCII() {
        #expect(TokenClass.digits.contains("7"))
        #expect(!TokenClass.digits.contains("٣"))
        #expect(TokenClass.letters.contains("z"))
        #expect(!TokenClass.letters.contains("é"))
        #expect(TokenClass.upper.contains("Q"))
        #expect(!TokenClass.upper.contains("q"))
        #expect(TokenClass.word.contains("_"))
        #expect(!TokenClass.alphanumeric.contains("_"))
        #expect(TokenClass.alphanumericSpace.contains(" "))
        #expect(!TokenClass.alphanumericSpace.contains("\t"))
    }

    @Test func matchesWholeNeedsEveryCharacterAndAtLeastOne() {
        #expect(TokenClass.digits.matchesWhole("2016"[...].unicodeScalars))
        #expect(!TokenClass.digits.matchesWhole("20a6"[...].unicodeScalars))
        #expect(!TokenClass.digits.matchesWhole(""[...].unicodeScalars))
    }

    @Test func patternsWithTheSameTokensAndContextAreEqual() {
        let a = ExtractPattern(prefix: "#", tokens: [.run(.digits)])
        #expect(a == ExtractPattern(prefix: "#", tokens: [.run(.digits)], suffix: ""))
        #expect(a != ExtractPattern(prefix: "#", tokens: [.run(.digits)], suffix: "!"))
        #expect(Set([a, a, ExtractPattern(tokens: [.run(.digits)])]).count == 2)
    }

    @Test func backtrackingThroughLongRunsFindsTheMatchOrGivesUp() {
        let pattern = ExtractPattern(tokens: [.run(.digits), .run(.digits)], suffix: "x")
        let text = String(repeating: "1", count: 200)
        #expect(pattern.firstMatch(in: text) == nil)
        #expect(pattern.firstMatch(in: text + "x") == text)
    }
}
