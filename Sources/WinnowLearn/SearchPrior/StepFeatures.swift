import WinnowCore
import WinnowTables

/// The features of one step on offer that the parameter head reads to choose among the steps of one
/// operator: the profile of the column it names, where it sends that column, what it makes of the
/// sampled rows (new target cells, unused text removed, cells put where the target has them), how
/// much of the column its delimiter or class covers, and whether its output has the target's row and
/// column counts. Applying a step to the first rows is cheap next to applying it to the table, and
/// every operator's first output rows come from the first input rows, so the sample shows the start
/// of what the step makes.
///
/// Every operator shares this one vector, and each operator has its own weights over it, so a feature
/// can mean "keep this column" to one operator and "split this one" to another.
enum StepFeature: Int, CaseIterable {
    case columnGiven, columnPosition, columnFirst, columnLast
    case columnEmpty, columnExact, columnContainer, columnPiece, columnUseless
    case columnNumeric, columnLetters, columnDistinct, columnHeaderDiffers, columnFinished, columnOverlap
    case columnSpace, columnComma, columnPunctuation, columnRepeated, columnInTargetHeader, columnTargetFirst
    case destination, destinationMatches, inversionDrop
    case exactGain, uselessRemoved, positionalGain, positional, coverage, separates, textInTarget
    case modeFirst, modeAll, modeRuns
    case delimiterSpace, delimiterComma, delimiterOther
    case classDigits, classLetters, classAlphanumeric, classDate, classContaining
    case rowsFit, columnsFit
}

/// Builds step features for the steps on offer at one state.
struct StepFeaturizer {
    let state: PriorState
    let target: PriorTarget

    func features(of step: TableOperator) -> FeatureRow<StepFeature> {
        var f = FeatureRow<StepFeature>()
        let table = state.table
        let width = table.columnCount
        if let c = step.column, c >= 0, c < state.columns.count {
            let column = state.columns[c]
            f[.columnGiven] = 1
            f[.columnPosition] = width > 1 ? Double(c) / Double(width - 1) : 0
            f.flag(.columnFirst, c == 0)
            f.flag(.columnLast, c == width - 1)
            f[.columnEmpty] = column.empty
            f[.columnExact] = column.exact
            f[.columnContainer] = column.container
            f[.columnPiece] = column.piece
            f[.columnUseless] = column.useless
            f[.columnNumeric] = column.numeric
            f[.columnLetters] = column.letters
            f[.columnDistinct] = column.distinct
            f.flag(.columnHeaderDiffers, column.headerDiffers)
            f.flag(.columnFinished, column.finished)
            f[.columnOverlap] = column.overlap
            f[.columnSpace] = column.space
            f[.columnComma] = column.comma
            f[.columnPunctuation] = column.punctuation
            f[.columnRepeated] = column.repeated
            f[.columnInTargetHeader] = column.inTargetHeader
            f.flag(.columnTargetFirst, column.placement == 0)
        }
        describeParameters(step, into: &f)
        let result = step.apply(state.sample)
        if let result {
            let placed = target.positionalMatch(result)
            f[.positional] = placed
            f[.positionalGain] = placed - state.positional
        }
        if step.isColumnLocal, let result, state.filledCells > 0 {
            var exact = 0
            var useless = 0
            for row in result.rows {
                for cell in row where !cell.isEmpty {
                    switch target.role(of: cell) {
                    case .exact: exact += 1
                    case .useless: useless += 1
                    default: break
                    }
                }
            }
            let filled = Double(state.filledCells)
            f[.exactGain] = Double(exact - state.exactCells) / filled
            f[.uselessRemoved] = Double(state.uselessCells - useless) / filled
            f.flag(.columnsFit, result.columnCount == target.table.columnCount)
        } else if let columns = predictedColumns(step) {
            f.flag(.columnsFit, columns == target.table.columnCount)
        }
        if let rows = predictedRows(step) { f.flag(.rowsFit, rows == target.table.rowCount) }
        return f
    }

