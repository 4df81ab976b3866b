/// A program that computes one cell of a row from the row's other cells: FlashFill's language.
///
/// The first branch whose condition holds on the row produces the cell; when none does, `otherwise`
/// does. A program with no branches is a plain concatenation. Every part is total in the sense that
/// it either produces text or reports "not applicable" (`nil`) — a date that does not parse or a token
/// that does not occur never yields a guessed cell, so a program that cannot run on a row is not
/// committed for it.
public struct CellProgram: Hashable, Sendable {
    public var branches: [CellBranch]
    public var otherwise: [CellPart]

    public init(branches: [CellBranch] = [], otherwise: [CellPart]) {
        self.branches = branches
        self.otherwise = otherwise
    }
}

/// One arm of a conditional: when `condition` holds on the row, the cell is the concatenation of `parts`.
public struct CellBranch: Hashable, Sendable {
    public var condition: CellPredicate
    public var parts: [CellPart]

    public init(condition: CellPredicate, parts: [CellPart]) {
        self.condition = condition
        self.parts = parts
    }
}

/// One piece of a derived cell. The cell is the concatenation of its parts.
public enum CellPart: Hashable, Sendable {
    /// Text the program writes itself.
    case constant(String)
    /// The text of a source column between two positions, with a case change applied.
    case substring(column: Int, from: Position, to: Position, case: CaseMap)
    /// A whole source column after whitespace clean-up and a case change.
    case whole(column: Int, spacing: Spacing, case: CaseMap)
    /// A whole source column with every occurrence of some characters replaced by a text (Excel's
    /// SUBSTITUTE; an empty replacement removes them).
    case substitute(column: Int, characters: String, with: String)
    /// A whole source column with every occurrence of a text replaced by another, left to right and
    /// without overlaps (Excel's SUBSTITUTE of a word, Python's `str.replace`): `"thatwill"` →
    /// `"will"` removing `"that"`, `"12 Main Street"` → `"12 Main St"`. The text is never empty.
    case replaceText(column: Int, text: String, with: String)
    /// Only the characters of one token class from the text of a source column between two positions:
    /// initials (`"New York"` → `"NY"` keeping `upper`), the digits of a formatted number
    /// (`"(425) 555-0134"` → `"4255550134"`). A concatenation of substrings writes these only when
    /// every cell has as many pieces as the example; a filter does not care how many there are.
    case filter(column: Int, from: Position, to: Position, keeping: TextToken)
    /// A number computed from the row and printed in a format learned from the example.
    case number(NumberTerm, NumberFormat)
    /// A date read from a source column and printed in another format.
    case date(column: Int, reading: DateReading, format: DateFormat)
    /// A test on the row printed as a truth value the way the example writes one.
    case truth(CellPredicate, TruthStyle)
}

/// A case change applied to copied text. Only ASCII letters change, so Swift and Python agree.
public enum CaseMap: String, Hashable, Sendable, CaseIterable {
    case keep
    case lower
    case upper
    /// Every letter run starts upper case and continues lower case (`"mc donald"` → `"Mc Donald"`).
    case title
    /// The first letter upper case, the rest unchanged.
    case capitalize
}

/// What happens to whitespace in a whole column.
public enum Spacing: String, Hashable, Sendable, CaseIterable {
    case keep
    /// Leading and trailing whitespace removed.
    case trim
    /// Excel's TRIM: trimmed, and every inner run of whitespace becomes one space.
    case collapse
}

/// How a truth value is printed.
public enum TruthStyle: String, Hashable, Sendable, CaseIterable {
    /// `true` / `false`
    case lower
    /// `TRUE` / `FALSE`
    case upper
    /// `True` / `False`
    case capitalized
    /// `yes` / `no`
    case yesNo
    /// `1` / `0`
    case digit

    public func render(_ value: Bool) -> String {
        switch self {
        case .lower: value ? "true" : "false"
        case .upper: value ? "TRUE" : "FALSE"
        case .capitalized: value ? "True" : "False"
        case .yesNo: value ? "yes" : "no"
        case .digit: value ? "1" : "0"
        }
    }
}
