import WinnowCore

/// A table program found by search: operators applied left to right.
///
/// Pipelines run in-process because their operators are trusted Swift code; they also export to a
/// standalone Python script (`PythonExporter`) that a user can keep and run anywhere.
public struct Pipeline: Hashable, Sendable {
    public var steps: [TableOperator]

    public init(_ steps: [TableOperator]) {
        self.steps = steps
    }

    /// Runs the pipeline, or returns `nil` if some step is not applicable to its input.
    public func apply(_ table: Table) -> Table? {
        var current = table
        for step in steps {
            guard let next = step.apply(current) else { return nil }
            current = next
        }
        return current
    }

    /// Total price under an inventory: the simplicity measure consistent programs are ranked by.
    public func price(under inventory: Inventory) -> Double {
        steps.reduce(0) { $0 + inventory.cost(of: $1) }
    }

    /// The price on the example inputs the pipeline was found for: a step's cell program is priced on
    /// the rows that step reads there (`Inventory.cost(of:rows:)`), as its synthesis priced it,
    /// since what a truth value says, and whether a constant is part of a number or a number the rows
    /// hold, depends on the rows it was shown on.
    ///
    /// While every step so far has kept each row in its place, the example input's rows go with the
    /// rows a step reads (`Inventory.cost(of:rows:records:)`): a number a dropped cell held is still
    /// the record's.
    public func price(under inventory: Inventory, examples: [Table]) -> Double {
        guard let last = steps.lastIndex(where: \.readsItsRowsToPrice) else { return price(under: inventory) }
        var tables: [Table?] = examples
        var inPlace = true
        var total = 0.0
        for (index, step) in steps.enumerated() {
            if step.readsItsRowsToPrice {
                let shown = tables.compactMap { $0 }
                let aligned = inPlace && shown.count == examples.count && zip(shown, examples).allSatisfy { $0.rowCount == $1.rowCount }
                total += inventory.cost(of: step, rows: shown.flatMap(\.rows), records: aligned ? examples.flatMap(\.rows) : nil)
            } else {
                total += inventory.cost(of: step)
            }
            inPlace = inPlace && step.keepsRowsInPlace
            // Past the last step that reads its rows, nothing needs the tables.
            if index < last { tables = tables.map { $0.flatMap(step.apply) } }
        }
        return total
    }
}

extension Pipeline: CustomStringConvertible {
    /// One operator per line, as `winnow solve` prints it.
    public var description: String {
        steps.isEmpty ? "identity()" : steps.map(\.description).joined(separator: "\n")
    }
}

extension TableOperator {
    /// Whether row `i` of the step's output is row `i` of its input, reshaped within the row.
    var keepsRowsInPlace: Bool {
        switch self {
        case .drop, .move, .copy, .merge, .split, .divide, .extract, .derive, .replace, .fillDown, .deleteEmptyColumns: true
        case .fold, .deleteRowsWithEmptyCell, .deleteEmptyRows, .filter, .foldHeader, .unfold, .unfoldHeader, .wrapEvery, .wrapOn,
            .wrapIntoOneRow, .transpose, .sort, .dedupe:
            false
        }
    }

    /// Whether the step's price depends on the rows it reads (`CellProgram.pricedOnRows`).
    var readsItsRowsToPrice: Bool {
        switch self {
        case .derive(let program, _), .replace(_, let program): program.pricedOnRows
        default: false
        }
    }
}
