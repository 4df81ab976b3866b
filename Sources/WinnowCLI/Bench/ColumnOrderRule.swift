import WinnowCore

/// Foofah's notion of "the same table": its search stops at a table whose columns, as a sorted list,
/// equal the target's (`FoofahNode.__eq__` compares `sorted(zip(*table))`), so a program that puts
/// the right columns in another order counts as found.
///
/// `bench` scores Winnow under this rule beside exact equality so the two can be read side by side with
/// Foofah's figure (`docs/foofah-results.md`). Python's `zip(*rows)` stops at the shortest row; the rule
/// does too, so ragged tables compare as Foofah would compare them.
enum ColumnOrderRule {
    static func matches(_ a: Table, _ b: Table) -> Bool {
        a == b || sortedColumns(a) == sortedColumns(b)
    }

    private static func sortedColumns(_ table: Table) -> [[String]] {
        let width = table.rows.map(\.count).min() ?? 0
        return (0..<width).map { c in table.rows.map { $0[c] } }.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
