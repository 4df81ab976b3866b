import WinnowCore

/// What a layout step needs of a cell: whether it is blank, a blank to pad with, and a key that
/// groups cells only when their text is byte for byte the same.
///
/// Layout steps move, copy, group and drop cells without reading their text, so they run on cell
/// texts (`String`, when a pipeline runs) and on the numbers a search gives texts (`CellID`, when
/// the search expands a state) through one implementation.
protocol LayoutCell: Equatable, Sendable {
    associatedtype GroupKey: Hashable
    static var blank: Self { get }
    var isBlank: Bool { get }
    var groupKey: GroupKey { get }
}

extension String: LayoutCell {
    static var blank: String { "" }
    var isBlank: Bool { isEmpty }
    /// `String`'s own hashing equates canonically equivalent spellings; rows are grouped as the
    /// exported Python groups them, by bytes.
    var groupKey: ExactText { ExactText(self) }
}

extension CellID: LayoutCell {
    static var blank: CellID { CellPool.empty }
    var isBlank: Bool { self == CellPool.empty }
    var groupKey: CellID { self }
}

extension TableOperator {
    /// Whether the step only moves, copies, groups or drops cells, so that `rearranged` runs it.
    var movesCellsOnly: Bool {
        switch self {
        case .drop, .move, .copy, .fold, .foldHeader, .unfold, .unfoldHeader, .fillDown, .deleteRowsWithEmptyCell,
            .deleteEmptyColumns, .deleteEmptyRows, .wrapEvery, .wrapOn, .wrapIntoOneRow, .transpose, .dedupe:
            true
        case .merge, .split, .divide, .extract, .derive, .replace, .sort, .filter:
            false
        }
    }

