import Testing
@testable import WinnowText

@Suite struct NumberTermTests {
    let row = ["a, b,  c", "1,234.5", "-2", "b", "", "x"]

    @Test func countsCharactersWordsAndOccurrences() {
        #expect(NumberTerm.characters(column: 0).value(in: row) == 8)
        #expect(NumberTerm.words(column: 0).value(in: row) == 3)
        #expect(NumberTerm.words(column: 4).value(in: row) == 0)
        #expect(NumberTerm.occurrences(column: 0, text: ",").value(in: row) == 2)
        #expect(NumberTerm.occurrences(column: 0, text: "zz").value(in: row) == 0)
        #expect(NumberTerm.occurrencesOfColumn(column: 0, other: 3).value(in: row) == 1)
        #expect(NumberTerm.occurrences(column: 0, text: "aa").value(in: ["aaaa"]) == 2)
    }

    @Test func countingAnEmptyTextIsNotApplicable() {
        #expect(NumberTerm.occurrencesOfColumn(column: 0, other: 4).value(in: row) == nil)
        #expect(NumberTerm.occurrences(column: 0, text: "").value(in: row) == nil)
    }

    @Test func arithmeticOnColumnsAndConstants() {
        #expect(NumberTerm.arithmetic(.add, .column(1), .column(2)).value(in: row) == 1232.5)
        #expect(NumberTerm.arithmetic(.subtract, .column(2), .column(1)).value(in: row) == -1236.5)
        #expect(NumberTerm.arithmetic(.multiply, .column(2), .constant(100)).value(in: row) == -200)
        #expect(NumberTerm.arithmetic(.divide, .column(1), .column(2)).value(in: row) == -617.25)
        #expect(NumberTerm.absolute(.column(2)).value(in: row) == 2)
        #expect(NumberTerm.arithmetic(.add, .words(column: 0), .constant(1)).value(in: row) == 4)
    }

    @Test func arithmeticOnATextOrByZeroIsNotApplicable() {
        #expect(NumberTerm.arithmetic(.add, .column(0), .constant(1)).value(in: row) == nil)
        #expect(NumberTerm.arithmetic(.divide, .column(1), .constant(0)).value(in: row) == nil)
        #expect(NumberTerm.arithmetic(.multiply, .constant(1e308), .constant(10)).value(in: row) == nil)
        #expect(NumberTerm.column(9).value(in: row) == nil)
    }

    @Test func arithmeticCostsMoreThanAColumnOrACount() {
        let inventory = TextInventory.standard
        let arithmetic = NumberTerm.arithmetic(.multiply, .column(0), .constant(100)).cost(under: inventory)
        #expect(NumberTerm.column(0).cost(under: inventory) < arithmetic)
        #expect(NumberTerm.words(column: 0).cost(under: inventory) < arithmetic)
        #expect(arithmetic < NumberTerm.arithmetic(.multiply, .column(0), .constant(97)).cost(under: inventory))
    }

    @Test func descriptionsReadBack() throws {
        let terms: [NumberTerm] = [
            .column(3), .characters(column: 0), .words(column: 1), .occurrences(column: 0, text: "a \"b\"\\\n"),
            .occurrencesOfColumn(column: 0, other: 2), .arithmetic(.add, .column(0), .column(1)),
            .arithmetic(.subtract, .column(0), .constant(-3)), .arithmetic(.multiply, .column(0), .constant(1.1)),
            .arithmetic(.divide, .constant(0.00001), .column(2)), .absolute(.column(0)),
            .arithmetic(.add, .words(column: 0), .constant(1)),
        ]
        for term in terms {
            #expect(try NumberTerm(parsing: term.description) == term, "\(term)")
        }
        #expect(NumberTerm.arithmetic(.multiply, .column(0), .constant(100)).description == "multiply(number(column: 0), 100)")
    }

    @Test func malformedDescriptionsAreErrors() {
        let texts = [
            "number()", "number(column: -1)", "count(column: 0)", "count(column: 0, text: \"\")", "add(number(column: 0))", "mod(1, 2)",
            "number(column: 0, extra: 1)", "\"3\"",
        ]
        for text in texts {
            #expect(throws: CallSyntaxError.self, "\(text)") { try NumberTerm(parsing: text) }
        }
    }
}
