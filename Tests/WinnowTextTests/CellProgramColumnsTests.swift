import Testing
@testable import WinnowText

@Suite struct CellProgramColumnsTests {
    /// A permutation of six columns that moves every one of them.
    static let order = [3, 5, 0, 4, 1, 2]

    /// `order[i]` is the original column at position `i`; the original column `c` sits at `position(c)`.
    static func position(_ c: Int) -> Int { order.firstIndex(of: c) ?? c }

    /// The hand-written programs of the parsing tests, and number terms over several columns.
    static let programs: [CellProgram] = CellProgramParsingTests.handWritten + [
        NumberTerm.arithmetic(.add, .column(1), .occurrencesOfColumn(column: 0, other: 2)),
        .arithmetic(.multiply, .characters(column: 3), .words(column: 4)),
        .absolute(.arithmetic(.subtract, .occurrences(column: 5, text: "e"), .column(2))),
    ].map { CellProgram(otherwise: [.number($0, NumberFormat(decimals: 0))]) }

    @Test func aRenumberedProgramReadsThePermutedRowAsTheProgramReadsTheRow() {
        var applicable = 0
        for program in Self.programs {
            let renumbered = program.renumberingColumns(Self.position)
            #expect(renumbered.columns == Set(program.columns.map(Self.position)), "\(program)")
            for row in CellRowPool.allRows {
                let padded = (0..<Self.order.count).map { $0 < row.count ? row[$0] : "" }
                let permuted = Self.order.map { padded[$0] }
                let original = program.apply(padded)
                #expect(renumbered.apply(permuted) == original, "\(program) on \(row)")
                if original != nil { applicable += 1 }
            }
        }
        // The comparison means something only if the programs do run on the pool's rows.
        #expect(applicable > Self.programs.count)
    }

    @Test func renumberingByTheIdentityChangesNothing() {
        for program in Self.programs {
            #expect(program.renumberingColumns { $0 } == program)
        }
    }
}
