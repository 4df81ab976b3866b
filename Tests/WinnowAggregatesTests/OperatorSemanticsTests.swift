import Testing
@testable import WinnowAggregates
import WinnowCore

@Suite struct OperatorSemanticsTests {
    static let sample: AggregateValue = .list([3, -1, 4, -1, 5, 0, 2])

    @Test(arguments: [
        ("sum", 12), ("mean", 12.0 / 7), ("median", 2), ("min", -1), ("max", 5), ("count", 7),
        ("count-distinct", 6), ("range", 6), ("std", 2.249716535431946), ("first", 3), ("last", 2),
        ("kth-largest(2)", 4), ("kth-largest(3)", 3), ("kth-smallest(2)", -1), ("kth-smallest(3)", 0),
        ("top-k-sum(2)", 9), ("top-k-sum(3)", 12), ("product", 0),
    ] as [(String, Double)])
    func reductionsGiveTheDocumentedNumber(_ text: String, _ expected: Double) throws {
        #expect(try program(text).apply(Self.sample) == .number(expected))
    }

    @Test(arguments: [
        ("square", [9, 1, 16, 1, 25, 0, 4]), ("abs", [3, 1, 4, 1, 5, 0, 2]), ("negate", [-3, 1, -4, 1, -5, 0, -2]),
        ("double", [6, -2, 8, -2, 10, 0, 4]), ("increment", [4, 0, 5, 0, 6, 1, 3]), ("decrement", [2, -2, 3, -2, 4, -1, 1]),
        ("sort", [-1, -1, 0, 2, 3, 4, 5]), ("sort-desc", [5, 4, 3, 2, 0, -1, -1]), ("reverse", [2, 0, 5, -1, 4, -1, 3]),
        ("unique", [3, -1, 4, 5, 0, 2]), ("cumsum", [3, 2, 6, 5, 10, 10, 12]), ("diffs", [-4, 5, -5, 6, -5, 2]),
        ("filter(even)", [4, 0, 2]), ("filter(odd)", [3, -1, -1, 5]), ("filter(positive)", [3, 4, 5, 2]),
        ("filter(negative)", [-1, -1]), ("filter(nonzero)", [3, -1, 4, -1, 5, 2]), ("filter(>mean)", [3, 4, 5, 2]),
        ("filter(<mean)", [-1, -1, 0]), ("filter(>3)", [4, 5]), ("filter(<1)", [-1, -1, 0]),
    ] as [(String, [Double])])
    func listStepsGiveTheDocumentedList(_ text: String, _ expected: [Double]) throws {
        #expect(try program(text).apply(Self.sample) == .list(expected))
    }

    @Test func stepsComposeLeftToRight() throws {
        #expect(try program("filter(even) | square | sum").apply(list(1, 2, 3, 4)) == .number(20))
        #expect(try program("negate | sort | first").apply(list(1, 7, 3)) == .number(-7))
    }

    @Test func emptyListsGiveTheNeutralValueOrNil() throws {
        let empty = AggregateValue.list([])
        #expect(try program("sum").apply(empty) == .number(0))
        #expect(try program("count").apply(empty) == .number(0))
        #expect(try program("count-distinct").apply(empty) == .number(0))
        #expect(try program("product").apply(empty) == .number(1))
        for undefined in ["mean", "median", "min", "max", "range", "std", "first", "last", "kth-largest(2)", "kth-smallest(2)", "top-k-sum(2)"] {
            #expect(try program(undefined).apply(empty) == nil, "\(undefined) of []")
        }
        for listStep in ["square", "sort", "unique", "cumsum", "diffs", "filter(>mean)", "filter(<mean)", "filter(even)"] {
            #expect(try program(listStep).apply(empty) == .list([]), "\(listStep) of []")
        }
        #expect(try program("filter(positive) | mean").apply(list(-1, -2)) == nil)
    }

    @Test func rankedReductionsBeyondTheLengthAreNil() throws {
        #expect(try program("kth-largest(3)").apply(list(1, 2)) == nil)
        #expect(try program("kth-smallest(3)").apply(list(1, 2)) == nil)
        #expect(try program("top-k-sum(3)").apply(list(1, 2)) == nil)
        #expect(try program("kth-largest(2)").apply(list(1, 2)) == .number(1))
    }

    @Test func overflowIsNilNotInfinity() throws {
        #expect(try program("product").apply(list(1e200, 1e200)) == nil)
        #expect(try program("square").apply(list(1e200)) == nil)
        #expect(try program("sum").apply(list(1e308, 1e308)) == nil)
    }

    @Test func anythingAppliedToANumberIsNil() {
        #expect(AggregateStep(.sum).apply(.number(3)) == nil)
        #expect(AggregateStep(.square).apply(.number(3)) == nil)
    }

    @Test func medianOfAnEvenLengthIsTheMeanOfTheMiddleTwo() throws {
        #expect(try program("median").apply(list(10, 1, 3, 2)) == .number(2.5))
    }

    @Test func parityHoldsForNegativeNumbers() throws {
        #expect(try program("filter(even)").apply(list(-3, -2, -1, 0)) == list(-2, 0))
        #expect(try program("filter(odd)").apply(list(-3, -2, -1, 0)) == list(-3, -1))
        #expect(try program("filter(odd)").apply(list(1.5, 3)) == list(3))
    }

    @Test func aMeanFilterIgnoresRoundingNoise() throws {
        // The mean of [0.1, 0.2, 0.3] is 0.20000000000000004 in binary: 0.2 is neither above nor below it.
        #expect(try program("filter(>mean)").apply(list(0.1, 0.2, 0.3)) == list(0.3))
        #expect(try program("filter(<mean)").apply(list(0.1, 0.2, 0.3)) == list(0.1))
    }

    @Test func duplicatesCountOnceForDistinctAndUnique() throws {
        #expect(try program("count-distinct").apply(list(2, 2, 2.0000000001, -0.0, 0)) == .number(2))
        #expect(try program("unique").apply(list(2, 1, 2, 1, 3)) == list(2, 1, 3))
    }

    @Test func vocabularyHasAtLeastThirtyOperatorsOfEveryKind() {
        #expect(AggregateOperator.allCases.count >= 30)
        for kind in AggregateOperator.Kind.allCases {
            #expect(AggregateOperator.allCases.contains { $0.kind == kind })
        }
    }

    @Test(arguments: [
        "filter(even) | square | sum", "sort-desc | top-k-sum(2)", "filter(>-3) | filter(<mean) | count",
        "cumsum | diffs", "kth-smallest(3)", "unique",
    ])
    func programsPrintAndParseBack(_ text: String) throws {
        let parsed = try program(text)
        #expect(parsed.description == text)
        #expect(try program(parsed.description) == parsed)
    }

    @Test func parsingRejectsUnknownStepsAndMisplacedReductions() {
        #expect(throws: WinnowError.self) { try program("sum | square") }
        #expect(throws: WinnowError.self) { try program("summ") }
        #expect(throws: WinnowError.self) { try program("kth-largest") }
        #expect(throws: WinnowError.self) { try program("kth-largest(0)") }
        #expect(throws: WinnowError.self) { try program("square(2)") }
    }
}
