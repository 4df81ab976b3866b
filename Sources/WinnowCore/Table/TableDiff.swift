/// A cell-level comparison of an actual table against an expected one, for reports and repair prompts.
///
/// Reports name the first cells that differ rather than dumping both tables, because that is what a
/// person (or a model asked to repair a program) needs to act on.
public struct TableDiff: Sendable, Equatable {
    /// One cell whose text differs, or which exists on one side only (`nil`).
    public struct CellChange: Sendable, Equatable {
        public var row: Int
        public var column: Int
        public var expected: String?
        public var actual: String?
    }

    public var expectedShape: (rows: Int, columns: Int)
    public var actualShape: (rows: Int, columns: Int)
    /// Every differing cell in row-major order.
    public var changes: [CellChange]

    public init(expected: Table, actual: Table) {
        expectedShape = (expected.rowCount, expected.columnCount)
        actualShape = (actual.rowCount, actual.columnCount)
        var changes: [CellChange] = []
        let rows = max(expected.rowCount, actual.rowCount)
        for r in 0..<rows {
            let e = r < expected.rowCount ? expected.rows[r] : []
            let a = r < actual.rowCount ? actual.rows[r] : []
            for c in 0..<max(e.count, a.count) {
                let ev = c < e.count ? e[c] : nil
                let av = c < a.count ? a[c] : nil
                if ev != av { changes.append(CellChange(row: r, column: c, expected: ev, actual: av)) }
            }
        }
        self.changes = changes
    }

    /// True when the tables are identical cell for cell.
    public var isEmpty: Bool { changes.isEmpty }

    public static func == (lhs: TableDiff, rhs: TableDiff) -> Bool {
        lhs.expectedShape == rhs.expectedShape && lhs.actualShape == rhs.actualShape && lhs.changes == rhs.changes
    }

    /// A short human summary: shapes when they differ, then up to `limit` differing cells.
    public func summary(limit: Int = 5) -> String {
        if isEmpty { return "identical" }
        var lines: [String] = []
        if expectedShape != actualShape {
            lines.append("shape: expected \(expectedShape.rows)×\(expectedShape.columns), got \(actualShape.rows)×\(actualShape.columns)")
        }
        for change in changes.prefix(limit) {
            let e = change.expected.map { "\"\($0)\"" } ?? "(none)"
            let a = change.actual.map { "\"\($0)\"" } ?? "(none)"
            lines.append("cell [\(change.row), \(change.column)]: expected \(e), got \(a)")
        }
        if changes.count > limit { lines.append("… \(changes.count - limit) more differing cells") }
        return lines.joined(separator: "\n")
    }
}
