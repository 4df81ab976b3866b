import WinnowCore

/// What the prior knows about one target table, computed once per search (or once per training
/// target), and the memoised role of each cell text it has been asked about.
///
/// Every feature the prior reads compares the current table with the target, and the same cell texts
/// recur from state to state of one search, so the target's facts and each text's role are worth
/// keeping. Not thread-safe: one search (or one training pass) owns one target.
final class PriorTarget {
    let table: Table
    /// Every distinct non-empty target cell.
    let cells: Set<String>
    /// Non-empty cells outside the first row, where a folded header lands.
    let bodyCells: Set<String>
    /// The first row's non-empty cells, which an unfolded column's values become.
    let firstRowCells: Set<String>
    /// All target cells joined by a byte that no cell holds, for "is this text inside a target cell".
    let text: String
    /// A bounded sample of distinct target cells, for "does this text contain a target cell".
    let probes: [String]
    /// Each target column's full content, to recognise a state column that is already finished.
    let columns: Set<[String]>
    /// The target columns each cell text occurs in.
    let columnsOfCell: [String: [Int]]
    /// The first rows of the target, which the shape features summarise.
    let sample: Table
    /// The shape features that depend on the target alone.
    let shape: FeatureRow<ShapeFeature>

    private var roles: [String: CellRole] = [:]

    /// Rows of a table the content features look at: enough to see a pattern, few enough that
    /// extracting features stays cheap next to expanding a state.
    static let sampleRows = 24
    /// Target cells each unknown text is tested against for containment.
    static let probeCount = 64

    init(_ target: Table) {
        table = target
        var cells = Set<String>()
        var body = Set<String>()
        var owners: [String: [Int]] = [:]
        for (r, row) in target.rows.enumerated() {
            for (c, cell) in row.enumerated() where !cell.isEmpty {
                cells.insert(cell)
                if r > 0 { body.insert(cell) }
                if !(owners[cell]?.contains(c) ?? false) { owners[cell, default: []].append(c) }
            }
        }
        self.cells = cells
        bodyCells = body
        firstRowCells = Set((target.rows.first ?? []).filter { !$0.isEmpty })
        text = "\u{1}" + target.rows.map { $0.joined(separator: "\u{1}") }.joined(separator: "\u{1}") + "\u{1}"
        var seen = Set<String>()
        var probes: [String] = []
        for row in target.rows {
            for cell in row where !cell.isEmpty && seen.insert(cell).inserted && probes.count < Self.probeCount {
                probes.append(cell)
            }
        }
        self.probes = probes
        columns = Set((0..<target.columnCount).map { target.column($0) })
        columnsOfCell = owners
        let sample = Table(Array(target.rows.prefix(Self.sampleRows)))
        self.sample = sample
        let repeated = probes.isEmpty ? 0 : Double(probes.filter { (owners[$0]?.count ?? 0) > 1 }.count) / Double(probes.count)
        shape = PriorState.targetFeatures(target, sample: sample, repeatedShare: repeated)
    }

    /// Share of the non-empty cells of the target's first rows that `table` has at the same place.
    func positionalMatch(_ table: Table) -> Double {
        var filled = 0
        var same = 0
        for (r, row) in sample.rows.enumerated() {
            let other = r < table.rowCount ? table.rows[r] : []
            for (c, cell) in row.enumerated() where !cell.isEmpty {
                filled += 1
                if c < other.count, other[c] == cell { same += 1 }
            }
        }
        return filled == 0 ? 0 : Double(same) / Double(filled)
    }

    /// How a state's cell text relates to the target's cells.
    func role(of cell: String) -> CellRole {
        if let known = roles[cell] { return known }
        let role: CellRole
        if cell.isEmpty {
            role = .empty
        } else if cells.contains(cell) {
            role = .exact
        } else if probes.contains(where: { CellText.contains(cell, $0) }) {
            role = .container
        } else if CellText.contains(text, cell) {
            role = .piece
        } else {
            role = .useless
        }
        roles[cell] = role
        return role
    }
}

/// How a piece of text can contribute to the target.
enum CellRole {
    case empty
    /// It is a target cell.
    case exact
    /// It holds a target cell and more: something must be split or extracted from it.
    case container
    /// It is part of a target cell: something must be merged with it.
    case piece
    /// The target never uses it.
    case useless
}
