import WinnowText

/// Table programs in plain English, one sentence a step, for a data analyst who reads a program
/// rather than runs it: a web page and the `explain_program` tool show a program step by step in
/// words, next to the lines `description` prints for whoever runs it again.
///
/// Columns are counted from 1, as people count them, although `description` prints the 0-based
/// indexes the operators use. Literal text is quoted as `description` quotes it, so that a space or
/// an invisible character in a separator stays visible. A step's parameters are explained even when
/// they do not fit a table (a negative column reads as `column 0`): whether a step applies depends on
/// the table, and the sentence only says what the step does.
extension TableOperator {
    /// One sentence, starting with a capital and ending with a full stop.
    public var explanation: String {
        switch self {
        case .drop(let c):
            "Delete \(InWords.column(c))."
        case .move(let c, let to):
            "Move \(InWords.column(c)) so that it becomes \(InWords.column(to))."
        case .copy(let c):
            "Insert a copy of \(InWords.column(c)) right after it."
        case .merge(let c, let separator):
            "Join \(InWords.column(c)) with the next column into one column, with "
                + (separator.isEmpty ? "nothing" : quoted(separator)) + " in between."
        case .split(let c, let delimiter, .first):
            "Split \(InWords.column(c)) in two at the first \(quoted(delimiter))."
        case .split(let c, let delimiter, .all):
            "Split \(InWords.column(c)) into several columns at every \(quoted(delimiter))."
        case .split(let c, let delimiter, .runs):
            "Split \(InWords.column(c)) into several columns at every run of one or more \(quoted(delimiter))."
        case .divide(let c, let cellClass):
            "Split \(InWords.column(c)) into two columns: a cell that \(cellClass.explanation) goes to the first, "
                + "any other cell to the second."
        case .extract(let c, let pattern):
            // A pattern with nothing to extract never matches, so the new column is always empty.
            pattern.tokens.isEmpty
                ? "Insert an empty column after \(InWords.column(c))."
                : "Insert after \(InWords.column(c)) a new column holding the first part of each cell that is "
                    + "\(pattern.explanation) (empty where there is none)."
        case .fold(let from):
            "Turn each cell from \(InWords.column(from)) onward into a row of its own"
                + (Self.leading(from).map { " that repeats \($0)" } ?? "") + " (wide to long)."
        case .foldHeader(let from):
            "Treat the first row as a header and turn each cell below it from \(InWords.column(from)) onward into a row of its own holding "
                + InWords.list([Self.leading(from), "that column's header", "the cell"].compactMap { $0 }, "and") + " (wide to long)."
        case .unfold:
            "Spread the last column across new columns: rows that agree on every other column become one row, "
                + "followed by all of their last-column values (long to wide)."
        case .unfoldHeader(let key):
            "Make a column for each distinct name in \(InWords.column(key)), holding the matching values from the last column: "
                + "rows that agree on the remaining columns become one row, under a header row of those names (long to wide)."
        case .fillDown(let c):
            "Fill each empty cell of \(InWords.column(c)) with the nearest non-empty cell above it."
        case .deleteRowsWithEmptyCell(let c):
            "Delete the rows whose cell in \(InWords.column(c)) is empty."
        case .deleteEmptyColumns:
            "Delete the columns that are empty in every row."
        case .deleteEmptyRows:
            "Delete the rows that are entirely empty."
        case .wrapEvery(let k):
            "Join every \(k) consecutive rows into one row, side by side."
        case .wrapOn(let c):
            "Join the rows that share a value in \(InWords.column(c)) into one row: that value, "
                + "then the other cells of each of those rows in turn."
        case .wrapIntoOneRow:
            "Join all the rows into a single row, one after another."
        case .transpose:
            "Swap rows and columns, so that each column becomes a row."
        case .derive(let program, let at):
            "Insert a new \(InWords.column(at)) holding \(program.explanation)."
        case .replace(let c, let program):
            "Replace each cell of \(InWords.column(c)) with \(program.explanation)."
        case .sort(let keys, let header):
            "Sort the rows\(header ? " below the header" : "") by "
                + (keys.isEmpty ? "nothing" : keys.map(\.explanation).joined(separator: ", then by ")) + "."
        case .dedupe(let columns, let keep):
            Self.dedupeExplanation(columns: columns, keep: keep)
        case .filter(let predicate, true, let header):
            "Keep \(header ? "the header and " : "")only the rows\(header ? " below it" : "") where \(predicate.explanation)."
        case .filter(let predicate, false, let header):
            "Delete the rows\(header ? " below the header" : "") where \(predicate.explanation)."
        }
    }

