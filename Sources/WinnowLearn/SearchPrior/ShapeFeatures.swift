import Foundation
import WinnowCore

/// The features of the current table against the target that the operator-name head reads: shape
/// (row and column counts, their ratios and the reshapes they allow), emptiness, how the target's
/// text is present in the current cells (whole, inside, in pieces), delimiters, header rows and
/// column types. They describe tables, never task names, so they mean the same on any corpus.
enum ShapeFeature: Int, CaseIterable {
    case logRows, logColumns, logTargetRows, logTargetColumns, logRowRatio, logColumnRatio
    case rowsEqual, rowsGrow, rowsShrink, columnsEqual, columnsGrow, columnsShrink
    case targetOneRow, rowsDivideByTarget, targetRowsMultiple, transposedShape, foldShape, foldHeaderShape
    case logCellRatio, ragged
    case emptyShare, targetEmptyShare, emptyRowShare, columnsWithEmptyShare, targetColumnsWithEmptyShare
    case exactShare, containerShare, pieceShare, uselessShare
    case targetPresentShare, targetInsideShare
    case uselessColumnShare, containerColumnShare, pieceColumnShare, finishedColumnShare, targetColumnsFinishedShare
    case finishedInOrder, misplacedColumnShare
    case spaceShare, commaShare, punctuationShare, targetSpaceShare, targetCommaShare, targetPunctuationShare
    case headerLike, targetHeaderLike, headerInTargetBody, targetHeaderInBody
    case numericColumnShare, targetNumericColumnShare, keyColumnShare, firstColumnDistinct
    case targetRepeatsText, inversions, wrapOnFits, deleteRowsFits, unfoldFits, unfoldHeaderFits
}

extension PriorState {
    static func shapeFeatures(
        _ table: Table, sample: Table, columns: [ColumnProfile], counts: RowCounts, target: PriorTarget
    ) -> FeatureRow<ShapeFeature> {
        var f = target.shape
        let rows = table.rowCount
        let width = table.columnCount
        let wantRows = target.table.rowCount
        let wantColumns = target.table.columnCount
        f[.logRows] = log(Double(max(rows, 1)))
        f[.logColumns] = log(Double(max(width, 1)))
        f[.logRowRatio] = log(Double(max(wantRows, 1)) / Double(max(rows, 1)))
        f[.logColumnRatio] = log(Double(max(wantColumns, 1)) / Double(max(width, 1)))
        f.flag(.rowsEqual, rows == wantRows)
        f.flag(.rowsGrow, wantRows > rows)
        f.flag(.rowsShrink, wantRows < rows)
        f.flag(.columnsEqual, width == wantColumns)
        f.flag(.columnsGrow, wantColumns > width)
        f.flag(.columnsShrink, wantColumns < width)
        f.flag(.targetOneRow, wantRows == 1)
        f.flag(.rowsDivideByTarget, wantRows > 0 && rows > wantRows && rows % wantRows == 0)
        f.flag(.targetRowsMultiple, rows > 0 && wantRows > rows && wantRows % rows == 0)
        f.flag(.transposedShape, rows == wantColumns && width == wantRows && rows != width)
        f.flag(.foldShape, (1..<max(1, width - 1)).contains { rows * (width - $0) == wantRows })
        f.flag(.foldHeaderShape, rows >= 2 && (0..<max(0, width - 1)).contains { (rows - 1) * (width - $0) == wantRows })
        f[.logCellRatio] = log(Double(filledCount(target.table) + 1) / Double(filledCount(table) + 1))
        f.flag(.ragged, !table.isRectangular)

        f[.emptyShare] = emptyShare(sample)
        f[.emptyRowShare] = share(of: sample.rows) { $0.allSatisfy(\.isEmpty) }
        f[.columnsWithEmptyShare] = share(of: columns) { $0.empty > 0 }

        let filled = sample.rows.flatMap { $0.filter { !$0.isEmpty } }
        let roles = filled.map(target.role(of:))
        f[.exactShare] = share(of: roles) { $0 == .exact }
        f[.containerShare] = share(of: roles) { $0 == .container }
        f[.pieceShare] = share(of: roles) { $0 == .piece }
        f[.uselessShare] = share(of: roles) { $0 == .useless }
        let present = Set(table.rows.prefix(4 * PriorTarget.sampleRows).joined())
        let joined = "\u{1}" + present.joined(separator: "\u{1}") + "\u{1}"
        f[.targetPresentShare] = share(of: target.probes) { present.contains($0) }
        f[.targetInsideShare] = share(of: target.probes) { !present.contains($0) && CellText.contains(joined, $0) }

        f[.uselessColumnShare] = share(of: columns) { $0.empty < 1 && $0.useless == 1 }
        f[.containerColumnShare] = share(of: columns) { $0.container > 0 }
        f[.pieceColumnShare] = share(of: columns) { $0.piece > 0 }
        f[.finishedColumnShare] = share(of: columns) { $0.finished }
        let finished = columns.indices.filter { columns[$0].finished }
        f[.targetColumnsFinishedShare] = wantColumns == 0 ? 0 : Double(finished.count) / Double(wantColumns)
        let order = finished.compactMap { columns[$0].targetColumn }
        f.flag(.finishedInOrder, !order.isEmpty && zip(order, order.dropFirst()).allSatisfy { $0 < $1 })
        f[.misplacedColumnShare] = share(of: columns.indices) { c in
            columns[c].overlap > 0.5 && columns[c].targetColumn != c
        }

        f[.spaceShare] = share(of: filled) { CellText.Composition($0).space }
        f[.commaShare] = share(of: filled) { CellText.Composition($0).comma }
        f[.punctuationShare] = share(of: filled) { CellText.Composition($0).punctuation }

        f.flag(.headerLike, headerLike(sample))
        let firstRow = (table.rows.first ?? []).filter { !$0.isEmpty }
        f[.headerInTargetBody] = share(of: firstRow) { target.bodyCells.contains($0) }
        let body = Set(table.rows.dropFirst().prefix(4 * PriorTarget.sampleRows).joined())
        f[.targetHeaderInBody] = share(of: target.firstRowCells) { body.contains($0) }

        f[.numericColumnShare] = share(of: columns) { $0.numeric > 0.5 }
        f[.keyColumnShare] = share(of: columns) { $0.distinct < 0.5 }
        f[.firstColumnDistinct] = columns.first?.distinct ?? 0
        f[.inversions] = inversionShare(columns.map(\.placement))
        // Whether one reshape of each kind would give the target's row count.
        f.flag(.wrapOnFits, counts.distinct.contains(wantRows))
        f.flag(.deleteRowsFits, counts.filled.contains(wantRows))
        f.flag(.unfoldFits, width >= 2 && counts.unfold == wantRows)
        f.flag(.unfoldHeaderFits, counts.unfoldHeader.contains(wantRows))
        return f
    }

