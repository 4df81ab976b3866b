import WinnowCore

/// A cell text's number in one search's `CellPool`: meaningful only within that search.
struct CellID: Hashable, Sendable {
    let index: UInt32
}

/// A search state: a table as the numbers its search's `CellPool` gives its cells.
///
/// A search hashes and compares its states many times (duplicate detection, the no-op check, the
/// goal test) and looks their cells up in memo tables (`TableGoal`); with every distinct text
/// numbered once, all of that is integer work instead of hashing and comparing text. A state holds
/// no text: most states are generated, estimated and never expanded, so the pool spells out a
/// state's table (`CellPool.table(of:)`) only when the search expands it. Two states are equal when
/// their numbers are, which is byte equality of their cells as long as both come from the same
/// pool: states of different searches must not be compared.
struct TableState: Hashable, Sendable {
    /// The cells' numbers, as ragged as the table.
    let grid: CellGrid<CellID>

    var rowCount: Int { grid.rowCount }

    /// The widest row's width, as `Table.columnCount`.
    var columnCount: Int { grid.width }

    static func == (lhs: TableState, rhs: TableState) -> Bool { lhs.grid == rhs.grid }

    func hash(into hasher: inout Hasher) {
        grid.ends.withUnsafeBytes { hasher.combine(bytes: $0) }
        grid.cells.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Column `index` as numbers, with missing cells of ragged rows read as the empty text.
    func column(_ index: Int) -> [CellID] { grid.column(index) }
}

/// A row or column of cell numbers as a hash key, hashed as one run of bytes rather than number by
/// number (which is what `[CellID]`'s own hashing does).
struct CellRun: Hashable {
    let ids: [CellID]

    init(_ ids: [CellID]) {
        self.ids = ids
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(ids.count)
        ids.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// Numbers each distinct cell text (by its bytes, `ExactText`) the first time a search meets it.
///
/// Layout steps move and copy cells far more often than they make new text, so across the thousands
/// of states of a search the same few texts recur; per-text work (`TableGoal`'s facts) is done once
/// per number. Not thread-safe: one search owns one pool, and numbers states on its own thread.
final class CellPool {
    /// The empty text, numbered first.
    static let empty = CellID(index: 0)

    private var numbers: [ExactText: CellID] = [:]
    /// Every text met so far, at its number.
    private(set) var texts: [String] = []

    init() {
        _ = id(of: "")
    }

    func id(of text: String) -> CellID {
        let key = ExactText(text)
        if let known = numbers[key] { return known }
        let id = CellID(index: UInt32(texts.count))
        texts.append(text)
        numbers[key] = id
        return id
    }

    func state(_ table: Table) -> TableState {
        var grid = CellGrid<CellID>(reservingCells: table.rows.reduce(0) { $0 + $1.count }, rows: table.rowCount)
        for row in table.rows {
            for cell in row { grid.append(id(of: cell)) }
            grid.endRow()
        }
        return TableState(grid: grid)
    }

    /// Numbers a table a step made from `parent` (whose table is `source`) by writing text into some
    /// cells (a split, a merge, a cell program): a cell equal to the parent's cell at its position in
    /// the same row, or at that position shifted by the row's change of width, takes that cell's
    /// number without being hashed, so only the text the step wrote is looked up.
    func state(_ table: Table, from parent: TableState, source: Table) -> TableState {
        var grid = CellGrid<CellID>(reservingCells: table.rows.reduce(0) { $0 + $1.count }, rows: table.rowCount)
        for (r, row) in table.rows.enumerated() {
            guard r < source.rows.count else {
                for cell in row { grid.append(id(of: cell)) }
                grid.endRow()
                continue
            }
            let cells = source.rows[r]
            let shift = row.count - cells.count
            for (c, cell) in row.enumerated() {
                let s = c - shift
                if c < cells.count, ExactText.same(cell, cells[c]) {
                    grid.append(parent.grid.cell(r, c))
                } else if s >= 0, s < cells.count, ExactText.same(cell, cells[s]) {
                    grid.append(parent.grid.cell(r, s))
                } else {
                    grid.append(id(of: cell))
                }
            }
            grid.endRow()
        }
        return TableState(grid: grid)
    }

    /// The text of a state's cells.
    func table(of state: TableState) -> Table {
        Table(state.grid.rows.map { row in row.map { texts[Int($0.index)] } })
    }

    func text(of id: CellID) -> String { texts[Int(id.index)] }
}
