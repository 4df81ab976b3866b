import WinnowText

/// One step of a table pipeline: a named, parameterised, total function on tables.
///
/// These are the Potter's Wheel / Foofah operators. Every case is total: `apply` returns `nil`
/// ("not applicable") for parameters that do not fit the table and never traps. Column operators read
/// a ragged row's missing cells as empty strings. Which operators a search may use, and with which
/// parameters, comes from an `Inventory`, not from here.
public enum TableOperator: Hashable, Sendable {
    /// Remove a column.
    case drop(column: Int)
    /// Move a column so that it ends up at index `to`.
    case move(column: Int, to: Int)
    /// Insert a copy of a column right after it.
    case copy(column: Int)
    /// Join a column with the next one, putting `separator` between the two texts.
    case merge(column: Int, separator: String)
    /// Split a column on a delimiter into new adjacent columns.
    case split(column: Int, delimiter: String, mode: SplitMode)
    /// Move cells that satisfy a predicate into one new column and the rest into another.
    case divide(column: Int, by: CellClass)
    /// Insert, after a column, the first substring of each cell matched by a pattern.
    case extract(column: Int, pattern: ExtractPattern)
    /// Keep the columns before `from`; turn each later column into its own row.
    case fold(from: Int)
    /// Like `fold`, but the first row is a header: each output row gets the folded column's header.
    case foldHeader(from: Int)
    /// Group rows by every column but the last and spread the last column's values across a row.
    case unfold
    /// Column `key` holds header names and the last column values: make one column per header.
    case unfoldHeader(key: Int)
    /// Fill empty cells of a column with the nearest non-empty cell above.
    case fillDown(column: Int)
    /// Delete rows whose cell in the column is empty.
    case deleteRowsWithEmptyCell(column: Int)
    /// Delete columns whose every cell is empty.
    case deleteEmptyColumns
    /// Delete rows whose every cell is empty.
    case deleteEmptyRows
    /// Concatenate every `k` consecutive rows into one.
    case wrapEvery(k: Int)
    /// Concatenate rows that share the value in `column` into one row led by that value.
    case wrapOn(column: Int)
    /// Concatenate all rows into one.
    case wrapIntoOneRow
    /// Swap rows and columns.
    case transpose
    /// Insert, at index `at`, a column computed from each row by a cell program (FlashFill's
    /// language): how text, numbers and dates the input does not hold verbatim get into the output.
    case derive(program: CellProgram, at: Int)
    /// Replace a column's cells with a cell program's output; the program reads the row as it was
    /// before the replacement.
    case replace(column: Int, program: CellProgram)
    /// Order the rows by one or more keys, stably; with `header` the first row stays on top.
    case sort(keys: [SortKey], header: Bool)
    /// Remove rows that repeat an earlier (or later) row's key columns, all columns when `columns`
    /// is empty; the rows kept stay in order.
    case dedupe(columns: [Int], keep: KeptOccurrence)
    /// Keep (`keep`) or delete (`!keep`) the rows a test holds on; with `header` the first row stays
    /// whatever the test says.
    case filter(predicate: RowPredicate, keep: Bool, header: Bool = false)
}

/// How `split` treats a delimiter.
public enum SplitMode: String, Hashable, Sendable, CaseIterable, Codable {
    /// At the first occurrence only: always two output columns.
    case first
    /// At every occurrence; rows with fewer pieces are padded with empty cells.
    case all
    /// At every run of the delimiter (consecutive delimiters count as one).
    case runs
}

/// The predicates `divide` may test a cell with. Classes are ASCII so that the exported Python
/// performs exactly the same test.
public enum CellClass: Hashable, Sendable {
    /// One or more ASCII digits.
    case digits
    /// One or more ASCII letters.
    case letters
    /// One or more ASCII letters or digits.
    case alphanumeric
    /// A calendar date written month/day/year (`7/4/2016`, `07/04/2016`).
    case date
    /// The cell contains the text.
    case containing(String)
}

extension TableOperator {
    /// The operator's name as it appears in inventories and printed programs.
    public var name: String {
        switch self {
        case .drop: "drop"
        case .move: "move"
        case .copy: "copy"
        case .merge: "merge"
        case .split: "split"
        case .divide: "divide"
        case .extract: "extract"
        case .fold: "fold"
        case .foldHeader: "fold-header"
        case .unfold: "unfold"
        case .unfoldHeader: "unfold-header"
        case .fillDown: "fill-down"
        case .deleteRowsWithEmptyCell: "delete-rows-with-empty-cell"
        case .deleteEmptyColumns: "delete-empty-columns"
        case .deleteEmptyRows: "delete-empty-rows"
        case .wrapEvery: "wrap-every"
        case .wrapOn: "wrap-on"
        case .wrapIntoOneRow: "wrap-into-one-row"
        case .transpose: "transpose"
        case .derive: "derive"
        case .replace: "replace"
        case .sort: "sort"
        case .dedupe: "dedupe"
        case .filter: "filter"
        }
    }

