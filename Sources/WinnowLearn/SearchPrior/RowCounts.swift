import WinnowCore

/// Row counts of the whole table that decide what a reshape gives: distinct and filled cells per
/// column (`wrap-on`, `delete-rows-with-empty-cell`), and the groups `unfold` and `unfold-header`
/// would make.
struct RowCounts {
    var distinct: [Int]
    var filled: [Int]
    var unfold: Int
    /// Rows `unfold-header(key:)` would give, by key; empty when the table is too big for the count
    /// to be worth its cost (it is quadratic in the width).
    var unfoldHeader: [Int]

    init(_ table: Table) {
        let width = table.columnCount
        let columns = (0..<width).map { table.column($0) }
        distinct = columns.map { Set($0).count }
        filled = columns.map { $0.filter { !$0.isEmpty }.count }
        unfold = width >= 2 ? Set(table.rows.map { $0.dropLast() }).count : table.rowCount
        unfoldHeader = []
        if width >= 2, width * width * table.rowCount <= 100_000 {
            unfoldHeader = (0..<(width - 1)).map { key in
                Set(table.rows.map { row in row.indices.filter { $0 != key && $0 < width - 1 }.map { row[$0] } }).count + 1
            }
        }
    }
}
