import WinnowControl
import WinnowCore
import WinnowText

/// The steps a generated pipeline may take from a table: operators the inventory enables, with
/// parameters drawn from the inventory's lists, that apply to the table and change it.
///
/// Parameters come only from the inventory (split delimiters that occur in the column, the listed
/// merge separators, wrap sizes, divide classes, extract tokens) so that the search, which
/// enumerates the same lists, can in principle find every step. Steps of one operator that give
/// the same table are kept once, so an operator with many equivalent spellings is not drawn more often.
struct StepMenu {
    let inventory: Inventory
    private let inference: PatternInference

    /// Generated tables stay this small: a pipeline that blows a table up into one long row of
    /// fifty cells makes a task about the blow-up, not about reshaping.
    static let maxColumns = 16
    static let maxCells = 90
    /// Distinct cells of a column that `extract` patterns are read from.
    static let extractSources = 2

    /// How often each operator is drawn, relative to the others that apply. Operators that undo
    /// spreadsheet mess (fill-down, split, fold, wrap…) are drawn twice as often as the generic
    /// ones that apply to nearly every table (drop, move, transpose…), so the pool is about reshaping.
    static let weights: [(name: String, weight: Double)] = [
        ("drop", 1), ("move", 1), ("copy", 1), ("merge", 1), ("split", 2), ("divide", 2), ("extract", 2),
        ("fold", 2), ("fold-header", 2), ("unfold", 1), ("unfold-header", 2), ("fill-down", 2),
        ("delete-rows-with-empty-cell", 2), ("delete-empty-columns", 2), ("delete-empty-rows", 2),
        ("wrap-every", 2), ("wrap-on", 2), ("wrap-into-one-row", 1), ("transpose", 1),
        ("derive", 2), ("replace", 2),
    ]

    init(inventory: Inventory) {
        self.inventory = inventory
        inference = PatternInference(tokens: inventory.extractTokens, allowContext: inventory.extractContext)
    }

    /// Draws one step and its result, or `nil` when no enabled operator changes the table.
    ///
    /// An operator is drawn by weight first and its steps are worked out only then; one with no
    /// step here is set aside and the draw repeated, which picks among the applicable operators with
    /// the same odds as working out every operator's steps up front, at a fraction of the cost.
    func draw(from table: Table, random: inout SeededDraws) -> (step: TableOperator, result: Table)? {
        var names = Self.weights.filter { inventory.enables($0.name) }
        while !names.isEmpty {
            let index = random.weighted(names.map(\.weight))
            let name = names[index].name
            let steps = Inventory.cellOperators.contains(name) ? cellSteps(name, from: table, random: &random) : steps(name, from: table)
            if !steps.isEmpty { return random.element(of: steps) }
            names.remove(at: index)
        }
        return nil
    }

    /// A `derive` or `replace` of a cell program `CellProgramSampler` draws from the table's rows:
    /// programs are too many to list, so one is drawn, put where the draws say (derive) or over the
    /// one column it reads (replace), and kept if it passes the same checks as any other step.
    private func cellSteps(_ name: String, from table: Table, random: inout SeededDraws) -> [(step: TableOperator, result: Table)] {
        var generator = DrawsGenerator(draws: random)
        let program = CellProgramSampler(inventory: inventory.text).sample(rows: table.rows, using: &generator)
        random = generator.draws
        guard let program else { return [] }
        let step: TableOperator
        if name == "derive" {
            step = .derive(program: program, at: random.int(in: 0...table.columnCount))
        } else {
            guard program.columns.count == 1, let column = program.columns.first else { return [] }
            step = .replace(column: column, program: program)
        }
        return distinctResults([step], on: table)
    }

    /// Whether some single step turns `table` into `result`. Cell steps are drawn, not listed, so
    /// only layout steps count here.
    func reaches(_ result: Table, from table: Table) -> Bool {
        Self.weights.contains { inventory.enables($0.name) && steps($0.name, from: table).contains { $0.result == result } }
    }

    /// The steps of one operator on offer from a table.
    private func steps(_ name: String, from table: Table) -> [(step: TableOperator, result: Table)] {
        distinctResults(candidates(name, for: table), on: table)
    }

    /// The candidates that apply, change the table, keep it small and mostly filled (at least half
    /// its cells, unless the input was emptier: spreadsheets are reshaped to be read, not to scatter
    /// blanks), and (for operators that derive columns) add no all-empty column, which the search
    /// would prune; one per distinct result.
    private func distinctResults(_ candidates: [TableOperator], on table: Table) -> [(step: TableOperator, result: Table)] {
        var seen: Set<Table> = []
        var out: [(step: TableOperator, result: Table)] = []
        let emptyBefore = Self.emptyColumns(table)
        let filledBefore = Self.filledShare(table)
        for op in candidates {
            guard let result = op.apply(table), result != table, result.columnCount <= Self.maxColumns,
                result.rows.reduce(0, { $0 + $1.count }) <= Self.maxCells,
                Self.filledShare(result) >= min(0.5, filledBefore),
                !op.generatesColumns || Self.emptyColumns(result) <= emptyBefore,
                seen.insert(result).inserted
            else { continue }
            out.append((op, result))
        }
        return out
    }