    /// The column the operator reads, if it reads one; used by pruning and by program rendering.
    public var column: Int? {
        switch self {
        case .drop(let c), .move(let c, _), .copy(let c), .merge(let c, _), .split(let c, _, _),
            .divide(let c, _), .extract(let c, _), .fillDown(let c), .deleteRowsWithEmptyCell(let c),
            .wrapOn(let c), .replace(let c, _):
            c
        case .fold(let c), .foldHeader(let c): c
        case .unfoldHeader(let c): c
        case .sort(let keys, _): keys.first?.column
        case .dedupe(let columns, _): columns.first
        case .filter(let predicate, _, _): predicate.columns.first
        case .unfold, .deleteEmptyColumns, .deleteEmptyRows, .wrapEvery, .wrapIntoOneRow, .transpose, .derive: nil
        }
    }
}

extension TableOperator: CustomStringConvertible {
    /// One line a person can read back: `split(column: 1, on: ":", mode: all)`. A cell program comes
    /// last, as its own `description`, so a reader can take the rest of the line up to the closing
    /// parenthesis as the program.
    public var description: String {
        switch self {
        case .drop(let c): "drop(column: \(c))"
        case .move(let c, let to): "move(column: \(c), to: \(to))"
        case .copy(let c): "copy(column: \(c))"
        case .merge(let c, let s): "merge(column: \(c), with: \(c + 1), separator: \(quoted(s)))"
        case .split(let c, let d, let m): "split(column: \(c), on: \(quoted(d)), mode: \(m.rawValue))"
        case .divide(let c, let k): "divide(column: \(c), by: \(k))"
        case .extract(let c, let p): "extract(column: \(c), pattern: \(quoted(p.regex)))"
        case .fold(let c): "fold(from: \(c))"
        case .foldHeader(let c): "fold-header(from: \(c))"
        case .unfold: "unfold()"
        case .unfoldHeader(let k): "unfold-header(key: \(k))"
        case .fillDown(let c): "fill-down(column: \(c))"
        case .deleteRowsWithEmptyCell(let c): "delete-rows-with-empty-cell(column: \(c))"
        case .deleteEmptyColumns: "delete-empty-columns()"
        case .deleteEmptyRows: "delete-empty-rows()"
        case .wrapEvery(let k): "wrap-every(k: \(k))"
        case .wrapOn(let c): "wrap-on(column: \(c))"
        case .wrapIntoOneRow: "wrap-into-one-row()"
        case .transpose: "transpose()"
        case .derive(let program, let at): "derive(at: \(at), program: \(program))"
        case .replace(let c, let program): "replace(column: \(c), program: \(program))"
        case .sort(let keys, let header): "sort(keys: [\(keys.map(\.description).joined(separator: ", "))], header: \(header))"
        case .dedupe(let columns, let keep):
            "dedupe(columns: \(columns.isEmpty ? "all" : "[" + columns.map(String.init).joined(separator: ", ") + "]"), keep: \(keep.rawValue))"
        case .filter(let predicate, let keep, let header): "filter(keep: \(keep), where: \(predicate), header: \(header))"
        }
    }
}

extension CellClass: CustomStringConvertible {
    public var description: String {
        switch self {
        case .digits: "digits"
        case .letters: "letters"
        case .alphanumeric: "alphanumeric"
        case .date: "date"
        case .containing(let s): "containing(\(quoted(s)))"
        }
    }
}

extension SortKey: CustomStringConvertible {
    /// `number(column: 2, direction: descending)`, `text(column: 0, case: insensitive, direction:
    /// ascending)`, `date(column: 1, order: dmy, pivot: 50, direction: ascending)`.
    public var description: String {
        let direction = "direction: " + (descending ? "descending" : "ascending")
        switch kind {
        case .text: return "text(column: \(column), case: sensitive, \(direction))"
        case .textIgnoringCase: return "text(column: \(column), case: insensitive, \(direction))"
        case .number: return "number(column: \(column), \(direction))"
        case .date(let reading): return "date(column: \(column), order: \(reading.order.rawValue), pivot: \(reading.pivot), \(direction))"
        }
    }
}

extension RowPredicate: CustomStringConvertible {
    /// `number(column: 2, op: ">", value: 100)`, `and(empty(column: 1), starts-with(column: 0, text: "A"))`;
    /// a date constant is written ISO, `"2020-03-14"`.
    public var description: String {
        switch self {
        case .isEmpty(let c): "empty(column: \(c))"
        case .contains(let c, let text): "contains(column: \(c), text: \(quoted(text)))"
        case .startsWith(let c, let text): "starts-with(column: \(c), text: \(quoted(text)))"
        case .endsWith(let c, let text): "ends-with(column: \(c), text: \(quoted(text)))"
        case .equalsOneOf(let c, let values): "one-of(column: \(c), values: [\(values.map(quoted).joined(separator: ", "))])"
        case .matches(let c, let cellClass): "matches(column: \(c), class: \(cellClass))"
        case .number(let c, let comparison, let value):
            "number(column: \(c), op: \(quoted(comparison.rawValue)), value: \(NumberTerm.constant(value)))"
        case .date(let c, let reading, let comparison, let value):
            "date(column: \(c), order: \(reading.order.rawValue), pivot: \(reading.pivot), op: \(quoted(comparison.rawValue)), value: \(quoted(value.iso)))"
        case .both(let a, let b): "and(\(a), \(b))"
        }
    }
}

extension CalendarDate {
    /// `2020-03-14`.
    var iso: String {
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }
}

/// A string literal as a person would type it, with escapes for quotes, backslashes and control characters.
func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
