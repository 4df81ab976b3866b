import Testing
@testable import WinnowText

@Suite struct PositionTests {
    @Test func tokenPositionsCountMatchesFromEitherEnd() {
        let cell = Array("+106 769-858-438".unicodeScalars)
        #expect(Position.matchStart(.digits, 2).resolve(in: cell) == 5)
        #expect(Position.matchEnd(.digits, -1).resolve(in: cell) == 16)
        #expect(Position.matchStart(.digits, -4).resolve(in: cell) == 1)
        #expect(Position.matchStart(.digits, 5).resolve(in: cell) == nil)
    }

    @Test func literalMatchesDoNotOverlap() {
        #expect(TokenMatches.literal(Array("aa".unicodeScalars), in: Array("aaaa".unicodeScalars)) == [0..<2, 2..<4])
    }
}
