import WinnowCore

/// The rows of a large example that the search runs on (counterexample-guided: synthesise on a sample,
/// verify on everything).
///
/// A 300-row example costs the search 300 rows of work in every state it makes, though a handful of
/// rows, one of each shape, pins down the same programs. The search runs on the sample; a pipeline
/// that reaches the sample's output is accepted only if it reproduces the whole example, and the first
/// row it gets wrong joins the sample for the next round (`TableSolver`).
///
/// Sampling assumes output row `i` is made from input row `i`, so it is off when that cannot hold:
/// when the example's input and output have different numbers of rows (fold, unfold, wrap, deleted
/// rows, transposes change the row structure and need whole record groups) or when the output's rows
/// are the input's rows in another order (a sort). Operators that read a neighbouring row, such as
/// fill-down, may find no program on a sample whose rows are not adjacent; the solver then searches
/// the whole example, so sampling can cost time but never a program.
struct ExampleSample: Sendable {
    /// Examples with more rows than this are sampled; small ones are searched whole.
    static let threshold = 12
    /// Rows drawn at first: one of each shape, topped up with rows spread over the table.
    static let initialSize = 4
    /// Rows a sample may grow to before the solver gives up on sampling and searches the whole example.
    static let maxSize = 10
    /// Rows whose shapes are compared when the sample is drawn.
    static let scannedRows = 256

    /// Row indices into the example, ascending.
    private(set) var rows: [Int]

    /// `nil` when the example is searched whole (small, or its rows do not correspond one to one).
    init?(_ example: Example<Table>) {
        let input = example.input.rows, output = example.output.rows
        guard input.count > Self.threshold, input.count == output.count else { return nil }
        guard input.sorted(by: Self.precedes) != output.sorted(by: Self.precedes) || input == output else { return nil }
        var chosen: [Int] = []
        var shapes: Set<[String]> = []
        // Shapes are looked for among the first rows and rows spread over the rest, not all of them.
        let stride = max(1, (input.count - Self.scannedRows / 2) / (Self.scannedRows / 2))
        let scanned = Array(0..<min(input.count, Self.scannedRows / 2)) + Array(Swift.stride(from: Self.scannedRows / 2, to: input.count, by: stride))
        for i in scanned where chosen.count < Self.initialSize {
            if shapes.insert(RowShape.of(input[i]) + ["\u{1E}"] + RowShape.of(output[i])).inserted { chosen.append(i) }
        }
        let spread = [input.count - 1, input.count / 2, input.count / 4, 3 * input.count / 4]
        for i in spread where chosen.count < Self.initialSize && !chosen.contains(i) { chosen.append(i) }
        rows = chosen.sorted()
    }

    /// The sampled rows of a table with the example's rows.
    func restrict(_ table: Table) -> Table { Table(rows.map { table.rows[$0] }) }

    /// Adds a row (a counterexample); false when it is already in the sample.
    mutating func add(_ row: Int) -> Bool {
        guard !rows.contains(row) else { return false }
        rows.append(row)
        rows.sort()
        return true
    }

    /// The first row outside the sample where `output` (a pipeline's result on the whole input)
    /// differs from the example's output; when the row counts differ, the first row outside the sample.
    func counterexample(_ output: Table?, expected: Table) -> Int? {
        let sampled = Set(rows)
        guard let output, output.rowCount == expected.rowCount else {
            return expected.rows.indices.first { !sampled.contains($0) }
        }
        return expected.rows.indices.first { !sampled.contains($0) && output.rows[$0] != expected.rows[$0] }
    }

    private static func precedes(_ a: [String], _ b: [String]) -> Bool { a.lexicographicallyPrecedes(b) }
}
