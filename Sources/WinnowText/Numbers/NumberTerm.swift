/// A number computed from a row: a column's value, a count, or arithmetic on them.
public indirect enum NumberTerm: Hashable, Sendable {
    case column(Int)
}

extension NumberTerm {
    /// The term's value on a row, or `nil` when a cell it reads is not a number.
    public func value(in row: [String]) -> Double? {
        switch self {
        case .column(let c): c < row.count ? Double(row[c]) : nil
        }
    }

    /// The columns the term reads.
    public var columns: Set<Int> {
        switch self {
        case .column(let c): [c]
        }
    }

    /// How much the term adds to a program's price beyond the `number` part itself.
    public func cost(under inventory: TextInventory) -> Double { 0 }

    /// The term as a Python expression over the list `row`.
    public func python(row: String) -> String {
        switch self {
        case .column(let c): "_num(\(row)[\(c)] if \(c) < len(\(row)) else '')"
        }
    }
}

extension NumberTerm: CustomStringConvertible {
    public var description: String {
        switch self {
        case .column(let c): "number(column: \(c))"
        }
    }
}
