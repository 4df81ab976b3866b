import WinnowCore

/// The rule that picks one program among several that all reproduce the visible examples.
///
/// One example rarely pins a program down, so the choice must be principled, not tuned:
/// 1. **Simplicity**: the lowest total operator price (Occam; with unit prices, the fewest steps).
/// 2. **Record uniformity**: fewer steps whose effect on a row depends on other rows (fill-down,
///    wrapping, unfolding, transposing, deleting rows), because a transform the user demonstrated on a
///    few records should treat every record alike.
/// 3. **Schema consistency on the held-out inputs**: prefer a program whose outputs keep the example
///    output's column count, since a user expects the shape they demonstrated.
/// 4. Search order, which is deterministic.
public struct ProgramRanking: Sendable {
    public var inventory: Inventory
    public var examples: [Example<Table>]
    public var queries: [Table]

    public init(inventory: Inventory, examples: [Example<Table>], queries: [Table]) {
        self.inventory = inventory
        self.examples = examples
        self.queries = queries
    }

    public func rank(_ programs: [Pipeline]) -> [Pipeline] {
        let keyed = programs.enumerated().map { index, program in (key: key(program), index: index, program: program) }
        return keyed.sorted { a, b in
            if a.key.price != b.key.price { return a.key.price < b.key.price }
            if a.key.crossRecord != b.key.crossRecord { return a.key.crossRecord < b.key.crossRecord }
            if a.key.schemaMismatches != b.key.schemaMismatches { return a.key.schemaMismatches < b.key.schemaMismatches }
            return a.index < b.index
        }.map(\.program)
    }

    private func key(_ program: Pipeline) -> (price: Double, crossRecord: Int, schemaMismatches: Int) {
        let price = (program.price(under: inventory) * 1e6).rounded() / 1e6
        let crossRecord = program.steps.filter(\.dependsOnOtherRows).count
        let widths = Set(examples.map(\.output.columnCount))
        let mismatches = queries.filter { query in
            guard let output = program.apply(query) else { return true }
            return !widths.contains(output.columnCount)
        }.count
        return (price, crossRecord, mismatches)
    }
}

extension TableOperator {
    /// Whether what the operator does to one row depends on other rows.
    public var dependsOnOtherRows: Bool {
        switch self {
        case .drop, .move, .copy, .merge, .split, .divide, .extract, .fold, .foldHeader: false
        case .unfold, .unfoldHeader, .fillDown, .deleteRowsWithEmptyCell, .deleteEmptyColumns, .deleteEmptyRows,
            .wrapEvery, .wrapOn, .wrapIntoOneRow, .transpose:
            true
        }
    }
}