    /// What a folded row keeps of its source row: the first `count` columns, if any.
    private static func leading(_ count: Int) -> String? {
        count <= 0 ? nil : count == 1 ? "the row's first column" : "the row's first \(count) columns"
    }

    private static func dedupeExplanation(columns: [Int], keep: KeptOccurrence) -> String {
        let scope =
            columns.isEmpty ? "every column"
            : columns.count == 1 ? InWords.column(columns[0])
            : "columns " + InWords.list(columns.map(InWords.columnNumber), "and")
        switch keep {
        case .first: return "Delete every row that matches an earlier row in \(scope), keeping the first occurrence."
        case .last: return "Delete every row that matches a later row in \(scope), keeping the last occurrence."
        }
    }
}

extension Pipeline {
    /// One sentence per step, in the order the steps run. The empty pipeline (`identity()`) is a
    /// program too, one whose output is its input, and gets a sentence saying so: a page or tool
    /// showing a solved task's program never shows an empty list.
    public var explanations: [String] {
        steps.isEmpty ? ["Keep the table as it is."] : steps.map(\.explanation)
    }
}

extension CellClass {
    /// What a cell of the class is, to follow "a cell that" or a column: `is made only of digits`.
    var explanation: String {
        switch self {
        case .digits: "is made only of digits"
        case .letters: "is made only of letters"
        case .alphanumeric: "is made only of letters and digits"
        case .date: "is a month/day/year date"
        case .containing(let text): "contains \(quoted(text))"
        }
    }
}

extension ExtractPattern {
    /// `a run of digits followed by "." followed by a run of digits right after "$"`.
    var explanation: String {
        let body = tokens.map { token in
            switch token {
            case .run(let tokenClass): "a run of \(tokenClass.explanation)"
            case .literal(let scalar): quoted(String(scalar))
            }
        }.joined(separator: " followed by ")
        switch (prefix.isEmpty, suffix.isEmpty) {
        case (true, true): return body
        case (false, true): return "\(body) right after \(quoted(prefix))"
        case (true, false): return "\(body) right before \(quoted(suffix))"
        case (false, false): return "\(body) between \(quoted(prefix)) and \(quoted(suffix))"
        }
    }
}

extension TokenClass {
    var explanation: String {
        switch self {
        case .digits: "digits"
        case .upper: "upper-case letters"
        case .lower: "lower-case letters"
        case .letters: "letters"
        case .alphanumeric: "letters and digits"
        case .word: "letters, digits and underscores"
        case .alphanumericSpace: "letters, digits and spaces"
        }
    }
}

extension SortKey {
    /// `the number in column 2 (largest first)`.
    var explanation: String {
        switch kind {
        case .text: "\(InWords.column(column)) as text (\(descending ? "Z to A" : "A to Z"))"
        case .textIgnoringCase: "\(InWords.column(column)) as text ignoring case (\(descending ? "Z to A" : "A to Z"))"
        case .number: "the number in \(InWords.column(column)) (\(descending ? "largest" : "smallest") first)"
        case .date(let reading): "\(reading.explanation(ofColumn: column)) (\(descending ? "latest" : "earliest") first)"
        }
    }
}

extension RowPredicate {
    /// A test on a row, to follow "where": `the number in column 2 is greater than 100`.
    var explanation: String {
        switch self {
        case .isEmpty(let c):
            "\(InWords.column(c)) is empty"
        case .contains(let c, let text):
            "\(InWords.column(c)) contains \(quoted(text))"
        case .startsWith(let c, let text):
            "\(InWords.column(c)) starts with \(quoted(text))"
        case .endsWith(let c, let text):
            "\(InWords.column(c)) ends with \(quoted(text))"
        case .equalsOneOf(let c, let values):
            "\(InWords.column(c)) is exactly \(values.isEmpty ? "one of no texts" : InWords.list(values.map(quoted), "or"))"
        case .matches(let c, let cellClass):
            "\(InWords.column(c)) \(cellClass.explanation)"
        case .number(let c, let comparison, let value):
            "the number in \(InWords.column(c)) is \(comparison.explanation) \(NumberTerm.constant(value))"
        case .date(let c, let reading, let comparison, let value):
            "\(reading.explanation(ofColumn: c)) is \(comparison.dateExplanation) \(value.explanation)"
        case .both(let a, let b):
            "\(a.explanation) and \(b.explanation)"
        }
    }
}

extension Comparison {
    /// How a date relates to a constant date, to follow "is": `before`, `on or after`.
    var dateExplanation: String {
        switch self {
        case .less: "before"
        case .lessOrEqual: "on or before"
        case .greater: "after"
        case .greaterOrEqual: "on or after"
        case .equal: "on"
        case .notEqual: "not on"
        }
    }
}