    /// A layout step (`movesCellsOnly`) on a non-empty grid, or `nil` when it is not applicable or
    /// would make more than `cellLimit` cells. Steps that address columns see ragged rows padded.
    func rearranged<Cell: LayoutCell>(_ grid: CellGrid<Cell>, cellLimit: Int) -> CellGrid<Cell>? {
        let width = grid.width
        let rows = grid.rowCount
        switch self {
        case .drop, .move, .copy:
            return columnOrder(width: width).map(grid.selecting(columns:))

        case .fold(let from):
            guard from >= 1, width - from >= 2 else { return nil }
            var out = CellGrid<Cell>(reservingCells: rows * (width - from) * (from + 1), rows: rows * (width - from))
            for r in 0..<rows {
                for c in from..<width {
                    for k in 0..<from { out.append(grid.cell(r, k)) }
                    out.append(grid.cell(r, c))
                    out.endRow()
                }
            }
            return out

        case .foldHeader(let from):
            guard from >= 0, width - from >= 2, rows >= 2 else { return nil }
            var out = CellGrid<Cell>(reservingCells: (rows - 1) * (width - from) * (from + 2), rows: (rows - 1) * (width - from))
            for r in 1..<rows {
                for c in from..<width {
                    for k in 0..<from { out.append(grid.cell(r, k)) }
                    out.append(grid.cell(0, c))
                    out.append(grid.cell(r, c))
                    out.endRow()
                }
            }
            return out

        case .unfold:
            guard width >= 2 else { return nil }
            var order: [[Cell]] = []
            var groups: [[Cell.GroupKey]: [Cell]] = [:]
            for r in 0..<rows {
                let identity = (0..<(width - 1)).map { grid.cell(r, $0) }
                let key = identity.map { $0.groupKey }
                if groups[key] == nil { order.append(identity) }
                groups[key, default: []].append(grid.cell(r, width - 1))
            }
            let longest = groups.values.reduce(0) { max($0, $1.count) }
            guard order.count * (width - 1 + longest) <= cellLimit else { return nil }
            var out = CellGrid<Cell>(reservingCells: order.count * (width - 1 + longest), rows: order.count)
            for identity in order {
                let values = groups[identity.map { $0.groupKey }]!
                out.append(contentsOf: identity)
                out.append(contentsOf: values)
                out.append(contentsOf: repeatElement(.blank, count: longest - values.count))
                out.endRow()
            }
            return out

        case .unfoldHeader(let key):
            return Self.unfoldHeader(grid, key: key, cellLimit: cellLimit)

        case .fillDown(let c):
            guard c >= 0, c < width else { return nil }
            var out = CellGrid<Cell>(reservingCells: rows * width, rows: rows)
            var last = Cell.blank
            for r in 0..<rows {
                for k in 0..<width {
                    let cell = grid.cell(r, k)
                    if k == c, cell.isBlank { out.append(last) } else { out.append(cell) }
                    if k == c, !cell.isBlank { last = cell }
                }
                out.endRow()
            }
            return out

        case .deleteRowsWithEmptyCell(let c):
            guard c >= 0, c < width else { return nil }
            var out = CellGrid<Cell>(reservingCells: rows * width, rows: rows)
            for r in 0..<rows where !grid.cell(r, c).isBlank { out.appendPadded(r, of: grid) }
            return out.isEmpty ? nil : out

        case .deleteEmptyColumns:
            let keep = (0..<width).filter { c in (0..<rows).contains { !grid.cell($0, c).isBlank } }
            guard !keep.isEmpty else { return nil }
            return grid.selecting(columns: keep)

        case .deleteEmptyRows:
            // Rows are kept as they are, ragged or not: no column is addressed.
            var out = CellGrid<Cell>(reservingCells: grid.cells.count, rows: rows)
            for r in 0..<rows where grid.row(r).contains(where: { !$0.isBlank }) {
                out.append(contentsOf: grid.row(r))
                out.endRow()
            }
            return out.isEmpty ? nil : out

        case .wrapEvery(let k):
            guard k >= 2, rows >= k, rows % k == 0 else { return nil }
            var out = CellGrid<Cell>(reservingCells: rows * width, rows: rows / k)
            for start in stride(from: 0, to: rows, by: k) {
                for r in start..<(start + k) {
                    for c in 0..<width { out.append(grid.cell(r, c)) }
                }
                out.endRow()
            }
            return out

        case .wrapOn(let c):
            guard c >= 0, c < width, width >= 2 else { return nil }
            var order: [Cell] = []
            var groups: [Cell.GroupKey: [Cell]] = [:]
            for r in 0..<rows {
                let head = grid.cell(r, c)
                let key = head.groupKey
                if groups[key] == nil { order.append(head) }
                groups[key, default: []].append(contentsOf: (0..<width).lazy.filter { $0 != c }.map { grid.cell(r, $0) })
            }
            let longest = groups.values.reduce(0) { max($0, $1.count) }
            guard order.count * (width - 1 + longest) <= cellLimit else { return nil }
            var out = CellGrid<Cell>(reservingCells: order.count * (1 + longest), rows: order.count)
            for head in order {
                let values = groups[head.groupKey]!
                out.append(head)
                out.append(contentsOf: values)
                out.append(contentsOf: repeatElement(.blank, count: longest - values.count))
                out.endRow()
            }
            return out

        case .wrapIntoOneRow:
            guard rows >= 2 else { return nil }
            var out = CellGrid<Cell>(reservingCells: rows * width, rows: 1)
            for r in 0..<rows {
                for c in 0..<width { out.append(grid.cell(r, c)) }
            }
            out.endRow()
            return out

        case .transpose:
            guard width > 0 else { return nil }
            var out = CellGrid<Cell>(reservingCells: rows * width, rows: width)
            for c in 0..<width {
                for r in 0..<rows { out.append(grid.cell(r, c)) }
                out.endRow()
            }
            return out

        case .dedupe(let columns, let keep):
            guard columns.allSatisfy({ $0 >= 0 && $0 < width }) else { return nil }
            let keys = (0..<rows).map { r in (columns.isEmpty ? Array(0..<width) : columns).map { grid.cell(r, $0).groupKey } }
            let kept: [Int]
            switch keep {
            case .first:
                var seen = Set<[Cell.GroupKey]>()
                kept = (0..<rows).filter { seen.insert(keys[$0]).inserted }
            case .last:
                var last: [[Cell.GroupKey]: Int] = [:]
                for (r, key) in keys.enumerated() { last[key] = r }
                kept = (0..<rows).filter { last[keys[$0]] == $0 }
            }
            var out = CellGrid<Cell>(reservingCells: kept.count * width, rows: kept.count)
            for r in kept { out.appendPadded(r, of: grid) }
            return out

        case .merge, .split, .divide, .extract, .derive, .replace, .sort, .filter:
            preconditionFailure("\(name) reads cell text; rearranged runs only steps that move cells")
        }
    }

