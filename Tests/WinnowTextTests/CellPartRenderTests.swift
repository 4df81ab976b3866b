import Testing
@testable import WinnowText

@Suite struct CellPartRenderTests {
    /// A concatenation is written into one buffer, ASCII cuts straight from the cell's bytes, and
    /// falls back to joining strings when it outgrows the buffer; every way must give the parts'
    /// own texts joined, or nothing when one part is not applicable.
    @Test func aConcatenationIsItsPartsRenderedAndJoined() {
        let singles = CellProgramParsingTests.handWritten.filter { $0.branches.isEmpty && $0.otherwise.count == 1 }.map { $0.otherwise[0] }
        var concatenations: [[CellPart]] = [singles]
        for (i, part) in singles.enumerated() {
            concatenations.append([part, .constant(" | "), singles[(i * 7 + 3) % singles.count]])
            concatenations.append([.constant("<"), part, part, .constant(">")])
        }
        var rows = CellRowPool.allRows
        rows.append([String(repeating: "long ASCII cell ", count: 40), "12", "x"])
        var joined = 0, longest = 0
        for parts in concatenations {
            for row in rows {
                let pieces = parts.map { $0.render(row) }
                let expected = pieces.contains(where: { $0 == nil }) ? nil : pieces.map { $0! }.joined()
                let rendered = CellPart.render(parts, row)
                #expect(rendered == expected, "\(parts) on \(row)")
                if let rendered {
                    joined += 1
                    longest = max(longest, rendered.utf8.count)
                }
            }
        }
        #expect(joined > 100)
        // Some concatenation outgrew the buffer, so the fallback ran too.
        #expect(longest > 512)
    }
}