    /// The features that depend on the target alone, which every state of a search shares.
    static func targetFeatures(_ target: Table, sample: Table, repeatedShare: Double) -> FeatureRow<ShapeFeature> {
        var f = FeatureRow<ShapeFeature>()
        let wantColumns = target.columnCount
        f[.logTargetRows] = log(Double(max(target.rowCount, 1)))
        f[.logTargetColumns] = log(Double(max(wantColumns, 1)))
        f[.targetEmptyShare] = emptyShare(sample)
        f[.targetColumnsWithEmptyShare] = share(of: 0..<wantColumns) { c in sample.column(c).contains(where: \.isEmpty) }
        let filled = sample.rows.flatMap { $0.filter { !$0.isEmpty } }
        f[.targetSpaceShare] = share(of: filled) { CellText.Composition($0).space }
        f[.targetCommaShare] = share(of: filled) { CellText.Composition($0).comma }
        f[.targetPunctuationShare] = share(of: filled) { CellText.Composition($0).punctuation }
        f.flag(.targetHeaderLike, headerLike(sample))
        f[.targetNumericColumnShare] = share(of: 0..<wantColumns) { c in
            let cells = sample.column(c).dropFirst().filter { !$0.isEmpty }
            return !cells.isEmpty && cells.filter { CellText.Composition($0).numeric }.count * 2 > cells.count
        }
        f[.targetRepeatsText] = repeatedShare
        return f
    }

    /// Out-of-order pairs among the columns that have a place in the target, over all such pairs:
    /// the work left for moves.
    static func inversionShare(_ placements: [Int?]) -> Double {
        let placed = placements.compactMap { $0 }
        guard placed.count > 1 else { return 0 }
        var inverted = 0
        for i in placed.indices { for j in placed.indices where j > i && placed[i] > placed[j] { inverted += 1 } }
        return Double(inverted) / Double(placed.count * (placed.count - 1) / 2)
    }

    private static func filledCount(_ table: Table) -> Int {
        table.rows.reduce(0) { $0 + $1.filter { !$0.isEmpty }.count }
    }

    private static func emptyShare(_ table: Table) -> Double {
        let cells = table.rows.joined()
        return share(of: cells) { $0.isEmpty }
    }

    /// A first row with no numeric cell over a body where some column is mostly numeric.
    private static func headerLike(_ table: Table) -> Bool {
        guard table.rowCount >= 2, let first = table.rows.first else { return false }
        guard !first.contains(where: { CellText.Composition($0).numeric }) else { return false }
        return (0..<table.columnCount).contains { c in
            let cells = table.column(c).dropFirst().filter { !$0.isEmpty }
            return !cells.isEmpty && cells.filter { CellText.Composition($0).numeric }.count * 2 > cells.count
        }
    }

    static func share<C: Collection>(of items: C, where test: (C.Element) -> Bool) -> Double {
        items.isEmpty ? 0 : Double(items.filter(test).count) / Double(items.count)
    }
}
