/// Rows of cells in one buffer, row after row, with where each row ends.
///
/// A search makes hundreds of thousands of small tables; stored as an array of row arrays each one
/// costs an allocation and a reference count per row, stored flat it costs two. Rows may be ragged,
/// as a `Table`'s may; a cell past the end of its row reads as blank, which is how column steps pad.
struct CellGrid<Cell: LayoutCell>: Sendable {
    private(set) var cells: [Cell] = []
    /// One past the last cell of each row.
    private(set) var ends: [Int] = []
    /// The widest row's width.
    private(set) var width = 0

    init() {}

    init(rows: [[Cell]]) {
        cells.reserveCapacity(rows.reduce(0) { $0 + $1.count })
        ends.reserveCapacity(rows.count)
        for row in rows {
            cells.append(contentsOf: row)
            endRow()
        }
    }

    /// An empty grid with room for `cells` cells in `rows` rows.
    init(reservingCells cells: Int, rows: Int) {
        self.cells.reserveCapacity(cells)
        ends.reserveCapacity(rows)
    }

    var rowCount: Int { ends.count }

    var isEmpty: Bool { ends.isEmpty }

    /// The row's cells as stored (not padded).
    func row(_ r: Int) -> ArraySlice<Cell> { cells[(r == 0 ? 0 : ends[r - 1])..<ends[r]] }

    /// The cell at a position, blank past the end of a ragged row.
    func cell(_ r: Int, _ c: Int) -> Cell {
        let start = r == 0 ? 0 : ends[r - 1]
        return start + c < ends[r] ? cells[start + c] : .blank
    }

    /// The row padded to `width`.
    func paddedRow(_ r: Int) -> [Cell] { (0..<width).map { cell(r, $0) } }

    func column(_ c: Int) -> [Cell] { (0..<rowCount).map { cell($0, c) } }

    /// The rows as arrays, as ragged as stored.
    var rows: [[Cell]] { (0..<rowCount).map { Array(row($0)) } }

    mutating func append(_ cell: Cell) { cells.append(cell) }

    mutating func append<S: Sequence>(contentsOf row: S) where S.Element == Cell { cells.append(contentsOf: row) }

    /// Ends the row being appended.
    mutating func endRow() {
        width = max(width, cells.count - (ends.last ?? 0))
        ends.append(cells.count)
    }

    /// Appends row `r` of `grid` padded to that grid's width, as a row of its own.
    mutating func appendPadded(_ r: Int, of grid: CellGrid) {
        for c in 0..<grid.width { cells.append(grid.cell(r, c)) }
        endRow()
    }

    /// Each row padded, with the cells of `columns` in that order.
    func selecting(columns: [Int]) -> CellGrid {
        var out = CellGrid(reservingCells: rowCount * columns.count, rows: rowCount)
        for r in 0..<rowCount {
            for c in columns { out.cells.append(cell(r, c)) }
            out.endRow()
        }
        return out
    }
}

/// Numbers compare exactly; text grids are compared as `Table`s, by bytes.
extension CellGrid: Equatable where Cell == CellID {}
