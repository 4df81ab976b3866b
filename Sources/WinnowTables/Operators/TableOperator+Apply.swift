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
        // Drop, move and copy edit each row in place, the common case on a large table (the grid's
        // form of them, `columnOrder`, is checked against this one by the tests); the other layout
        // steps run on a grid, as the search runs them on its states.
        if columnOrder(width: width) != nil { return rowByRow(rows, width) }
        if movesCellsOnly { return rearranged(CellGrid(rows: rows), cellLimit: cellLimit).map { Table($0.rows) } }
        switch self {
        case .divide(let c, _), .extract(let c, _):
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

        case .derive(_, let at):
            guard at >= 0, at <= width else { return nil }
            return rowByRow(rows, width)

        case .replace(let c, _):
            guard c >= 0, c < width else { return nil }
            return rowByRow(rows, width)

        case .sort(let keys, let header):
            guard !keys.isEmpty, keys.allSatisfy({ $0.column >= 0 && $0.column < width }) else { return nil }
            return Table(Self.sorted(padded(rows, width), keys: keys, header: header))

        case .filter(let predicate, let keep, let header):
            guard predicate.columns.allSatisfy({ $0 >= 0 && $0 < width }) else { return nil }
            let full = padded(rows, width)
            let kept = (header ? [full[0]] : []) + full.dropFirst(header ? 1 : 0).filter { predicate.holds($0) == keep }
            return kept.isEmpty ? nil : Table(kept)

        case .drop, .move, .copy, .fold, .foldHeader, .unfold, .unfoldHeader, .fillDown, .deleteRowsWithEmptyCell,
            .deleteEmptyColumns, .deleteEmptyRows, .wrapEvery, .wrapOn, .wrapIntoOneRow, .transpose, .dedupe:
            preconditionFailure("\(name) moves cells only and runs through rearranged")
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
