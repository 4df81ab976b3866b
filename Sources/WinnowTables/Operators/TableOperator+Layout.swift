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

    /// A layout step (`movesCellsOnly`) on non-empty rows `width` wide at most, or `nil` when it is
    /// not applicable or would make more than `cellLimit` cells.
    func rearranged<Cell: LayoutCell>(_ rows: [[Cell]], width: Int, cellLimit: Int) -> [[Cell]]? {
        switch self {
        case .drop(let c):
            guard c >= 0, c < width, width > 1 else { return nil }
            return padded(rows, width).map { rearrangedRow($0)! }

        case .move(let c, let to):
            guard c >= 0, c < width, to >= 0, to < width, c != to else { return nil }
            return padded(rows, width).map { rearrangedRow($0)! }

        case .copy(let c):
            guard c >= 0, c < width else { return nil }
            return padded(rows, width).map { rearrangedRow($0)! }

        case .fold(let from):
            guard from >= 1, width - from >= 2 else { return nil }
            var out: [[Cell]] = []
            out.reserveCapacity(rows.count * (width - from))
            for row in padded(rows, width) {
                let keys = Array(row[..<from])
                for c in from..<width { out.append(keys + [row[c]]) }
            }
            return out

        case .foldHeader(let from):
            guard from >= 0, width - from >= 2, rows.count >= 2 else { return nil }
            let full = padded(rows, width)
            let header = full[0]
            var out: [[Cell]] = []
            out.reserveCapacity((rows.count - 1) * (width - from))
            for row in full.dropFirst() {
                let keys = Array(row[..<from])
                for c in from..<width { out.append(keys + [header[c], row[c]]) }
            }
            return out

        case .unfold:
            guard width >= 2 else { return nil }
            var order: [[Cell]] = []
            var groups: [[Cell.GroupKey]: [Cell]] = [:]
            for row in padded(rows, width) {
                let identity = Array(row.dropLast())
                let key = identity.map { $0.groupKey }
                if groups[key] == nil { order.append(identity) }
                groups[key, default: []].append(row[width - 1])
            }
            let longest = groups.values.reduce(0) { max($0, $1.count) }
            guard order.count * (width - 1 + longest) <= cellLimit else { return nil }
            return order.map { identity in
                let values = groups[identity.map { $0.groupKey }]!
                return identity + values + Array(repeating: .blank, count: longest - values.count)
            }

        case .unfoldHeader(let key):
            return Self.unfoldHeader(padded(rows, width), key: key, width: width, cellLimit: cellLimit)

        case .fillDown(let c):
            guard c >= 0, c < width else { return nil }
            var last = Cell.blank
            return padded(rows, width).map { row in
                if !row[c].isBlank { last = row[c]; return row }
                var r = row
                r[c] = last
                return r
            }

        case .deleteRowsWithEmptyCell(let c):
            guard c >= 0, c < width else { return nil }
            let kept = padded(rows, width).filter { !$0[c].isBlank }
            return kept.isEmpty ? nil : kept

        case .deleteEmptyColumns:
            let full = padded(rows, width)
            let keep = (0..<width).filter { c in full.contains { !$0[c].isBlank } }
            guard !keep.isEmpty else { return nil }
            return full.map { row in keep.map { row[$0] } }

        case .deleteEmptyRows:
            let kept = rows.filter { row in row.contains { !$0.isBlank } }
            return kept.isEmpty ? nil : kept

        case .wrapEvery(let k):
            guard k >= 2, rows.count >= k, rows.count % k == 0 else { return nil }
            let full = padded(rows, width)
            return stride(from: 0, to: full.count, by: k).map { start in
                Array(full[start..<(start + k)].joined())
            }

        case .wrapOn(let c):
            guard c >= 0, c < width, width >= 2 else { return nil }
            var order: [Cell] = []
            var groups: [Cell.GroupKey: [Cell]] = [:]
            for row in padded(rows, width) {
                let key = row[c].groupKey
                if groups[key] == nil { order.append(row[c]) }
                groups[key, default: []].append(contentsOf: row[..<c])
                groups[key, default: []].append(contentsOf: row[(c + 1)...])
            }
            let longest = groups.values.reduce(0) { max($0, $1.count) }
            guard order.count * (width - 1 + longest) <= cellLimit else { return nil }
            return order.map { cell in
                let values = groups[cell.groupKey]!
                return [cell] + values + Array(repeating: .blank, count: longest - values.count)
            }

        case .wrapIntoOneRow:
            guard rows.count >= 2 else { return nil }
            return [Array(padded(rows, width).joined())]

        case .transpose:
            let full = padded(rows, width)
            guard width > 0 else { return nil }
            return (0..<width).map { c in full.map { $0[c] } }

        case .dedupe(let columns, let keep):
            guard columns.allSatisfy({ $0 >= 0 && $0 < width }) else { return nil }
            return Self.deduplicated(padded(rows, width), columns: columns, keep: keep)

        case .merge, .split, .divide, .extract, .derive, .replace, .sort, .filter:
            preconditionFailure("\(name) reads cell text; rearranged runs only steps that move cells")
        }
    }

    /// Drop, move or copy on one row (its column checks passed); `nil` for any other step.
    func rearrangedRow<Cell: LayoutCell>(_ row: [Cell]) -> [Cell]? {
        var r = row
        switch self {
        case .drop(let c): r.remove(at: c)
        case .move(let c, let to): r.insert(r.remove(at: c), at: to)
        case .copy(let c): r.insert(row[c], at: c + 1)
        default: return nil
        }
        return r
    }

    /// Pads ragged rows with blank cells so column operators see a rectangle.
    func padded<Cell: LayoutCell>(_ rows: [[Cell]], _ width: Int) -> [[Cell]] {
        if rows.allSatisfy({ $0.count == width }) { return rows }
        return rows.map { $0.count == width ? $0 : $0 + Array(repeating: .blank, count: width - $0.count) }
    }

    /// Foofah's unfold with header: header names come from column `key`, values from the last column,
    /// and every other column identifies the output row.
    private static func unfoldHeader<Cell: LayoutCell>(_ rows: [[Cell]], key: Int, width: Int, cellLimit: Int) -> [[Cell]]? {
        guard width >= 2, key >= 0, key < width - 1 else { return nil }
        var headers: [Cell] = []
        var seenHeaders: Set<Cell.GroupKey> = []
        for row in rows {
            guard !row[key].isBlank else { return nil }
            if seenHeaders.insert(row[key].groupKey).inserted { headers.append(row[key]) }
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
            return [headerRow] + order.map { identity in
                let byHeader = values[identity.map { $0.groupKey }]
                return identity + headerKeys.map { byHeader?[$0] ?? .blank }
            }
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
        return out
    }

    /// The rows (already padded) without repeats of their key (the whole row when `columns` is
    /// empty), keeping the first or last of each and the order of those kept.
    static func deduplicated<Cell: LayoutCell>(_ rows: [[Cell]], columns: [Int], keep: KeptOccurrence) -> [[Cell]] {
        let keys = rows.map { row in (columns.isEmpty ? row : columns.map { row[$0] }).map { $0.groupKey } }
        switch keep {
        case .first:
            var seen = Set<[Cell.GroupKey]>()
            return zip(rows, keys).filter { seen.insert($0.1).inserted }.map(\.0)
        case .last:
            var last: [[Cell.GroupKey]: Int] = [:]
            for (i, key) in keys.enumerated() { last[key] = i }
            return rows.indices.filter { last[keys[$0]] == $0 }.map { rows[$0] }
        }
    }
}
