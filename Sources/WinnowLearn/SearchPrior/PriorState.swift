import WinnowCore

/// The current table as the prior sees it: its sampled rows, a profile of each column, and the
/// shape features. Built once per expanded state; every step's features are read from it.
struct PriorState {
    let table: Table
    let sample: Table
    let columns: [ColumnProfile]
    let shape: FeatureRow<ShapeFeature>
    /// Non-empty sampled cells that are target cells, and that the target never uses.
    let exactCells: Int
    let uselessCells: Int
    let filledCells: Int
    /// `PriorTarget.positionalMatch` of the sampled rows.
    let positional: Double
    /// The row counts that reshapes of the whole table would give.
    let counts: RowCounts

    init(_ table: Table, target: PriorTarget) {
        self.table = table
        let sample = Table(Array(table.rows.prefix(PriorTarget.sampleRows)))
        self.sample = sample
        let columns = (0..<table.columnCount).map { ColumnProfile(column: $0, of: table, sample: sample, target: target) }
        self.columns = columns
        var exact = 0
        var useless = 0
        var filled = 0
        for row in sample.rows {
            for cell in row where !cell.isEmpty {
                filled += 1
                switch target.role(of: cell) {
                case .exact: exact += 1
                case .useless: useless += 1
                default: break
                }
            }
        }
        exactCells = exact
        uselessCells = useless
        filledCells = filled
        positional = target.positionalMatch(sample)
        let counts = RowCounts(table)
        self.counts = counts
        shape = Self.shapeFeatures(table, sample: sample, columns: columns, counts: counts, target: target)
    }
}
