import WinnowCore
import WinnowText

/// One key of a `sort`: which column, read how, in which direction.
public struct SortKey: Hashable, Sendable {
    public var column: Int
    public var kind: SortKind
    public var descending: Bool

    public init(column: Int, kind: SortKind, descending: Bool = false) {
        self.column = column
        self.kind = kind
        self.descending = descending
    }
}

/// How a sort key reads its cells. Text compares code point by code point (UTF-8 byte order, which
/// is Python's string order); numbers and dates use the cell programs' readers (`NumberTerm`,
/// `DateReading`), so "sort by amount" reads `$1,200` as a cell program would. A cell a reader
/// cannot read sorts after every cell it can, in either direction, and such cells keep their order.
public enum SortKind: Hashable, Sendable {
    /// Code point order.
    case text
    /// Code point order with ASCII letters read as lower case (only ASCII, so Python agrees).
    case textIgnoringCase
    case number
    case date(DateReading)
}

/// Which occurrence of a duplicate `dedupe` keeps.
public enum KeptOccurrence: String, Hashable, Sendable, CaseIterable {
    case first
    case last
}

/// A test on one row that `filter` keeps or deletes rows by. Each test reads cells of the row as
/// they are; a number or date test on a cell its reader cannot read is false.
public indirect enum RowPredicate: Hashable, Sendable {
    case isEmpty(column: Int)
    case contains(column: Int, text: String)
    case startsWith(column: Int, text: String)
    case endsWith(column: Int, text: String)
    /// The cell is exactly one of the texts (byte for byte).
    case equalsOneOf(column: Int, values: [String])
    /// The cell belongs to a class `divide` also tests (digits, letters, a month/day/year date…).
    case matches(column: Int, cellClass: CellClass)
    /// The number the cell shows compared with a constant.
    case number(column: Int, Comparison, Double)
    /// The date the cell shows, in a reading, compared with a constant date.
    case date(column: Int, DateReading, Comparison, CalendarDate)
    /// Both tests hold.
    case both(RowPredicate, RowPredicate)

    /// The columns the test reads.
    public var columns: [Int] {
        switch self {
        case .isEmpty(let c), .contains(let c, _), .startsWith(let c, _), .endsWith(let c, _), .equalsOneOf(let c, _),
            .matches(let c, _), .number(let c, _, _), .date(let c, _, _, _):
            [c]
        case .both(let a, let b): a.columns + b.columns
        }
    }

    /// How many values the test fixes: a column and each constant, comparison or reading.
    public var parameterCount: Int {
        switch self {
        case .isEmpty: 1
        case .contains, .startsWith, .endsWith, .matches: 2
        case .equalsOneOf(_, let values): 1 + values.count
        case .number: 3
        case .date: 4
        case .both(let a, let b): a.parameterCount + b.parameterCount
        }
    }

    /// Whether the test holds on a row that reaches every column it reads.
    public func holds(_ row: [String]) -> Bool {
        switch self {
        case .isEmpty(let c): row[c].isEmpty
        case .contains(let c, let text): TextSearch.contains(row[c], text)
        case .startsWith(let c, let text): row[c].utf8.starts(with: text.utf8)
        case .endsWith(let c, let text): Self.hasSuffix(row[c], text)
        case .equalsOneOf(let c, let values): values.contains { $0.utf8.elementsEqual(row[c].utf8) }
        case .matches(let c, let cellClass): cellClass.matches(row[c])
        case .number(let c, let comparison, let constant):
            NumberTerm.column(c).value(in: row).map { comparison.holds($0, constant) } ?? false
        case .date(let c, let reading, let comparison, let constant):
            reading.read(row[c]).map { comparison.holds(Double($0.ordinal), Double(constant.ordinal)) } ?? false
        case .both(let a, let b): a.holds(row) && b.holds(row)
        }
    }

    /// A byte suffix is a code point suffix in UTF-8, so this is Python's `str.endswith`.
    static func hasSuffix(_ cell: String, _ text: String) -> Bool {
        let cellBytes = cell.utf8, textBytes = text.utf8
        return cellBytes.count >= textBytes.count && cellBytes.suffix(textBytes.count).elementsEqual(textBytes)
    }
}

extension CalendarDate {
    /// `yyyymmdd` as one number: ordered as the dates are, and what sorts and comparisons read.
    var ordinal: Int { year * 10_000 + month * 100 + day }
}

/// A sort key's value for one cell; `missing` when the key's reader cannot read the cell.
enum SortValue {
    case bytes([UInt8])
    case number(Double)
    case missing

    init(_ cell: String, kind: SortKind) {
        switch kind {
        case .text: self = .bytes(Array(cell.utf8))
        case .textIgnoringCase: self = .bytes(cell.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 })
        case .number: self = NumberTerm.column(0).value(in: [cell]).map(SortValue.number) ?? .missing
        case .date(let reading): self = reading.read(cell).map { .number(Double($0.ordinal)) } ?? .missing
        }
    }

    /// -1, 0 or 1 as `self` sorts before, with or after `other` under a key's direction; a missing
    /// value sorts last whatever the direction.
    func order(_ other: SortValue, descending: Bool) -> Int {
        let plain: Int
        switch (self, other) {
        case (.missing, .missing): return 0
        case (.missing, _): return 1
        case (_, .missing): return -1
        case (.number(let a), .number(let b)): plain = a < b ? -1 : a > b ? 1 : 0
        case (.bytes(let a), .bytes(let b)): plain = a == b ? 0 : a.lexicographicallyPrecedes(b) ? -1 : 1
        default: plain = 0
        }
        return descending ? -plain : plain
    }
}

extension TableOperator {
    /// The rows (already padded to `width`) in sort order: keys in turn, ties in input order, and a
    /// header row, when there is one, left on top.
    static func sorted(_ rows: [[String]], keys: [SortKey], header: Bool) -> [[String]] {
        let head = header ? Array(rows.prefix(1)) : []
        let body = header ? Array(rows.dropFirst()) : rows
        let values = keys.map { key in body.map { SortValue($0[key.column], kind: key.kind) } }
        let order = body.indices.sorted { i, j in
            for (k, key) in keys.enumerated() {
                let o = values[k][i].order(values[k][j], descending: key.descending)
                if o != 0 { return o < 0 }
            }
            return i < j
        }
        return head + order.map { body[$0] }
    }
}
