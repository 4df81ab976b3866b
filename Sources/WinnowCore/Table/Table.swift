import Foundation

/// A table of string cells, the value the table domain transforms.
///
/// Rows may be ragged: spreadsheets exported by real tools often are, and an operator that needs
/// rectangular input says so by returning `nil` rather than guessing. Cells stay strings because the
/// benchmark and users compare outputs textually; typing a cell would change what "exact" means.
public struct Table: Hashable, Sendable {
    /// The rows, top to bottom; each row lists its cells left to right.
    public var rows: [[String]]

    public init(_ rows: [[String]]) {
        self.rows = rows
    }

    /// Number of rows.
    public var rowCount: Int { rows.count }

    /// The widest row's width, so ragged tables still report how many columns an operator may address.
    public var columnCount: Int { rows.reduce(0) { max($0, $1.count) } }

    /// True when every row has the same width; most column operators are defined only on such tables.
    public var isRectangular: Bool {
        guard let width = rows.first?.count else { return true }
        return rows.allSatisfy { $0.count == width }
    }

    /// True when there is no cell at all.
    public var isEmpty: Bool { rows.allSatisfy(\.isEmpty) }

    /// The cell at a position, or `nil` outside a (possibly ragged) row.
    public subscript(row: Int, column: Int) -> String? {
        guard rows.indices.contains(row), rows[row].indices.contains(column) else { return nil }
        return rows[row][column]
    }

    /// Column `index`, with missing cells of ragged rows read as empty strings.
    public func column(_ index: Int) -> [String] {
        rows.map { index < $0.count ? $0[index] : "" }
    }
}

extension Table {
    /// Tables are equal when every cell has the same UTF-8 bytes (`ExactText`): byte equality is what
    /// Python, CSV files and users' diff tools mean by "exactly the same output".
    public static func == (lhs: Table, rhs: Table) -> Bool {
        guard lhs.rows.count == rhs.rows.count else { return false }
        for (a, b) in zip(lhs.rows, rhs.rows) {
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !ExactText.same(x, y) { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rows.count)
        for row in rows {
            hasher.combine(row.count)
            for cell in row { ExactText.hash(cell, into: &hasher) }
        }
    }
}

extension Table: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: [String]...) {
        self.init(elements)
    }
}

extension Table: CustomStringConvertible {
    /// A compact, aligned rendering for terminals and reports.
    public var description: String { TableRenderer.render(self) }
}
