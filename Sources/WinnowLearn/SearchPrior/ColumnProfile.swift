import WinnowCore

/// What one column of the current table looks like next to the target: the facts the prior reads
/// when a step names the column (drop a column of unused text, split a column of containers, fill
/// down a column with gaps, move a column to where the target has its values).
struct ColumnProfile {
    /// Share of sampled cells that are empty.
    var empty = 0.0
    /// Shares of the sampled non-empty cells that are target cells, hold one, are part of one, or
    /// are unused by the target.
    var exact = 0.0
    var container = 0.0
    var piece = 0.0
    var useless = 0.0
    /// Shares of the sampled non-empty cells that are numeric, or hold letters.
    var numeric = 0.0
    var letters = 0.0
    /// Distinct sampled values over sampled rows: low for keys that group rows.
    var distinct = 0.0
    /// The first cell's kind differs from the rest: a header over a column of values.
    var headerDiffers = false
    /// The whole column already equals some target column.
    var finished = false
    /// The target column most of the sampled values occur in, and the share that occur there.
    var targetColumn: Int?
    var overlap = 0.0
    /// Share of the sampled non-empty cells whose text the target has in two or more columns: a
    /// column to copy.
    var repeated = 0.0
    /// Share of the distinct sampled values that are in the target's first row: keys to unfold into
    /// a header.
    var inTargetHeader = 0.0
    /// Share of sampled non-empty cells holding a space, a comma, other punctuation.
    var space = 0.0
    var comma = 0.0
    var punctuation = 0.0

    init(column index: Int, of table: Table, sample: Table, target: PriorTarget) {
        let cells = sample.column(index)
        guard !cells.isEmpty else { return }
        var filled = 0
        var hits: [Int: Int] = [:]
        var distinct = Set<String>()
        for cell in cells {
            distinct.insert(cell)
            guard !cell.isEmpty else { continue }
            filled += 1
            switch target.role(of: cell) {
            case .exact: exact += 1
            case .container: container += 1
            case .piece: piece += 1
            case .useless, .empty: useless += 1
            }
            let kind = CellText.Composition(cell)
            if kind.numeric { numeric += 1 }
            if kind.letters { letters += 1 }
            if kind.space { space += 1 }
            if kind.comma { comma += 1 }
            if kind.punctuation { punctuation += 1 }
            let owners = target.columnsOfCell[cell] ?? []
            for c in owners { hits[c, default: 0] += 1 }
            if owners.count > 1 { repeated += 1 }
        }
        empty = Double(cells.count - filled) / Double(cells.count)
        let values = distinct.filter { !$0.isEmpty }
        inTargetHeader = values.isEmpty ? 0 : Double(values.filter(target.firstRowCells.contains).count) / Double(values.count)
        self.distinct = Double(distinct.count) / Double(cells.count)
        if filled > 0 {
            let n = Double(filled)
            for share in [
                \ColumnProfile.exact, \.container, \.piece, \.useless, \.numeric, \.letters, \.space, \.comma, \.punctuation, \.repeated,
            ] {
                self[keyPath: share] /= n
            }
        }
        if let best = hits.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }), filled > 0 {
            targetColumn = best.key
            overlap = Double(best.value) / Double(filled)
        }
        if cells.count > 2 {
            let head = CellText.Composition(cells[0]).numeric
            let body = cells.dropFirst().filter { !$0.isEmpty }
            headerDiffers = !cells[0].isEmpty && !body.isEmpty && body.allSatisfy { CellText.Composition($0).numeric != head }
        }
        finished = table.rowCount == target.table.rowCount && target.columns.contains(table.column(index))
    }

    /// The target column this column mostly belongs in, when most of its values are there.
    var placement: Int? { overlap > 0.5 ? targetColumn : nil }
}