    private func candidates(_ name: String, for table: Table) -> [TableOperator] {
        let width = table.columnCount
        let columns = (0..<width).map { table.column($0) }
        let emptyColumns = columns.indices.filter { columns[$0].contains(where: \.isEmpty) }
        switch name {
        case "drop": return (0..<width).map { .drop(column: $0) }
        case "move": return (0..<width).flatMap { c in [0, width - 1].filter { $0 != c }.map { .move(column: c, to: $0) } }
        case "copy": return (0..<width).map { .copy(column: $0) }
        case "merge": return (0..<max(0, width - 1)).flatMap { c in inventory.mergeSeparators.map { .merge(column: c, separator: $0) } }
        case "split": return splits(columns)
        case "divide":
            return columns.indices.flatMap { c in inventory.divideClasses.map { .divide(column: c, by: $0) } }
        case "extract": return columns.indices.flatMap { c in extracts(columns[c]).map { .extract(column: c, pattern: $0) } }
        case "fold": return (1..<max(1, width - 1)).map { .fold(from: $0) }
        case "fold-header": return (0..<max(0, width - 1)).map { .foldHeader(from: $0) }
        case "unfold": return [.unfold]
        case "unfold-header": return (0..<max(0, width - 1)).map { .unfoldHeader(key: $0) }
        case "fill-down": return emptyColumns.map { .fillDown(column: $0) }
        case "delete-rows-with-empty-cell": return emptyColumns.map { .deleteRowsWithEmptyCell(column: $0) }
        case "delete-empty-columns": return [.deleteEmptyColumns]
        case "delete-empty-rows": return [.deleteEmptyRows]
        case "wrap-every": return inventory.wrapSizes(forRowCount: table.rowCount).map { .wrapEvery(k: $0) }
        case "wrap-on": return columns.indices.filter { Set(columns[$0]).count < table.rowCount }.map { .wrapOn(column: $0) }
        case "wrap-into-one-row": return [.wrapIntoOneRow]
        case "transpose": return [.transpose]
        default: return []
        }
    }

    /// Splits on the inventory's delimiters that occur in the column; `runs` only where a delimiter
    /// is doubled (elsewhere it is `all` again).
    private func splits(_ columns: [[String]]) -> [TableOperator] {
        var out: [TableOperator] = []
        for (c, column) in columns.enumerated() {
            for delimiter in inventory.splitDelimiters where column.contains(where: { TextSearch.contains($0, delimiter) }) {
                for mode in inventory.splitModes {
                    if mode == .runs, !column.contains(where: { TextSearch.contains($0, delimiter + delimiter) }) { continue }
                    out.append(.split(column: c, delimiter: delimiter, mode: mode))
                }
            }
        }
        return out
    }

    /// Patterns that pick a part of a cell of the column (one of its first few distinct cells): one
    /// letter/digit run, or two with the character between them (never the whole cell), in the
    /// token shapes the search infers, also anchored on the text before it when the inventory allows
    /// context. Longer stretches are left out to keep drawing cheap; they are rarely what a person
    /// extracts.
    private func extracts(_ column: [String]) -> [ExtractPattern] {
        guard !inventory.extractTokens.isEmpty else { return [] }
        var seen: Set<String> = []
        let cells = column.filter { !$0.isEmpty && seen.insert($0).inserted }.prefix(Self.extractSources)
        var patterns: [ExtractPattern] = []
        for cell in cells {
            let pieces = Self.pieces(of: cell)
            let words = pieces.indices.filter { pieces[$0].isWord }
            for (i, start) in words.enumerated() {
                for end in words[i...].prefix(2) where end - start <= 2 && !(start == 0 && end == pieces.count - 1) {
                    let value = pieces[start...end].map(\.text).joined()
                    let before = PatternInference.token(before: Substring(pieces[..<start].map(\.text).joined()))
                    for shape in inference.candidates(for: value).prefix(2) {
                        patterns.append(shape)
                        if inventory.extractContext, !before.isEmpty {
                            patterns.append(ExtractPattern(prefix: before, tokens: shape.tokens))
                        }
                    }
                }
            }
        }
        return patterns
    }

    /// A cell cut into runs of letters and digits and the single characters between them, so a
    /// word of a name or a part of a code can be picked on its own.
    private static func pieces(of cell: String) -> [(text: String, isWord: Bool)] {
        var out: [(text: String, isWord: Bool)] = []
        for scalar in cell.unicodeScalars {
            let word = CharacterClassTest.isAlphanumeric(scalar)
            if word, let last = out.last, last.isWord {
                out[out.count - 1].text.unicodeScalars.append(scalar)
            } else {
                out.append((String(scalar), word))
            }
        }
        return out
    }

    /// The seeded draws as the generator `CellProgramSampler` takes.
    private struct DrawsGenerator: RandomNumberGenerator {
        var draws: SeededDraws
        mutating func next() -> UInt64 { draws.next() }
    }

    /// The share of a table's cells (ragged rows padded) that are not empty.
    private static func filledShare(_ table: Table) -> Double {
        let filled = table.rows.reduce(0) { $0 + $1.filter { !$0.isEmpty }.count }
        return Double(filled) / Double(max(1, table.rowCount * table.columnCount))
    }

    private static func emptyColumns(_ table: Table) -> Int {
        (0..<table.columnCount).filter { c in table.rows.allSatisfy { c >= $0.count || $0[c].isEmpty } }.count
    }
}
