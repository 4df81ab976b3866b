import WinnowCore
import WinnowText

extension TableOperator {
    /// Applies the operator, or returns `nil` when it is not applicable to this table.
    public func apply(_ table: Table) -> Table? { apply(table, cellLimit: .max) }

    /// Applies the operator, or returns `nil` when it is not applicable or would make more than
    /// `cellLimit` cells.
    ///
    /// Unfolds of a table whose keys are all distinct make rows × rows cells (every row its own record
    /// and its own header): on a 2,000-row table that is millions of cells and minutes of work for a
    /// state the search would discard for its size, so they stop before building it.
    public func apply(_ table: Table, cellLimit: Int) -> Table? {
        guard !table.rows.isEmpty else { return nil }
        let rows = table.rows
        let width = table.columnCount
        switch self {
        case .drop(let c):
            guard c >= 0, c < width, width > 1 else { return nil }
            return rowByRow(rows, width)

        case .move(let c, let to):
            guard c >= 0, c < width, to >= 0, to < width, c != to else { return nil }
            return rowByRow(rows, width)

        case .copy(let c), .divide(let c, _), .extract(let c, _):
            guard c >= 0, c < width else { return nil }
            return rowByRow(rows, width)

        case .merge(let c, _):
            guard c >= 0, c < width - 1 else { return nil }
            return rowByRow(rows, width)

        case .split(let c, let delimiter, let mode):
            guard c >= 0, c < width, !delimiter.isEmpty else { return nil }
            if mode == .first { return rowByRow(rows, width) }
            let full = padded(rows, width)
            let pieces = full.map { Self.split($0[c], on: delimiter, mode: mode) }
            let count = pieces.reduce(0) { max($0, $1.count) }
            return Table(zip(full, pieces).map { row, parts in
                var r = row
                r.replaceSubrange(c...c, with: parts + Array(repeating: "", count: count - parts.count))
                return r
            })

        case .fold(let from):
            guard from >= 1, width - from >= 2 else { return nil }
            var out: [[String]] = []
            out.reserveCapacity(rows.count * (width - from))
            for row in padded(rows, width) {
                let keys = Array(row[..<from])
                for c in from..<width { out.append(keys + [row[c]]) }
            }
            return Table(out)

        case .foldHeader(let from):
            guard from >= 0, width - from >= 2, rows.count >= 2 else { return nil }
            let full = padded(rows, width)
            let header = full[0]
            var out: [[String]] = []
            out.reserveCapacity((rows.count - 1) * (width - from))
            for row in full.dropFirst() {
                let keys = Array(row[..<from])
                for c in from..<width { out.append(keys + [header[c], row[c]]) }
            }
            return Table(out)

        case .unfold:
            guard width >= 2 else { return nil }
            var order: [ExactCells] = []
            var groups: [ExactCells: [String]] = [:]
            for row in padded(rows, width) {
                let key = ExactCells(Array(row.dropLast()))
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(row[width - 1])
            }
            let longest = groups.values.reduce(0) { max($0, $1.count) }
            guard order.count * (width - 1 + longest) <= cellLimit else { return nil }
            return Table(order.map { key in
                let values = groups[key]!
                return key.cells + values + Array(repeating: "", count: longest - values.count)
            })

        case .unfoldHeader(let key):
            return Self.unfoldHeader(padded(rows, width), key: key, width: width, cellLimit: cellLimit)

        case .fillDown(let c):
            guard c >= 0, c < width else { return nil }
            var last = ""
            return Table(padded(rows, width).map { row in
                if !row[c].isEmpty { last = row[c]; return row }
                var r = row
                r[c] = last
                return r
            })

        case .deleteRowsWithEmptyCell(let c):
            guard c >= 0, c < width else { return nil }
            let kept = padded(rows, width).filter { !$0[c].isEmpty }
            return kept.isEmpty ? nil : Table(kept)

        case .deleteEmptyColumns:
            let full = padded(rows, width)
            let keep = (0..<width).filter { c in full.contains { !$0[c].isEmpty } }
            guard !keep.isEmpty else { return nil }
            return Table(full.map { row in keep.map { row[$0] } })

        case .deleteEmptyRows:
            let kept = rows.filter { row in row.contains { !$0.isEmpty } }
            return kept.isEmpty ? nil : Table(kept)

        case .wrapEvery(let k):
            guard k >= 2, rows.count >= k, rows.count % k == 0 else { return nil }
            let full = padded(rows, width)
            return Table(stride(from: 0, to: full.count, by: k).map { start in
                Array(full[start..<(start + k)].joined())
            })

        case .wrapOn(let c):
            guard c >= 0, c < width, width >= 2 else { return nil }
            var order: [ExactCells] = []
            var groups: [ExactCells: [String]] = [:]
            for row in padded(rows, width) {
                let key = ExactCells([row[c]])
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(contentsOf: row[..<c])
                groups[key, default: []].append(contentsOf: row[(c + 1)...])
            }
            let longest = groups.values.reduce(0) { max($0, $1.count) }
            guard order.count * (width - 1 + longest) <= cellLimit else { return nil }
            return Table(order.map { key in
                let values = groups[key]!
                return key.cells + values + Array(repeating: "", count: longest - values.count)
            })

        case .wrapIntoOneRow:
            guard rows.count >= 2 else { return nil }
            return Table([Array(padded(rows, width).joined())])

        case .transpose:
            let full = padded(rows, width)
            guard width > 0 else { return nil }
            return Table((0..<width).map { c in full.map { $0[c] } })

        case .derive(_, let at):
            guard at >= 0, at <= width else { return nil }
            return rowByRow(rows, width)

        case .replace(let c, _):
            guard c >= 0, c < width else { return nil }
            return rowByRow(rows, width)

        case .sort(let keys, let header):
            guard !keys.isEmpty, keys.allSatisfy({ $0.column >= 0 && $0.column < width }) else { return nil }
            return Table(Self.sorted(padded(rows, width), keys: keys, header: header))

        case .dedupe(let columns, let keep):
            guard columns.allSatisfy({ $0 >= 0 && $0 < width }) else { return nil }
            return Table(Self.deduplicated(padded(rows, width), columns: columns, keep: keep))

        case .filter(let predicate, let keep, let header):
            guard predicate.columns.allSatisfy({ $0 >= 0 && $0 < width }) else { return nil }
            let full = padded(rows, width)
            let kept = (header ? [full[0]] : []) + full.dropFirst(header ? 1 : 0).filter { predicate.holds($0) == keep }
            return kept.isEmpty ? nil : Table(kept)
        }
    }

