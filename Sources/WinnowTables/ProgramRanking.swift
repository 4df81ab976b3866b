import WinnowCore

/// The rule that picks one program among several that all reproduce the visible examples.
///
/// One example rarely pins a program down, so the choice must be principled, not tuned:
/// 1. **Schema consistency on the held-out inputs**: prefer a program whose outputs keep the shape the
///    user demonstrated: the example output's column count, and no empty cells in a column the
///    example output always fills. The held-out inputs are evidence the verifier has (their answers
///    are not): a program that leaves a demonstrated column empty there, or cannot run, has shown it
///    does not carry over, which outweighs its simplicity (an extract of `%134` that finds nothing in
///    `500`, against removing the minus sign).
/// 2. **Simplicity, and staying within what the examples showed**: the lowest total operator price
///    (Occam; with unit prices, the fewest steps), plus `extrapolationPenalty` times the share of
///    held-out rows where a step counts its anchor token (the space it splits at, the `/` it cuts
///    after) a number of times no example row had (`Extrapolation`): on those rows the examples never
///    tested which occurrence the step means. At the default of one unit, a program that guesses on
///    every held-out row is as unlikely as one a step longer that does not.
/// 3. **Record uniformity**: fewer steps whose effect on a row depends on other rows (fill-down,
///    wrapping, unfolding, transposing, reading a header row, deleting empty columns); deleting a row
///    for its own empty cell is per-record. Because a transform the user demonstrated on a
///    few records should treat every record alike.
/// 4. **Fewest free parameters** (description length: `wrap-into-one-row` needs none, `wrap-every(k)`
///    fits a `k` to the example).
/// 5. Search order, which is deterministic.
public struct ProgramRanking: Sendable {
    public var inventory: Inventory
    public var examples: [Example<Table>]
    public var queries: [Table]
    /// What guessing on every held-out row costs, in operator prices (0 ranks by price alone: the control).
    public var extrapolationPenalty: Double
    /// One operator price: a guess on every held-out row weighs as much as one more step.
    public static let defaultExtrapolationPenalty = 1.0

    /// Column counts of the example outputs.
    private let widths: Set<Int>
    /// Columns that every example output fills in every row.
    private let filledColumns: [Int]

    public init(inventory: Inventory, examples: [Example<Table>], queries: [Table], extrapolationPenalty: Double = defaultExtrapolationPenalty) {
        self.inventory = inventory
        self.examples = examples
        self.queries = queries
        self.extrapolationPenalty = extrapolationPenalty
        widths = Set(examples.map(\.output.columnCount))
        let narrowest = examples.map(\.output.columnCount).min() ?? 0
        filledColumns = (0..<narrowest).filter { c in
            examples.allSatisfy { example in example.output.rows.allSatisfy { c < $0.count && !$0[c].isEmpty } }
        }
    }

    /// A ranked program with the evidence it was ranked by, which is also what a gate weighs.
    public struct Ranked: Sendable {
        public var program: Pipeline
        /// Its total operator price.
        public var price: Double
        /// Held-out inputs where its output breaks the demonstrated shape (two for one it cannot run on).
        public var schemaMismatches: Int
        /// `extrapolationPenalty` times the share of held-out rows where it counts an anchor token a
        /// number of times no example row showed, in operator prices.
        public var extrapolationCost: Double = 0
    }

    public func rank(_ programs: [Pipeline]) -> [Pipeline] { ranked(programs).map(\.program) }

