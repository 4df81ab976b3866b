/// A place between two characters of a source cell, found the way FlashFill finds it: by counting
/// from either end, or at the start or end of the k-th match of a token.
///
/// Token positions are what let one example generalise: "after the first run of digits" still
/// points at the right place when the digits have a different length in the next row. Characters are
/// Unicode scalars, as Python's `str` counts them, so exported programs cut in the same places.
public enum Position: Hashable, Sendable {
    /// `k` characters from the start (0 is the start of the cell).
    case fromStart(Int)
    /// `k` characters before the end (0 is the end of the cell).
    case fromEnd(Int)
    /// As many characters from the start (or before the end) as the number in another column says:
    /// Excel's LEFT, RIGHT and MID take their counts from cells. Not applicable when that cell is not
    /// a whole number of at most nine ASCII digits.
    case columnValue(column: Int, fromEnd: Bool)
    /// Where the k-th match of the token begins; k counts from 1, and from the last match when negative.
    case matchStart(TextToken, Int)
    /// Where the k-th match of the token ends; k as in `matchStart`.
    case matchEnd(TextToken, Int)
}

/// What a position may look for. Classes match maximal runs of ASCII characters of the class, so
/// that `"Ducati100"` has one letters match and one digits match; a literal matches its own text,
/// left to right without overlaps.
public enum TextToken: Hashable, Sendable {
    case digits
    case letters
    case upper
    case lower
    case alphanumeric
    case whitespace
    case punctuation
    case literal(String)

    /// The classes, in the order the inventory lists them by default.
    public static let classes: [TextToken] = [.digits, .letters, .upper, .lower, .alphanumeric, .whitespace, .punctuation]

    /// The name used in inventories and printed programs.
    public var name: String {
        switch self {
        case .digits: "digits"
        case .letters: "letters"
        case .upper: "upper"
        case .lower: "lower"
        case .alphanumeric: "alphanumeric"
        case .whitespace: "whitespace"
        case .punctuation: "punctuation"
        case .literal: "literal"
        }
    }

    /// Whether the ASCII scalar belongs to the class; literals contain nothing.
    public func contains(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        let upper = v >= 65 && v <= 90
        let lower = v >= 97 && v <= 122
        let digit = v >= 48 && v <= 57
        switch self {
        case .digits: return digit
        case .letters: return upper || lower
        case .upper: return upper
        case .lower: return lower
        case .alphanumeric: return upper || lower || digit
        case .whitespace: return v == 32 || (v >= 9 && v <= 13)
        case .punctuation: return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126)
        case .literal: return false
        }
    }
}