    /// The step on every row (padded to `width`), or `nil` as soon as one row is one its cell program
    /// cannot handle: a guessed or empty cell would be a silently wrong answer.
    private func rowByRow(_ rows: [[String]], _ width: Int) -> Table? {
        var out: [[String]] = []
        out.reserveCapacity(rows.count)
        for row in padded(rows, width) {
            guard let next = applyToRow(row) else { return nil }
            out.append(next)
        }
        return Table(out)
    }

    /// A row-local step on one row of a table it applies to (its column checks passed), as the table
    /// step does it on each row; `StreamingPipeline` streams a file through the same function.
    /// `nil` for a cell program with no answer for the row, or a step that is not row-local. A cell
    /// program reads the padded row as the row itself, since it reads a missing cell as empty.
    func applyToRow(_ row: [String]) -> [String]? {
        var r = row
        switch self {
        case .drop(let c): r.remove(at: c)
        case .move(let c, let to): r.insert(r.remove(at: c), at: to)
        case .copy(let c): r.insert(row[c], at: c + 1)
        case .merge(let c, let separator): r.replaceSubrange(c...(c + 1), with: [row[c] + separator + row[c + 1]])
        case .split(let c, let delimiter, .first): r.replaceSubrange(c...c, with: Self.split(row[c], on: delimiter, mode: .first))
        case .divide(let c, let cellClass): r.replaceSubrange(c...c, with: cellClass.matches(row[c]) ? [row[c], ""] : ["", row[c]])
        case .extract(let c, let pattern): r.insert(pattern.firstMatch(in: row[c]) ?? "", at: c + 1)
        case .derive(let program, let at):
            guard let cell = program.apply(row) else { return nil }
            r.insert(cell, at: at)
        case .replace(let c, let program):
            guard let cell = program.apply(row) else { return nil }
            r[c] = cell
        default: return nil
        }
        return r
    }

