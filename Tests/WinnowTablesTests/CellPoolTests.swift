import Testing
import WinnowCore
import WinnowText

@testable import WinnowTables

/// The search numbers cell texts once (`CellPool`) and runs layout steps on the numbers; these pin
/// that the numbers stand for the bytes, and that a step on numbers is the step on text.
@Suite struct CellPoolTests {
    /// `é` precomposed and `e` + combining accent: equal as Swift strings, different bytes.
    static let composed = "caf\u{E9}"
    static let decomposed = "cafe\u{301}"

    /// Ragged, with blanks, repeated texts and two spellings of one word.
    static let table: Table = [
        ["k", Self.composed, "1", ""],
        ["k", Self.decomposed, "2"],
        ["j", Self.composed, "", "x"],
        ["j", "b", "3", "y"],
    ]

    @Test func equalBytesShareANumberAndCanonicallyEquivalentTextsDoNot() {
        let pool = CellPool()
        #expect(Self.composed == Self.decomposed)
        #expect(pool.id(of: Self.composed) != pool.id(of: Self.decomposed))
        #expect(pool.id(of: "k") == pool.id(of: String("kk".dropFirst())))
        #expect(pool.id(of: "") == CellPool.empty)
    }

    @Test func aStateSpellsOutTheTableItWasMadeFrom() {
        let pool = CellPool()
        let state = pool.state(Self.table)
        #expect(pool.table(of: state) == Self.table)
        #expect(state.rowCount == 4 && state.columnCount == 4)
        #expect(pool.state(Self.table) == state)
        #expect(pool.state(Table([["k", Self.decomposed, "1", ""]] + Self.table.rows.dropFirst())) != state)
    }

    /// Every layout step, on numbers and spelled out, gives what it gives on the text, including
    /// the grouping steps, which must keep the two spellings of `café` apart.
    @Test func layoutStepsOnNumbersMatchTheStepsOnText() {
        let steps: [TableOperator] = [
            .drop(column: 1), .move(column: 0, to: 2), .copy(column: 1), .fold(from: 1), .foldHeader(from: 1),
            .unfold, .unfoldHeader(key: 1), .unfoldHeader(key: 0), .fillDown(column: 2), .deleteRowsWithEmptyCell(column: 3),
            .deleteEmptyColumns, .deleteEmptyRows, .wrapEvery(k: 2), .wrapOn(column: 1), .wrapOn(column: 0),
            .wrapIntoOneRow, .transpose, .dedupe(columns: [1], keep: .first), .dedupe(columns: [], keep: .last),
        ]
        let tables = [Self.table, Table([["a", "b"], ["a", "b"], ["", "c"]]), Table([[Self.decomposed, "v"], [Self.composed, "w"]])]
        for table in tables {
            for step in steps {
                #expect(step.movesCellsOnly)
                let pool = CellPool()
                let state = pool.state(table)
                let moved = step.rearranged(state.grid, cellLimit: .max).map { pool.table(of: TableState(grid: $0)) }
                #expect(moved == step.apply(table), "\(step.name) on \(table.rows)")
            }
        }
    }

    /// Ragged rows stay as they are unless a step addresses columns, as in `apply`.
    @Test func aGridKeepsRaggedRowsAndPadsOnlyWhereAStepAddressesColumns() {
        let grid = CellGrid(rows: Self.table.rows)
        #expect(grid.rows == Self.table.rows)
        #expect(grid.width == 4 && grid.rowCount == 4)
        #expect(grid.cell(1, 3) == "" && grid.row(1).count == 3)
        #expect(TableOperator.deleteEmptyRows.rearranged(grid, cellLimit: .max)?.rows == Self.table.rows)
        #expect(TableOperator.transpose.rearranged(grid, cellLimit: .max)?.rows[3] == ["", "", "x", "y"])
    }

    @Test func stepsThatWriteTextDoNotClaimToOnlyMoveCells() {
        let writers: Set<String> = ["merge", "split", "divide", "extract", "derive", "replace", "sort", "filter"]
        for step in OperatorTests.everyCase {
            #expect(step.movesCellsOnly == !writers.contains(step.name), "\(step.name)")
        }
        #expect(OperatorTests.everyCase.filter(\.movesCellsOnly).count == 16)
    }

    /// Numbering a step's result from its parent reuses the parent's numbers where the text is the
    /// same, and must give exactly the numbers plain numbering gives.
    @Test func numberingFromTheParentAgreesWithPlainNumbering() {
        let start: Table = [["Ng, Ann", "café 12"], ["Li, Bo", "cafe\u{301} 7"], ["Ng, Ann", ""]]
        let steps: [TableOperator] = [
            .split(column: 0, delimiter: ", ", mode: .first), .split(column: 1, delimiter: " ", mode: .all),
            .merge(column: 0, separator: " "), .divide(column: 1, by: .digits),
            .extract(column: 1, pattern: ExtractPattern(tokens: [.run(.digits)])),
            .sort(keys: [SortKey(column: 0, kind: .text, descending: false)], header: false),
            .filter(predicate: .isEmpty(column: 1), keep: false),
        ]
        for step in steps {
            guard let made = step.apply(start) else {
                Issue.record("\(step.name) did not apply")
                continue
            }
            let pool = CellPool()
            let parent = pool.state(start)
            let fromParent = pool.state(made, from: parent, source: start)
            #expect(fromParent == pool.state(made), "\(step.name)")
            #expect(pool.table(of: fromParent) == made)
        }
    }
}
