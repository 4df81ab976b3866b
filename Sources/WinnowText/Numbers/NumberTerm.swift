/// A number computed from a row: a column's value, a count, or one arithmetic step on them.
///
/// Arithmetic is kept to one binary operation (or an absolute value) so that one example pins it
/// down: two columns, or a column and a constant. Values are doubles, and `+ − × ÷` are the IEEE
/// operations Python's floats perform too, so both languages compute the same bits; printing then
/// goes through decimal digits (see `NumberFormat`).
public indirect enum NumberTerm: Hashable, Sendable {
    /// The number a cell shows (see `NumberCell` for what parses).
    case column(Int)
    /// The `index`-th number written inside the cell's text (1 the first, −1 the last; see
    /// `WrittenNumbers` for what counts as one): the 42 of `ID-00042`, the 12 of `12 cm`.
    case written(column: Int, index: Int)
    /// A constant operand of arithmetic.
    case constant(Double)
    /// The cell's length in characters (Unicode scalars, as Python's `len`).
    case characters(column: Int)
    /// The number of whitespace-separated words in the cell.
    case words(column: Int)
    /// Non-overlapping occurrences of a literal text in the cell, as Python's `str.count`.
    case occurrences(column: Int, text: String)
    /// Non-overlapping occurrences of another column's text in the cell; not applicable when that
    /// text is empty.
    case occurrencesOfColumn(column: Int, other: Int)
    case arithmetic(ArithmeticOperator, NumberTerm, NumberTerm)
    case absolute(NumberTerm)
}

/// A binary arithmetic operation.
public enum ArithmeticOperator: String, Hashable, Sendable, CaseIterable {
    case add
    case subtract
    case multiply
    case divide

    func apply(_ a: Double, _ b: Double) -> Double? {
        let result: Double
        switch self {
        case .add: result = a + b
        case .subtract: result = a - b
        case .multiply: result = a * b
        case .divide:
            guard b != 0 else { return nil }
            result = a / b
        }
        return result.isFinite ? result : nil
    }

    var symbol: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        }
    }
}

extension NumberTerm {
    /// Constants one example may justify cheaply: the unit conversions a quantity is multiplied or
    /// divided by, and the one a count or a year is moved by. Any other constant is inferred from a
    /// single example and priced as the weak evidence it is; `+ 24` is not a unit conversion, and one
    /// example explains almost any number as another number plus one of these.
    public static func commonConstants(for op: ArithmeticOperator) -> [Double] {
        switch op {
        case .add, .subtract: commonOffsets
        case .multiply, .divide: commonFactors
        }
    }

    private static let commonOffsets: [Double] = [1]
    private static let commonFactors: [Double] = [2, 10, 12, 24, 60, 100, 1000]

    /// The term's value on a row, or `nil` when a cell it reads is not a number or the arithmetic
    /// has no finite result (division by zero).
    public func value(in row: [String]) -> Double? {
        func cell(_ c: Int) -> String { CellPart.cell(row, c) }
        switch self {
        case .column(let c): return NumberCell.parse(cell(c))
        case .written(let c, let index): return WrittenNumbers.number(index, in: cell(c))
        case .constant(let value): return value
        case .characters(let c): return Double(cell(c).unicodeScalars.count)
        case .words(let c):
            let scalars = Array(cell(c).unicodeScalars)
            return Double(TokenMatches.find(.whitespace, in: scalars).complement(length: scalars.count).count)
        case .occurrences(let c, let text):
            guard !text.isEmpty else { return nil }
            return Double(TokenMatches.literal(Array(text.unicodeScalars), in: Array(cell(c).unicodeScalars)).count)
        case .occurrencesOfColumn(let c, let other):
            let needle = Array(cell(other).unicodeScalars)
            guard !needle.isEmpty else { return nil }
            return Double(TokenMatches.literal(needle, in: Array(cell(c).unicodeScalars)).count)
        case .arithmetic(let op, let left, let right):
            guard let a = left.value(in: row), let b = right.value(in: row) else { return nil }
            return op.apply(a, b)
        case .absolute(let inner):
            return inner.value(in: row).map(\.magnitude)
        }
    }

    /// Whether the term counts something (possibly plus or minus a whole constant), so its value is
    /// always a whole number.
    var isCount: Bool {
        switch self {
        case .characters, .words, .occurrences, .occurrencesOfColumn: true
        case .arithmetic(.add, let left, .constant(let k)), .arithmetic(.subtract, let left, .constant(let k)):
            left.isCount && k == k.rounded()
        default: false
        }
    }

    /// The constants the term computes with, which the ranking asks the rows about (`ProgramCost`).
    var constants: [Double] {
        switch self {
        case .constant(let value): [value]
        case .arithmetic(_, let left, let right): left.constants + right.constants
        case .absolute(let inner): inner.constants
        case .column, .written, .characters, .words, .occurrences, .occurrencesOfColumn: []
        }
    }

    /// The columns the term reads.
    public var columns: Set<Int> {
        switch self {
        case .column(let c), .written(let c, _), .characters(let c), .words(let c), .occurrences(let c, _): [c]
        case .constant: []
        case .occurrencesOfColumn(let c, let other): [c, other]
        case .arithmetic(_, let left, let right): left.columns.union(right.columns)
        case .absolute(let inner): inner.columns
        }
    }

