import Testing
import WinnowCore

@Suite struct TableTests {
    @Test func columnCountIsTheWidestRaggedRow() {
        let table: Table = [["a"], ["b", "c", "d"], [], ["e", "f"]]
        #expect(table.columnCount == 3)
        #expect(table.rowCount == 4)
        #expect(!table.isRectangular)
    }

    @Test func rectangularTableReportsItsWidth() {
        let table: Table = [["a", "b"], ["c", "d"]]
        #expect(table.columnCount == 2)
        #expect(table.isRectangular)
    }

    @Test func tableWithoutRowsHasNoColumnsAndIsEmpty() {
        let table = Table([])
        #expect(table.columnCount == 0)
        #expect(table.rowCount == 0)
        #expect(table.isEmpty)
        #expect(table.isRectangular)
    }

    @Test func rowsWithoutCellsAreEmptyButEmptyStringsAreCells() {
        #expect(Table([[], []]).isEmpty)
        #expect(Table([[], []]).columnCount == 0)
        #expect(!Table([[""]]).isEmpty)
        #expect(Table([[""]]).columnCount == 1)
    }

    @Test func columnReadsMissingCellsOfRaggedRowsAsEmpty() {
        let table: Table = [["a"], ["b", "c", "d"], []]
        #expect(table.column(0) == ["a", "b", ""])
        #expect(table.column(2) == ["", "d", ""])
        #expect(table.column(7) == ["", "", ""])
    }

    @Test func subscriptIsNilOutsideARaggedRow() {
        let table: Table = [["a"], ["b", "c"]]
        #expect(table[1, 1] == "c")
        #expect(table[0, 1] == nil)
        #expect(table[2, 0] == nil)
        #expect(table[-1, 0] == nil)
        #expect(table[0, -1] == nil)
    }

    @Test func descriptionAlignsColumnsAndShowsBlanks() {
        let table: Table = [["a", "bb"], ["", "c\nd"], ["eee"]]
        #expect(table.description == "a    bb\n·    c\\nd\neee")
    }

    @Test func rendererSaysWhenRowsAreCutAndWhenTheTableIsEmpty() {
        #expect(TableRenderer.render([["1"], ["2"], ["3"]], maxRows: 1) == "1\n… 2 more rows")
        #expect(TableRenderer.render(Table([])) == "(empty table)")
    }
}

/// Each change as "[row, column] expected → actual", `(none)` for a missing cell.
private func cells(_ diff: TableDiff) -> [String] {
    diff.changes.map { "[\($0.row), \($0.column)] \($0.expected ?? "(none)") → \($0.actual ?? "(none)")" }
}

@Suite struct TableDiffTests {
    @Test func identicalTablesHaveNoChanges() {
        let table: Table = [["a", "b"], ["c", "日本"]]
        let diff = TableDiff(expected: table, actual: table)
        #expect(diff.isEmpty)
        #expect(diff.changes.isEmpty)
        #expect(diff.summary() == "identical")
    }

    @Test func changedCellIsReportedWithItsPositionAndBothTexts() {
        let diff = TableDiff(expected: [["a", "b"], ["c", "d"]], actual: [["a", "b"], ["c", "X"]])
        #expect(!diff.isEmpty)
        #expect(cells(diff) == ["[1, 1] d → X"])
        #expect(diff.expectedShape == diff.actualShape)
        #expect(diff.summary() == "cell [1, 1]: expected \"d\", got \"X\"")
    }

    @Test func shapeChangeIsReportedWithMissingAndExtraCells() {
        let diff = TableDiff(expected: [["a", "b"], ["c", "d"]], actual: [["a"], ["c", "d"], ["e"]])
        #expect(diff.expectedShape == (rows: 2, columns: 2))
        #expect(diff.actualShape == (rows: 3, columns: 2))
        #expect(cells(diff) == ["[0, 1] b → (none)", "[2, 0] (none) → e"])
        #expect(diff.summary() == """
            shape: expected 2×2, got 3×2
            cell [0, 1]: expected "b", got (none)
            cell [2, 0]: expected (none), got "e"
            """)
    }

    @Test func emptyStringAndMissingCellAreDifferent() {
        let diff = TableDiff(expected: [["a", ""]], actual: [["a"]])
        #expect(cells(diff) == ["[0, 1]  → (none)"])
    }

    @Test func summaryListsAtMostTheLimitAndCountsTheRest() {
        let expected = Table((0..<8).map { ["\($0)"] })
        let actual = Table((0..<8).map { ["x\($0)"] })
        let diff = TableDiff(expected: expected, actual: actual)
        #expect(diff.changes.count == 8)
        let lines = diff.summary(limit: 3).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.last == "… 5 more differing cells")
    }

    @Test func diffsCompareByContent() {
        let one = TableDiff(expected: [["a"]], actual: [["b"]])
        let two = TableDiff(expected: [["a"]], actual: [["b"]])
        #expect(one == two)
        #expect(one != TableDiff(expected: [["a"]], actual: [["c"]]))
    }
}
