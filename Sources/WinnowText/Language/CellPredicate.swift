/// A test on a row: what a conditional branches on, and what a truth-valued cell prints.
public indirect enum CellPredicate: Hashable, Sendable {
    case isEmpty(column: Int)
    case contains(column: Int, text: String)
    case startsWith(column: Int, text: String)
    case endsWith(column: Int, text: String)
    /// The whole cell is one match of a token class (`"2016"` matches digits).
    case matches(column: Int, token: TextToken)
    /// One column's text occurs in another's.
    case containsColumn(column: Int, other: Int)
    /// Two columns hold the same text.
    case equalsColumn(column: Int, other: Int)
    /// A number computed from the row compared with a constant; not applicable when it does not parse.
    case compare(NumberTerm, Comparison, Double)
    case not(CellPredicate)
}

/// How `compare` relates a number to its constant.
public enum Comparison: String, Hashable, Sendable, CaseIterable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="

    public func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        case .equal: a == b
        case .notEqual: a != b
        }
    }
}