    /// The term's whole price under the inventory: the `number`, `count` or `arithmetic` price of
    /// what it does plus its operands'. A `number` part costs this plus its format's `cost`. A
    /// constant from `commonConstants` for its operation adds 0.5, any other 2, so that `column × 100` beats
    /// `column × 97.3` and both lose to a plain column or a count. A number read out of text adds
    /// 0.5 (that the rest of the cell is not part of it is an assumption a number cell does not
    /// make), and 0.25 more counted from the end, the less usual way to name one.
    public func cost(under inventory: TextInventory) -> Double {
        switch self {
        case .column: inventory.cost("number")
        case .written(_, let index): inventory.cost("number") + (index > 0 ? 0.5 : 0.75)
        case .constant: 2
        case .characters, .words: inventory.cost("count")
        case .occurrences, .occurrencesOfColumn: inventory.cost("count") + 0.25
        case .arithmetic(let op, let left, let right):
            inventory.cost("arithmetic") + left.cost(operandOf: op, under: inventory) + right.cost(operandOf: op, under: inventory)
        case .absolute(let inner): inventory.cost("arithmetic") + inner.cost(under: inventory)
        }
    }

    private func cost(operandOf op: ArithmeticOperator, under inventory: TextInventory) -> Double {
        if case .constant(let value) = self, Self.commonConstants(for: op).contains(value) { return 0.5 }
        return cost(under: inventory)
    }

    /// The term as a Python expression over the list `row`, evaluating to a float or `None`.
    public func python(row: String) -> String {
        func cell(_ c: Int) -> String { "_cell(\(row), \(c))" }
        switch self {
        case .column(let c): return "_num(\(cell(c)))"
        case .written(let c, let index): return "_num_in(\(cell(c)), \(index))"
        case .constant(let value): return "float('\(DecimalDigits.plain(value))')"
        case .characters(let c): return "float(len(\(cell(c))))"
        case .words(let c): return "_num_words(\(cell(c)))"
        case .occurrences(let c, let text): return "_num_count(\(cell(c)), \(pythonString(text)))"
        case .occurrencesOfColumn(let c, let other): return "_num_count(\(cell(c)), \(cell(other)))"
        case .arithmetic(let op, let left, let right):
            return "_num_op(\(pythonString(op.symbol)), \(left.python(row: row)), \(right.python(row: row)))"
        case .absolute(let inner): return "_apply(\(inner.python(row: row)), abs)"
        }
    }
}

extension NumberTerm: CustomStringConvertible {
    public var description: String {
        switch self {
        case .column(let c): "number(column: \(c))"
        case .written(let c, let index): "numberIn(column: \(c), index: \(index))"
        case .constant(let value): DecimalDigits.plain(value)
        case .characters(let c): "characters(column: \(c))"
        case .words(let c): "words(column: \(c))"
        case .occurrences(let c, let text): "count(column: \(c), text: \(quotedText(text)))"
        case .occurrencesOfColumn(let c, let other): "count(column: \(c), columnText: \(other))"
        case .arithmetic(let op, let left, let right): "\(op.rawValue)(\(left), \(right))"
        case .absolute(let inner): "abs(\(inner))"
        }
    }
}

extension NumberTerm {
    /// Reads the text `description` prints.
    public init(parsing text: String) throws(CallSyntaxError) {
        var scanner = CallScanner(text)
        let value = try scanner.value()
        scanner.skipSpaces()
        guard scanner.index == scanner.scalars.count else { throw CallSyntaxError("unexpected text after the term in \(quotedText(text))") }
        try self.init(value: value)
    }

    /// A term from a value the scanner read: a call, or a bare number for a constant.
    public init(value: CallValue) throws(CallSyntaxError) {
        if case .number = value {
            self = .constant(try value.double())
            return
        }
        let call = try value.call()
        if let op = ArithmeticOperator(rawValue: call.name) {
            var arguments = try CallArguments(call, name: call.name)
            let left = try NumberTerm(value: try arguments.positional())
            let right = try NumberTerm(value: try arguments.positional())
            try arguments.finish()
            self = .arithmetic(op, left, right)
            return
        }
        var arguments = try CallArguments(call, name: call.name)
        switch call.name {
        case "abs":
            self = .absolute(try NumberTerm(value: try arguments.positional()))
        case "numberIn":
            let column = try Self.column(try arguments.required("column"))
            let index = try arguments.required("index").integer()
            guard index != 0 else { throw CallSyntaxError("numberIn(...) counts from 1 (or from -1, the last): index 0 names no number") }
            self = .written(column: column, index: index)
        case "number", "characters", "words", "count":
            let column = try Self.column(try arguments.required("column"))
            switch call.name {
            case "number": self = .column(column)
            case "characters": self = .characters(column: column)
            case "words": self = .words(column: column)
            default:
                if let text = arguments.optional("text") {
                    let needle = try text.string()
                    guard !needle.isEmpty else { throw CallSyntaxError("count(...) needs a non-empty text:") }
                    self = .occurrences(column: column, text: needle)
                } else {
                    self = .occurrencesOfColumn(column: column, other: try Self.column(try arguments.required("columnText")))
                }
            }
        default:
            throw CallSyntaxError("unknown number term \(call.name)(...)")
        }
        try arguments.finish()
    }

    private static func column(_ value: CallValue) throws(CallSyntaxError) -> Int {
        let column = try value.integer()
        guard column >= 0 else { throw CallSyntaxError("a column must not be negative") }
        return column
    }
}
