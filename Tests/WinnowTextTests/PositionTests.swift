import Testing
@testable import WinnowText

@Suite struct PositionTests {
    @Test func tokenPositionsCountMatchesFromEitherEnd() {
        let cell = Array("+106 769-858-438".unicodeScalars)
        #expect(Position.matchStart(.digits, 2).resolve(in: cell, row: []) == 5)
        #expect(Position.matchEnd(.digits, -1).resolve(in: cell, row: []) == 16)
        #expect(Position.matchStart(.digits, -4).resolve(in: cell, row: []) == 1)
        #expect(Position.matchStart(.digits, 5).resolve(in: cell, row: []) == nil)
    }

    @Test func aCountFromAnotherColumnIsAPositionOnlyWhenItIsAWholeNumberThatFits() {
        let cell = Array("**512A".unicodeScalars)
        #expect(Position.columnValue(column: 1, fromEnd: false).resolve(in: cell, row: ["", "2"]) == 2)
        #expect(Position.columnValue(column: 1, fromEnd: true).resolve(in: cell, row: ["", "2"]) == 4)
        #expect(Position.columnValue(column: 1, fromEnd: false).resolve(in: cell, row: ["", "7"]) == nil)
        #expect(Position.columnValue(column: 1, fromEnd: false).resolve(in: cell, row: ["", "-1"]) == nil)
        #expect(Position.columnValue(column: 1, fromEnd: false).resolve(in: cell, row: ["", "٣"]) == nil)
        #expect(Position.columnValue(column: 2, fromEnd: false).resolve(in: cell, row: ["", "1"]) == nil)
    }

    @Test func literalMatchesDoNotOverlap() {
        #expect(TokenMatches.literal(Array("aa".unicodeScalars), in: Array("aaaa".unicodeScalars)) == [0..<2, 2..<4])
    }
}