    /// Destination, coverage, text and one-hot features of the step's own parameters.
    private func describeParameters(_ step: TableOperator, into f: inout FeatureRow<StepFeature>) {
        let width = state.table.columnCount
        let sampled = { (c: Int) in state.sample.column(c).filter { !$0.isEmpty } }
        switch step {
        case .move(let c, let to) where c < state.columns.count && to < state.columns.count:
            f[.destination] = width > 1 ? Double(to) / Double(width - 1) : 0
            f.flag(.destinationMatches, state.columns[c].placement == to)
            var placements = state.columns.map(\.placement)
            placements.insert(placements.remove(at: c), at: to)
            f[.inversionDrop] = state.shape[.inversions] - PriorState.inversionShare(placements)
        case .merge(let c, let separator):
            let rows = state.sample.rows
            f[.coverage] = PriorState.share(of: rows) { c + 1 < $0.count && !$0[c].isEmpty && !$0[c + 1].isEmpty }
            f.flag(.textInTarget, !separator.isEmpty && CellText.contains(target.text, separator))
            describeDelimiter(separator, into: &f)
        case .split(let c, let delimiter, let mode):
            f[.coverage] = PriorState.share(of: sampled(c)) { CellText.contains($0, delimiter) }
            f.flag(.textInTarget, CellText.contains(target.text, delimiter))
            f.flag(.modeFirst, mode == .first)
            f.flag(.modeAll, mode == .all)
            f.flag(.modeRuns, mode == .runs)
            describeDelimiter(delimiter, into: &f)
        case .divide(let c, let cellClass):
            f[.coverage] = PriorState.share(of: sampled(c)) { cellClass.matches($0) }
            f.flag(.separates, separates(sampled(c), by: cellClass.matches))
            switch cellClass {
            case .digits: f[.classDigits] = 1
            case .letters: f[.classLetters] = 1
            case .alphanumeric: f[.classAlphanumeric] = 1
            case .date: f[.classDate] = 1
            case .containing(let text):
                f[.classContaining] = 1
                f.flag(.textInTarget, CellText.contains(target.text, text))
            }
        case .extract(let c, let pattern):
            f[.coverage] = PriorState.share(of: sampled(c)) { pattern.firstMatch(in: $0) != nil }
        case .fold(let from):
            f[.destination] = width > 0 ? Double(from) / Double(width) : 0
            f[.destinationMatches] = landingShare(rows: state.sample.rows, from: from, at: from)
        case .foldHeader(let from):
            f[.destination] = width > 0 ? Double(from) / Double(width) : 0
            let header = landingShare(rows: state.sample.rows.prefix(1), from: from, at: from)
            let body = landingShare(rows: state.sample.rows.dropFirst(), from: from, at: from + 1)
            f[.destinationMatches] = (header + body) / 2
        case .unfoldHeader(let key):
            f[.destination] = width > 1 ? Double(key) / Double(width - 1) : 0
            f[.destinationMatches] = key < state.columns.count ? state.columns[key].inTargetHeader : 0
        case .wrapEvery(let k):
            f[.destination] = 1 / Double(k)
        case .fillDown(let c), .deleteRowsWithEmptyCell(let c):
            f[.coverage] = c < state.columns.count ? state.columns[c].empty : 0
        case .wrapOn(let c):
            f[.coverage] = c < state.columns.count ? 1 - state.columns[c].distinct : 0
        case .move, .drop, .copy, .unfold, .deleteEmptyColumns, .deleteEmptyRows, .wrapIntoOneRow, .transpose, .derive, .replace,
            .sort, .dedupe, .filter:
            break
        }
    }

    /// Share of the non-empty cells in columns `from…` of `rows` that the target has in column
    /// `column`: how much of what a fold moves lands where the target keeps it.
    private func landingShare(rows: some Collection<[String]>, from: Int, at column: Int) -> Double {
        var moved = 0
        var landed = 0
        for row in rows where from < row.count {
            for cell in row[from...] where !cell.isEmpty {
                moved += 1
                if target.columnsOfCell[cell]?.contains(column) ?? false { landed += 1 }
            }
        }
        return moved == 0 ? 0 : Double(landed) / Double(moved)
    }

    /// Whether a test sends cells of some target columns one way and those of the others the other
    /// way, with both ways used: a divide that separates what the target separates.
    private func separates(_ cells: [String], by test: (String) -> Bool) -> Bool {
        var matching = Set<Int>()
        var other = Set<Int>()
        for cell in cells {
            guard let owners = target.columnsOfCell[cell] else { continue }
            if test(cell) { matching.formUnion(owners) } else { other.formUnion(owners) }
        }
        return !matching.isEmpty && !other.isEmpty && matching.isDisjoint(with: other)
    }

    private func describeDelimiter(_ text: String, into f: inout FeatureRow<StepFeature>) {
        guard !text.isEmpty else { return }
        let kind = CellText.Composition(text)
        f.flag(.delimiterSpace, kind.space)
        f.flag(.delimiterComma, kind.comma)
        f.flag(.delimiterOther, !kind.space && !kind.comma)
    }

    /// The row count of the step's output where it follows from counts alone.
    private func predictedRows(_ step: TableOperator) -> Int? {
        let table = state.table
        let rows = table.rowCount
        let width = table.columnCount
        switch step {
        case .drop, .move, .copy, .merge, .split, .divide, .extract, .fillDown, .deleteEmptyColumns, .derive, .replace, .sort: return rows
        case .dedupe, .filter: return nil
        case .fold(let from): return rows * (width - from)
        case .foldHeader(let from): return (rows - 1) * (width - from)
        case .unfold: return state.counts.unfold
        case .unfoldHeader(let key): return state.counts.unfoldHeader.indices.contains(key) ? state.counts.unfoldHeader[key] : nil
        case .deleteRowsWithEmptyCell(let c): return state.counts.filled.indices.contains(c) ? state.counts.filled[c] : nil
        case .deleteEmptyRows: return table.rows.filter { $0.contains { !$0.isEmpty } }.count
        case .wrapEvery(let k): return rows / k
        case .wrapOn(let c): return state.counts.distinct.indices.contains(c) ? state.counts.distinct[c] : nil
        case .wrapIntoOneRow: return 1
        case .transpose: return width
        }
    }

    /// The column count of a reshape's output where it follows from counts alone.
    private func predictedColumns(_ step: TableOperator) -> Int? {
        let table = state.table
        let width = table.columnCount
        switch step {
        case .move, .fillDown, .deleteEmptyRows, .replace, .sort, .dedupe, .filter: return width
        case .copy, .derive: return width + 1
        case .fold(let from): return from + 1
        case .foldHeader(let from): return from + 2
        case .deleteEmptyColumns: return width - state.columns.filter { $0.empty == 1 }.count
        case .wrapEvery(let k): return width * k
        case .wrapIntoOneRow: return table.rows.reduce(0) { $0 + $1.count }
        case .transpose: return table.rowCount
        default: return nil
        }
    }
}

extension TableOperator {
    /// Operators that work row by row within columns, so applying one to the first rows gives the
    /// first rows of its output: their effect on a sample is their effect on the table.
    var isColumnLocal: Bool {
        switch self {
        case .drop, .merge, .split, .divide, .extract, .deleteRowsWithEmptyCell: true
        default: false
        }
    }
}
