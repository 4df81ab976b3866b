import WinnowCore
import WinnowText

/// How far a program leaves what its examples showed it on the held-out inputs.
///
/// A step that cuts at "the first space" or "the last `/`" was checked on cells with as many
/// spaces or slashes as the example rows had. On a held-out cell where its token occurs a number of
/// times no example row had, which occurrence it means is a guess the examples never tested;
/// `year= 2016` → `2016` cut at the first space and cut after `= ` agree on the example and part on
/// `fuel economy= 25/33`, where only the second still finds its token as often as it did. The
/// measure is the share of held-out rows where some step meets such a count (the worst step's),
/// so it reads the held-out inputs, which the verifier has, and never their answers.
///
/// On a large example (issue 19's 2,000-row tables) reading every row for every consistent program
/// would cost more than the search: a pipeline whose steps treat each row on its own gives each row
/// the same result whatever rows surround it, so for those the measure reads at most `rowsRead` rows
/// of each example and held-out input, spread evenly over them. Pipelines with a step that reads
/// other rows (fill-down, fold, …) are measured on whole tables.
struct Extrapolation {
    let examples: [Table]
    let queries: [Table]
    /// Rows read per table for a row-by-row pipeline.
    static let rowsRead = 64
    private let spreadExamples: [Table]
    private let spreadQueries: [Table]

    init(examples: [Table], queries: [Table]) {
        self.examples = examples
        self.queries = queries
        spreadExamples = examples.map(Self.spread)
        spreadQueries = queries.map(Self.spread)
    }

    /// At most `rowsRead` rows of `table`, evenly spaced, the first included.
    private static func spread(_ table: Table) -> Table {
        let count = table.rowCount
        guard count > rowsRead else { return table }
        return Table((0..<rowsRead).map { table.rows[$0 * count / rowsRead] })
    }

    /// The share of held-out rows, in [0, 1], on which some step of `pipeline` counts an anchor
    /// token a number of times no example row showed; 0 for a pipeline with no anchored step.
    func share(of pipeline: Pipeline) -> Double {
        guard pipeline.steps.contains(where: \.isAnchored) else { return 0 }
        let rowByRow = !pipeline.steps.contains(where: \.dependsOnOtherRows)
        var shown = (rowByRow ? spreadExamples : examples).map(Optional.some)
        var held = (rowByRow ? spreadQueries : queries).map(Optional.some)
        var worst = 0.0
        for step in pipeline.steps {
            if step.isAnchored { worst = max(worst, share(of: step, shown: shown, held: held)) }
            shown = shown.map { $0.flatMap(step.apply) }
            held = held.map { $0.flatMap(step.apply) }
        }
        return worst
    }

    private func share(of step: TableOperator, shown: [Table?], held: [Table?]) -> Double {
        var seen: [Int: Set<Int>] = [:]
        for row in shown.compactMap({ $0 }).flatMap(\.rows) {
            for (anchor, count) in step.anchorCounts(row) { seen[anchor, default: []].insert(count) }
        }
        let rows = held.compactMap { $0 }.flatMap(\.rows)
        guard !rows.isEmpty else { return 0 }
        let unshown = rows.filter { row in
            step.anchorCounts(row).contains { anchor, count in seen[anchor]?.contains(count) != true }
        }
        return Double(unshown.count) / Double(rows.count)
    }
}

extension TableOperator {
    /// Whether the step finds its place in a cell by counting a token (see `anchorCounts`).
    var isAnchored: Bool {
        switch self {
        case .split, .extract: true
        case .derive(let program, _), .replace(_, let program):
            (program.branches.flatMap(\.parts) + program.otherwise).contains { !$0.tokenPositions.isEmpty }
        default: false
        }
    }

    /// How often each token the step counts occurs in the cell it reads on `row`, keyed by the
    /// token's place in the step: the delimiter of a split, the token positions of a cell program.
    /// An extract counts nothing but takes the first match wherever it is, so what it shows is
    /// what surrounds the match: the character before and after it (a class for letters and
    /// digits, one kind for whitespace and the cell's edge, which both end a word, the character
    /// itself otherwise), or that there is none.
    func anchorCounts(_ row: [String]) -> [Int: Int] {
        let cell = { (c: Int) in c < row.count ? row[c] : "" }
        switch self {
        case .split(let c, let delimiter, _):
            return [0: TextSearch.split(cell(c), on: delimiter).count - 1]
        case .extract(let c, let pattern):
            let scalars = Array(cell(c).unicodeScalars)
            guard let match = pattern.firstMatch(in: scalars) else { return [0: Self.noMatch, 1: Self.noMatch] }
            return [
                0: match.lowerBound == 0 ? Self.wordEdge : Self.neighbourKind(scalars[match.lowerBound - 1]),
                1: match.upperBound == scalars.count ? Self.wordEdge : Self.neighbourKind(scalars[match.upperBound]),
            ]
        case .derive(let program, _), .replace(_, let program):
            return program.anchorCounts(row)
        default:
            return [:]
        }
    }

    private static let wordEdge = -1
    private static let noMatch = -2

    /// A match's neighbour as `anchorCounts` records it: letters and digits by kind, since a run's
    /// next character differs from row to row, anything else as itself.
    private static func neighbourKind(_ scalar: Unicode.Scalar) -> Int {
        if TextToken.digits.contains(scalar) { return -3 }
        if TextToken.letters.contains(scalar) { return -4 }
        if TextToken.whitespace.contains(scalar) { return wordEdge }
        return Int(scalar.value)
    }
}
