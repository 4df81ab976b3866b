import WinnowCore

/// What the search knows about the target table, and the distance estimate built on it.
///
/// The estimate counts the kinds of operator a state still needs: one `drop` per column whose text
/// the target never uses, at least one split/extract/merge while target text is missing, one
/// row-reshaping operator while the row count differs, and one reordering operator when everything
/// is present but misplaced. A fraction for cells already in their target position breaks ties
/// toward states that look like the goal. Per-string facts are memoised, since the same cell texts
/// recur across thousands of states. Not thread-safe: one search owns one goal.
final class TableGoal {
    let target: Table
    let rowCount: Int
    let columnCount: Int
    /// Every distinct non-empty target cell.
    let cells: Set<String>
    /// All target cells joined by a separator that never occurs in cell text, for substring tests.
    let text: String
    /// Distinct non-empty values of each target column.
    let columnValues: [[String]]
    /// Number of target columns whose every cell is empty.
    let emptyColumns: Int
    let cellCount: Int

    private var roles: [String: Role] = [:]

    /// How a piece of text can contribute to the target.
    enum Role {
        /// It is a target cell.
        case exact
        /// It contains target text and must be split or extracted from.
        case container
        /// It is part of a target cell and must be merged with something.
        case piece
        /// The target never uses it: its column must be dropped.
        case useless
    }

    init(_ target: Table) {
        self.target = target
        rowCount = target.rowCount
        columnCount = target.columnCount
        var cells = Set<String>()
        for row in target.rows { for cell in row where !cell.isEmpty { cells.insert(cell) } }
        self.cells = cells
        text = "\u{1}" + target.rows.map { $0.joined(separator: "\u{1}") }.joined(separator: "\u{1}") + "\u{1}"
        columnValues = (0..<target.columnCount).map { c in
            var seen = Set<String>()
            return target.column(c).filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        emptyColumns = (0..<target.columnCount).filter { c in target.column(c).allSatisfy(\.isEmpty) }.count
        cellCount = target.rows.reduce(0) { $0 + $1.count }
    }

    func role(of cell: String) -> Role {
        if let known = roles[cell] { return known }
        let role: Role
        if cells.contains(cell) {
            role = .exact
        } else if text.contains(cell) {
            role = .piece
        } else if cells.contains(where: { cell.contains($0) }) {
            role = .container
        } else {
            role = .useless
        }
        roles[cell] = role
        return role
    }

    /// Whether the text occurs inside some target cell (or is one).
    func occursInTarget(_ fragment: String) -> Bool {
        text.contains(fragment)
    }

    func isGoal(_ table: Table) -> Bool { table == target }

    /// Estimated number of operators still needed to turn `table` into the target.
    func estimate(_ table: Table) -> Double {
        if table == target { return 0 }
        let rows = table.rows
        let width = table.columnCount
        var present = Set<String>()
        var uselessColumns = 0
        for c in 0..<width {
            var useful = false
            for row in rows where c < row.count {
                let cell = row[c]
                if cell.isEmpty { continue }
                present.insert(cell)
                if !useful, role(of: cell) != .useless { useful = true }
            }
            if !useful { uselessColumns += 1 }
        }
        uselessColumns = max(0, uselessColumns - emptyColumns)
        var missingColumns = 0
        for values in columnValues where values.contains(where: { !present.contains($0) }) {
            missingColumns += 1
        }
        var h = Double(uselessColumns)
        if missingColumns > 0 { h += 1 + 0.5 * Double(missingColumns - 1) }
        if rows.count != rowCount { h += 1 }
        if h == 0 { h = 1 }
        return h + 0.5 * (1 - positionalMatch(table))
    }

    /// Share of target cells already present at the same position.
    private func positionalMatch(_ table: Table) -> Double {
        guard cellCount > 0 else { return 0 }
        var same = 0
        for (r, row) in target.rows.enumerated() where r < table.rows.count {
            let other = table.rows[r]
            for (c, cell) in row.enumerated() where c < other.count && other[c] == cell { same += 1 }
        }
        return Double(same) / Double(cellCount)
    }
}
