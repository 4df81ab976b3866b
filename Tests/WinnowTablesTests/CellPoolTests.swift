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

/// The goal classifies each text a search meets (a target cell, a piece of one, a container of one,
/// or useless) by one substring search and a few lookups instead of a test per target cell; these
/// pin that it answers exactly what the test per target cell answers.
@Suite struct TextRoleTests {
    /// The test per target cell, as the goal used to run it.
    static func expectedRole(of text: String, in target: Table) -> TableGoal.Role {
        let cells = Set(target.rows.joined().filter { !$0.isEmpty })
        if cells.contains(text) { return .exact }
        if cells.contains(where: { TableGoal.occursAtTokenBoundaries(text, in: $0) }) { return .piece }
        if cells.contains(where: { TableGoal.occursAtTokenBoundaries($0, in: text) }) { return .container }
        return .useless
    }

    /// Enough rows (the filler ones) that most texts take the lookup path, which is used while a
    /// text has no more boundary-to-boundary parts than the target has cells.
    static let target = Table([
        ["Ng, Ann", "2019-04-01", "café"],
        ["Li", "x-ray", "A1B2"],
        ["", "$1,200.50", "cafe\u{301} noir"],
    ] + (0..<40).map { ["\(9_000 + $0)", "id\($0)", ""] })

    @Test func rolesMatchTheTestAgainstEveryTargetCell() {
        let texts = [
            "Ng", "Ann", "Ng, Ann", "Ng, Ann Li", "g, A", "2019", "04", "2019-04", "019", "01", "Li", "L", "x", "ray",
            "x-ray", "x-ray-fish", "A1", "1B", "A1B2C3", "B2", "1,200", "200.50", "$1", "1,200.50", "café", "caf",
            "cafe\u{301}", "noir", "cafe\u{301} noir, please", "Mr Ng, Ann", "2019-04-01T00", "", "zzz", "a\u{1}b", "-", ",",
            "9001", "9001-9002", "id3", "id", "xid3", "id3x", "A9001",
        ]
        let goal = TableGoal(Self.target)
        for text in texts {
            let id = goal.state(Table([[text]])).grid.cells[0]
            #expect(goal.role(of: id) == Self.expectedRole(of: text, in: Self.target), "\(text.debugDescription)")
        }
    }

    /// A text with many boundaries has more parts than the target has cells; it is tested cell by cell.
    @Test func aTextWithManyPartsIsTestedCellByCell() {
        let text = "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-Li-q"
        let goal = TableGoal(Self.target)
        #expect(goal.role(of: goal.state(Table([[text]])).grid.cells[0]) == .container)
        #expect(Self.expectedRole(of: text, in: Self.target) == .container)
    }
}