    /// Which column of a row (padded to `width`) each output column of drop, move or copy takes;
    /// `nil` when the step does not apply at that width, or is another step.
    func columnOrder(width: Int) -> [Int]? {
        var order = Array(0..<width)
        switch self {
        case .drop(let c):
            guard c >= 0, c < width, width > 1 else { return nil }
            order.remove(at: c)
        case .move(let c, let to):
            guard c >= 0, c < width, to >= 0, to < width, c != to else { return nil }
            order.insert(order.remove(at: c), at: to)
        case .copy(let c):
            guard c >= 0, c < width else { return nil }
            order.insert(c, at: c + 1)
        default:
            return nil
        }
        return order
    }

    /// Foofah's unfold with header: header names come from column `key`, values from the last column,
    /// and every other column identifies the output row.
    private static func unfoldHeader<Cell: LayoutCell>(_ grid: CellGrid<Cell>, key: Int, cellLimit: Int) -> CellGrid<Cell>? {
        let width = grid.width
        guard width >= 2, key >= 0, key < width - 1, (0..<grid.rowCount).allSatisfy({ !grid.cell($0, key).isBlank }) else { return nil }
        let rows = (0..<grid.rowCount).map(grid.paddedRow)
        var headers: [Cell] = []
        var seenHeaders: Set<Cell.GroupKey> = []
        for row in rows where seenHeaders.insert(row[key].groupKey).inserted {
            headers.append(row[key])
        }
        let headerKeys = headers.map { $0.groupKey }
        let headerRow = Array(repeating: Cell.blank, count: width - 2) + headers
        if width > 2 {
            var order: [[Cell]] = []
            var values: [[Cell.GroupKey]: [Cell.GroupKey: Cell]] = [:]
            for row in rows {
                var identity = row
                identity.remove(at: width - 1)
                identity.remove(at: key)
                let id = identity.map { $0.groupKey }
                if values[id] == nil { order.append(identity) }
                values[id, default: [:]][row[key].groupKey] = row[width - 1]
            }
            guard (order.count + 1) * headerRow.count <= cellLimit else { return nil }
            return CellGrid(rows: [headerRow] + order.map { identity in
                let byHeader = values[identity.map { $0.groupKey }]
                return identity + headerKeys.map { byHeader?[$0] ?? .blank }
            })
        }
        // Two columns: consecutive header/value pairs form one record; a repeated header starts the next.
        guard headerRow.count * 2 <= cellLimit else { return nil }
        var out = [headerRow]
        var record: [Cell.GroupKey: Cell] = [:]
        for row in rows {
            let header = row[key].groupKey
            if record[header] != nil {
                out.append(headerKeys.map { record[$0] ?? .blank })
                guard out.count * headerRow.count <= cellLimit else { return nil }
                record = [:]
            }
            record[header] = row[width - 1]
        }
        out.append(headerKeys.map { record[$0] ?? .blank })
        return CellGrid(rows: out)
    }
}