    /// - Parameter outputs: the programs' outputs on `queries`, kept by whoever ran them already
    ///   (the solver, to accept them); without it the schema check runs each program itself.
    public func ranked(_ programs: [Pipeline], outputs: ProgramOutputs? = nil) -> [Ranked] {
        let outputs = outputs ?? ProgramOutputs(queries: queries)
        let inputs = examples.map(\.input)
        var keyed = programs.enumerated().map { index, program in
            let price = Self.millionths(program.price(under: inventory, examples: inputs))
            return (
                price: price, crossRecord: program.steps.filter(\.dependsOnOtherRows).count, schemaMismatches: 0,
                extrapolationCost: 0.0, parameters: program.steps.reduce(0) { $0 + $1.parameterCount }, index: index, program: program)
        }
        // The schema check and the extrapolation charge run each program on the held-out inputs;
        // with one program there is nothing to compare.
        if keyed.count > 1 {
            let extrapolation =
                extrapolationPenalty > 0 ? Extrapolation(examples: examples.map(\.input), queries: queries) : nil
            for i in keyed.indices {
                keyed[i].schemaMismatches = schemaMismatches(outputs.outputs(of: keyed[i].program))
                if let extrapolation {
                    keyed[i].extrapolationCost = Self.millionths(extrapolationPenalty * extrapolation.share(of: keyed[i].program))
                }
            }
        }
        return keyed.sorted { a, b in
            if a.schemaMismatches != b.schemaMismatches { return a.schemaMismatches < b.schemaMismatches }
            let (aCost, bCost) = (Self.millionths(a.price + a.extrapolationCost), Self.millionths(b.price + b.extrapolationCost))
            if aCost != bCost { return aCost < bCost }
            if a.price != b.price { return a.price < b.price }
            if a.crossRecord != b.crossRecord { return a.crossRecord < b.crossRecord }
            if a.parameters != b.parameters { return a.parameters < b.parameters }
            return a.index < b.index
        }.map {
            Ranked(program: $0.program, price: $0.price, schemaMismatches: $0.schemaMismatches, extrapolationCost: $0.extrapolationCost)
        }
    }

    /// Prices rounded to millionths, so that sums equal up to floating-point error tie and the next
    /// rule decides (0.1 + 0.2 against 0.3).
    private static func millionths(_ price: Double) -> Double { (price * 1e6).rounded() / 1e6 }

    /// Held-out inputs where a program's `outputs` break the demonstrated shape (two for one it cannot run on).
    private func schemaMismatches(_ outputs: [Table?]) -> Int {
        outputs.reduce(0) { count, output in
            guard let output else { return count + 2 }
            var misses = widths.contains(output.columnCount) ? 0 : 1
            if filledColumns.contains(where: { c in output.rows.contains { c >= $0.count || $0[c].isEmpty } }) {
                misses += 1
            }
            return count + misses
        }
    }
}

extension TableOperator {
    /// How many values the step's parameters fix (an extract pattern counts one per token and context).
    public var parameterCount: Int {
        switch self {
        case .unfold, .deleteEmptyColumns, .deleteEmptyRows, .wrapIntoOneRow, .transpose: 0
        case .drop, .copy, .fold, .foldHeader, .unfoldHeader, .fillDown, .deleteRowsWithEmptyCell, .wrapEvery, .wrapOn: 1
        case .move, .merge, .divide: 2
        case .split: 3
        case .extract(_, let pattern):
            1 + pattern.tokens.count + (pattern.prefix.isEmpty ? 0 : 1) + (pattern.suffix.isEmpty ? 0 : 1)
        case .derive(let program, _), .replace(_, let program):
            1 + program.otherwise.count + program.branches.reduce(0) { $0 + 1 + $1.parts.count }
        case .sort(let keys, _): 1 + 3 * keys.count
        case .dedupe(let columns, _): 1 + max(1, columns.count)
        case .filter(let predicate, _, _): 2 + predicate.parameterCount
        }
    }

    /// Whether what the operator does to one row depends on other rows.
    public var dependsOnOtherRows: Bool {
        switch self {
        case .drop, .move, .copy, .merge, .split, .divide, .extract, .fold, .deleteRowsWithEmptyCell, .deleteEmptyRows,
            .derive, .replace, .filter:
            false
        case .foldHeader, .unfold, .unfoldHeader, .fillDown, .deleteEmptyColumns, .wrapEvery, .wrapOn, .wrapIntoOneRow,
            .transpose, .sort, .dedupe:
            true
        }
    }
}
