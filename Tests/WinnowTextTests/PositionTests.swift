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

    /// An ASCII cell is cut on its bytes and any other on its scalars: both give the same cuts, and a
    /// character beyond ASCII counts as one position, as Python counts it.
    @Test func asciiCellsAndOthersAreCutAtTheSamePlaces() {
        let tail = CellPart.substring(column: 0, from: .matchEnd(.literal("-"), 1), to: .fromEnd(0), case: .keep)
        #expect(tail.render(["cafe-au-lait"]) == "au-lait")
        #expect(tail.render(["café-au-lait"]) == "au-lait")
        let third = CellPart.substring(column: 0, from: .fromStart(3), to: .fromStart(6), case: .upper)
        #expect(third.render(["cafe-au"]) == "E-A")
        #expect(third.render(["café-au"]) == "é-A")
        let capitals = CellPart.filter(column: 0, from: .fromStart(0), to: .fromEnd(0), keeping: .upper)
        #expect(capitals.render(["New York"]) == "NY")
        #expect(capitals.render(["Ñew York"]) == "Y")
        #expect(tail.render(["no dash"]) == nil && tail.render(["ño dash"]) == nil)
    }

    @Test func bytesOfAnASCIICellMatchTokensAsItsScalarsDo() {
        let text = "ab12-cd 345-"
        let scalars = Array(text.unicodeScalars)
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let ascii = ASCIIScalars(bytes: buffer)
            for token in TextToken.classes + [.literal("-"), .literal("cd 3")] {
                #expect(TokenMatches.find(token, in: ascii) == TokenMatches.find(token, in: scalars), "\(token)")
                for k in [-3, -2, -1, 1, 2, 3] {
                    #expect(TokenMatches.kth(token, k, in: ascii) == TokenMatches.kth(token, k, in: scalars), "\(token) \(k)")
                }
            }
        }
    }

    /// Counting from the end scans right to left for classes and one-scalar literals; it must find
    /// the match that counting every match from the start finds.
    @Test func theKthMatchFromTheEndIsTheOneCountedFromTheStart() {
        let tokens: [TextToken] = [.digits, .letters, .upper, .lower, .alphanumeric, .whitespace, .punctuation,
                                   .literal("-"), .literal(" "), .literal("é"), .literal("😀"), .literal("--"), .literal("aa"), .literal("")]
        var found = 0
        for row in CellRowPool.allRows + [["a-b--c---d"], ["aaaaa"], ["é😀é😀"]] {
            for text in row {
                let cell = Array(text.unicodeScalars)
                for token in tokens {
                    let all = TokenMatches.find(token, in: cell)
                    for k in 1...5 {
                        let expected = k <= all.count ? all[all.count - k] : nil
                        #expect(TokenMatches.kth(token, -k, in: cell) == expected, "\(token) -\(k) in \(text.debugDescription)")
                        if expected != nil { found += 1 }
                    }
                }
            }
        }
        #expect(found > 100)
        #expect(TokenMatches.kth(.digits, Int.min, in: Array("12".unicodeScalars)) == nil)
    }
}