    /// Pads ragged rows with empty cells so column operators see a rectangle.
    private func padded(_ rows: [[String]], _ width: Int) -> [[String]] {
        if rows.allSatisfy({ $0.count == width }) { return rows }
        return rows.map { $0.count == width ? $0 : $0 + Array(repeating: "", count: width - $0.count) }
    }

    static func split(_ cell: String, on delimiter: String, mode: SplitMode) -> [String] {
        switch mode {
        case .first:
            guard let (head, tail) = TextSearch.splitFirst(cell, on: delimiter) else { return [cell, ""] }
            return [head, tail]
        case .all:
            return TextSearch.split(cell, on: delimiter)
        case .runs:
            var parts = TextSearch.split(cell, on: delimiter)
            guard parts.count > 2 else { return parts }
            // Runs of the delimiter leave empty pieces between them; keep the first and last piece
            // even when empty, as `re.split(re.escape(d) + "+", cell)` does.
            let inner = parts[1..<(parts.count - 1)].filter { !$0.isEmpty }
            parts = [parts[0]] + inner + [parts[parts.count - 1]]
            return parts
        }
    }

    /// Foofah's unfold with header: header names come from column `key`, values from the last column,
    /// and every other column identifies the output row.
    private static func unfoldHeader(_ rows: [[String]], key: Int, width: Int, cellLimit: Int) -> Table? {
        guard width >= 2, key >= 0, key < width - 1 else { return nil }
        var headers: [ExactCells] = []
        var seenHeaders: Set<ExactCells> = []
        for row in rows {
            guard !row[key].isEmpty else { return nil }
            let header = ExactCells([row[key]])
            if seenHeaders.insert(header).inserted { headers.append(header) }
        }
        let headerRow = Array(repeating: "", count: width - 2) + headers.map { $0.cells[0] }
        if width > 2 {
            var order: [ExactCells] = []
            var values: [ExactCells: [ExactCells: String]] = [:]
            for row in rows {
                var cells = row
                cells.remove(at: width - 1)
                cells.remove(at: key)
                let identity = ExactCells(cells)
                if values[identity] == nil { order.append(identity) }
                values[identity, default: [:]][ExactCells([row[key]])] = row[width - 1]
            }
            guard (order.count + 1) * headerRow.count <= cellLimit else { return nil }
            return Table([headerRow] + order.map { identity in identity.cells + headers.map { values[identity]?[$0] ?? "" } })
        }
        // Two columns: consecutive header/value pairs form one record; a repeated header starts the next.
        guard headerRow.count * 2 <= cellLimit else { return nil }
        var out = [headerRow]
        var record: [ExactCells: String] = [:]
        for row in rows {
            let header = ExactCells([row[key]])
            if record[header] != nil {
                out.append(headers.map { record[$0] ?? "" })
                guard out.count * headerRow.count <= cellLimit else { return nil }
                record = [:]
            }
            record[header] = row[width - 1]
        }
        out.append(headers.map { record[$0] ?? "" })
        return Table(out)
    }
}

extension CellClass {
    /// Whether a cell belongs to the class.
    public func matches(_ cell: String) -> Bool {
        let scalars = Substring(cell).unicodeScalars
        switch self {
        case .digits: return !scalars.isEmpty && scalars.allSatisfy(CharacterClassTest.isDigit)
        case .letters: return !scalars.isEmpty && scalars.allSatisfy(CharacterClassTest.isLetter)
        case .alphanumeric: return !scalars.isEmpty && scalars.allSatisfy(CharacterClassTest.isAlphanumeric)
        case .containing(let text): return !text.isEmpty && TextSearch.contains(cell, text)
        case .date: return Self.isDate(cell)
        }
    }

    /// `month/day/year`: 1–2 digit month and day, a 4-digit year, and a day that exists in that month.
    static func isDate(_ cell: String) -> Bool {
        let parts = cell.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3,
            (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
            parts.allSatisfy({ $0.unicodeScalars.allSatisfy(CharacterClassTest.isDigit) }),
            let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]),
            (1...12).contains(month), year >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}

/// A group key that compares cell texts byte for byte (through `Table`'s equality), so rows are
/// grouped exactly as the exported Python groups them: canonically equivalent spellings of a text
/// (`é` and `e` + combining accent) stay apart.
struct ExactCells: Hashable {
    private let row: Table

    init(_ cells: [String]) {
        row = Table([cells])
    }

    var cells: [String] { row.rows[0] }
}
