import WinnowCore
import WinnowText

/// Reading operators back from the lines `description` prints.
///
/// Results files, `solve --json` and harvested training data store programs as those lines, because
/// people read them; whoever consumes them again (harvest, the learned search prior) needs the
/// operators, so parsing is the exact inverse of `description` for every case, quoted strings with
/// their escapes and extract patterns (from the regex they print) included.
extension TableOperator {
    /// Parses one line as `description` prints it, e.g. `split(column: 1, on: ":", mode: all)`.
    public init(parsing text: String) throws(WinnowError) {
        var scanner = OperatorScanner(text)
        let name = scanner.name()
        if name == "derive" || name == "replace" {
            self = try Self.cellStep(name, &scanner, line: text)
            return
        }
        let arguments = try scanner.arguments()
        guard scanner.atEnd else { throw scanner.failure("unexpected text after the closing parenthesis") }
        self = try Self.make(name, arguments, line: text)
    }

    /// `derive(at: 2, program: …)` or `replace(column: 1, program: …)`. The program is the balanced
    /// rest of the line up to its closing parenthesis, read by `CellProgram(parsing:)`, so cell
    /// programs stay that parser's business whatever text they print.
    private static func cellStep(_ name: String, _ scanner: inout OperatorScanner, line: String) throws(WinnowError) -> TableOperator {
        let index = try scanner.leadingInt(name == "derive" ? "at" : "column")
        try scanner.expectText(", program: ")
        let text = try scanner.balancedRemainder()
        let program: CellProgram
        do {
            program = try CellProgram(parsing: text)
        } catch {
            throw WinnowError(.badInput, "\(line): \(error.message)")
        }
        return name == "derive" ? .derive(program: program, at: index) : .replace(column: index, program: program)
    }

    private static func make(_ name: String, _ arguments: [OperatorScanner.Argument], line: String) throws(WinnowError) -> TableOperator {
        var reader = ArgumentReader(line: line, arguments: arguments)
        let op: TableOperator
        switch name {
        case "drop": op = .drop(column: try reader.int("column"))
        case "move": op = .move(column: try reader.int("column"), to: try reader.int("to"))
        case "copy": op = .copy(column: try reader.int("column"))
        case "merge":
            let column = try reader.int("column")
            guard try reader.int("with") == column + 1 else { throw reader.failure("merge joins a column with the next one: `with` must be column + 1") }
            op = .merge(column: column, separator: try reader.string("separator"))
        case "split":
            let column = try reader.int("column"), delimiter = try reader.string("on")
            let word = try reader.word("mode")
            guard let mode = SplitMode(rawValue: word) else { throw reader.failure("unknown split mode \"\(word)\" (first, all, runs)") }
            op = .split(column: column, delimiter: delimiter, mode: mode)
        case "divide": op = .divide(column: try reader.int("column"), by: try reader.cellClass("by"))
        case "extract":
            let column = try reader.int("column")
            op = .extract(column: column, pattern: try ExtractPattern(regex: try reader.string("pattern")))
        case "fold": op = .fold(from: try reader.int("from"))
        case "fold-header": op = .foldHeader(from: try reader.int("from"))
        case "unfold": op = .unfold
        case "unfold-header": op = .unfoldHeader(key: try reader.int("key"))
        case "fill-down": op = .fillDown(column: try reader.int("column"))
        case "delete-rows-with-empty-cell": op = .deleteRowsWithEmptyCell(column: try reader.int("column"))
        case "delete-empty-columns": op = .deleteEmptyColumns
        case "delete-empty-rows": op = .deleteEmptyRows
        case "wrap-every": op = .wrapEvery(k: try reader.int("k"))
        case "wrap-on": op = .wrapOn(column: try reader.int("column"))
        case "wrap-into-one-row": op = .wrapIntoOneRow
        case "transpose": op = .transpose
        case "sort":
            let keys = try reader.list("keys").map { (value: OperatorScanner.Value) throws(WinnowError) -> SortKey in try reader.sortKey(value) }
            op = .sort(keys: keys, header: try reader.bool("header"))
        case "dedupe":
            let columns: [Int]
            switch try reader.value("columns") {
            case .word("all"): columns = []
            case .list(let values): columns = try values.map { (value: OperatorScanner.Value) throws(WinnowError) -> Int in try reader.int(value, "columns") }
            default: throw reader.failure("`columns` must be all or a list of column numbers")
            }
            let word = try reader.word("keep")
            guard let keep = KeptOccurrence(rawValue: word) else { throw reader.failure("unknown occurrence \"\(word)\" (first, last)") }
            op = .dedupe(columns: columns, keep: keep)
        case "filter":
            let keep = try reader.bool("keep")
            let predicate = try reader.predicate(try reader.value("where"))
            op = .filter(predicate: predicate, keep: keep, header: try reader.bool("header"))
        default: throw WinnowError(.badInput, "\(line): unknown operator \"\(name)\"")
        }
        try reader.finish()
        return op
    }
}

extension Pipeline {
    /// Parses the lines `description` prints, one operator each; `[]` and `["identity()"]` are the
    /// empty pipeline (results files write the first, reports the second).
    public init(parsing lines: [String]) throws(WinnowError) {
        if lines == ["identity()"] {
            self.init([])
            return
        }
        var steps: [TableOperator] = []
        for line in lines { steps.append(try TableOperator(parsing: line)) }
        self.init(steps)
    }
}

extension ExtractPattern {
    /// Reads a pattern back from `regex`: escaped literal prefix, the group of runs and literals,
    /// escaped literal suffix. Anything `regex` cannot have printed is refused.
    public init(regex: String) throws(WinnowError) {
        var reader = RegexReader(regex)
        let prefix = try reader.text(until: "(")
        try reader.skip("(", else: "no group")
        var tokens: [Token] = []
        while !reader.atEnd, !reader.at(")") {
            if let run = reader.run() {
                tokens.append(.run(run))
            } else {
                tokens.append(.literal(try reader.literal()))
            }
        }
        try reader.skip(")", else: "the group is not closed")
        let suffix = try reader.text(until: nil)
        self.init(prefix: prefix, tokens: tokens, suffix: suffix)
        guard self.regex == regex else { throw reader.failure("not in the form extract patterns print") }
    }
}

/// Walks a regex `ExtractPattern.regex` printed: escaped literals, `(`, class runs, `)`.
private struct RegexReader {
    let regex: String
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ regex: String) {
        self.regex = regex
        scalars = Array(regex.unicodeScalars)
    }

    var atEnd: Bool { index == scalars.count }

    func at(_ scalar: Unicode.Scalar) -> Bool { index < scalars.count && scalars[index] == scalar }

    func failure(_ why: String) -> WinnowError { WinnowError(.badInput, "extract pattern \(quoted(regex)): \(why)") }

    mutating func skip(_ scalar: Unicode.Scalar, else why: String) throws(WinnowError) {
        guard at(scalar) else { throw failure(why) }
        index += 1
    }

    /// Literal text up to an unescaped `stop`, or to the end when `stop` is nil.
    mutating func text(until stop: Unicode.Scalar?) throws(WinnowError) -> String {
        var out = String.UnicodeScalarView()
        while !atEnd, stop.map({ !at($0) }) ?? true { out.append(try literal()) }
        return String(out)
    }

    /// One literal character: `\x`, or a character `escape` leaves alone.
    mutating func literal() throws(WinnowError) -> Unicode.Scalar {
        let scalar = scalars[index]
        index += 1
        guard scalar == "\\" else {
            // `escape` puts a backslash before ASCII other than letters, digits and `_`.
            guard !scalar.isASCII || CharacterClassTest.isAlphanumeric(scalar) || scalar == "_" else {
                throw failure("\"\(scalar)\" should be escaped")
            }
            return scalar
        }
        guard !atEnd else { throw failure("ends in a lone backslash") }
        index += 1
        return scalars[index - 1]
    }

    /// A class run such as `[A-Z]+`, when one starts here.
    mutating func run() -> TokenClass? {
        guard at("[") else { return nil }
        let rest = scalars[index...]
        guard let run = TokenClass.allCases.first(where: { rest.starts(with: ($0.regex + "+").unicodeScalars) }) else { return nil }
        index += run.regex.unicodeScalars.count + 1
        return run
    }
}

/// Reads the labelled arguments of one operator line in the order `description` prints them.
private struct ArgumentReader {
    var line: String
    var arguments: [OperatorScanner.Argument]
    var next = 0

    func failure(_ why: String) -> WinnowError { WinnowError(.badInput, "\(line): \(why)") }

    private mutating func take(_ label: String) throws(WinnowError) -> OperatorScanner.Value {
        guard next < arguments.count else { throw failure("missing argument `\(label)`") }
        let argument = arguments[next]
        guard argument.label == label else { throw failure("expected argument `\(label)`, found `\(argument.label)`") }
        next += 1
        return argument.value
    }

    mutating func int(_ label: String) throws(WinnowError) -> Int {
        guard case .int(let value) = try take(label) else { throw failure("`\(label)` must be a whole number") }
        return value
    }

    mutating func string(_ label: String) throws(WinnowError) -> String {
        guard case .string(let value) = try take(label) else { throw failure("`\(label)` must be a quoted string") }
        return value
    }

    mutating func word(_ label: String) throws(WinnowError) -> String {
        guard case .word(let value) = try take(label) else { throw failure("`\(label)` must be a name") }
        return value
    }

    mutating func cellClass(_ label: String) throws(WinnowError) -> CellClass {
        try cellClass(try take(label), label)
    }

    func cellClass(_ value: OperatorScanner.Value, _ label: String) throws(WinnowError) -> CellClass {
        switch value {
        case .word("digits"): return .digits
        case .word("letters"): return .letters
        case .word("alphanumeric"): return .alphanumeric
        case .word("date"): return .date
        case .call("containing", let arguments) where arguments.count == 1 && arguments[0].label.isEmpty:
            if case .string(let text) = arguments[0].value { return .containing(text) }
        default: break
        }
        throw failure("`\(label)` must be digits, letters, alphanumeric, date or containing(\"…\")")
    }

    mutating func value(_ label: String) throws(WinnowError) -> OperatorScanner.Value { try take(label) }

    mutating func bool(_ label: String) throws(WinnowError) -> Bool {
        switch try take(label) {
        case .word("true"): return true
        case .word("false"): return false
        default: throw failure("`\(label)` must be true or false")
        }
    }

    mutating func list(_ label: String) throws(WinnowError) -> [OperatorScanner.Value] {
        guard case .list(let values) = try take(label) else { throw failure("`\(label)` must be a list in brackets") }
        return values
    }

    func int(_ value: OperatorScanner.Value, _ label: String) throws(WinnowError) -> Int {
        guard case .int(let number) = value else { throw failure("`\(label)` must hold whole numbers") }
        return number
    }

    /// The arguments of a nested call such as `number(column: 2, direction: descending)`, read by a
    /// reader of their own so labels and order are checked as for the step itself.
    private func nested(_ value: OperatorScanner.Value, _ what: String) throws(WinnowError) -> (name: String, reader: ArgumentReader) {
        guard case .call(let name, let arguments) = value else { throw failure("expected \(what)") }
        return (name, ArgumentReader(line: line, arguments: arguments))
    }

    func sortKey(_ value: OperatorScanner.Value) throws(WinnowError) -> SortKey {
        let (name, nestedReader) = try nested(value, "a sort key such as number(column: 0, direction: ascending)")
        var reader = nestedReader
        let column = try reader.int("column")
        let kind: SortKind
        switch name {
        case "text":
            switch try reader.word("case") {
            case "sensitive": kind = .text
            case "insensitive": kind = .textIgnoringCase
            default: throw failure("a text key's `case` is sensitive or insensitive")
            }
        case "number": kind = .number
        case "date": kind = .date(try reader.dateReading())
        default: throw failure("unknown sort key \"\(name)\" (text, number, date)")
        }
        let descending: Bool
        switch try reader.word("direction") {
        case "ascending": descending = false
        case "descending": descending = true
        default: throw failure("a key's `direction` is ascending or descending")
        }
        try reader.finish()
        return SortKey(column: column, kind: kind, descending: descending)
    }

    mutating func dateReading() throws(WinnowError) -> DateReading {
        let word = try self.word("order")
        guard let order = DateOrder(rawValue: word) else { throw failure("unknown date order \"\(word)\" (mdy, dmy, ymd, names)") }
        let pivot = try int("pivot")
        guard (0...99).contains(pivot) else { throw failure("`pivot` must be between 0 and 99") }
        return DateReading(order: order, pivot: pivot)
    }

    mutating func comparison() throws(WinnowError) -> Comparison {
        let text = try string("op")
        guard let comparison = Comparison(rawValue: text) else { throw failure("unknown comparison \"\(text)\"") }
        return comparison
    }

    func predicate(_ value: OperatorScanner.Value) throws(WinnowError) -> RowPredicate {
        if case .call("and", let arguments) = value {
            guard arguments.count == 2, arguments.allSatisfy(\.label.isEmpty) else { throw failure("`and` takes two tests") }
            return .both(try predicate(arguments[0].value), try predicate(arguments[1].value))
        }
        let (name, nestedReader) = try nested(value, "a row test such as empty(column: 0)")
        var reader = nestedReader
        let column = try reader.int("column")
        let made: RowPredicate
        switch name {
        case "empty": made = .isEmpty(column: column)
        case "contains": made = .contains(column: column, text: try reader.string("text"))
        case "starts-with": made = .startsWith(column: column, text: try reader.string("text"))
        case "ends-with": made = .endsWith(column: column, text: try reader.string("text"))
        case "one-of":
            let values = try reader.list("values").map { (value: OperatorScanner.Value) throws(WinnowError) -> String in
                guard case .string(let text) = value else { throw failure("`values` must hold quoted strings") }
                return text
            }
            made = .equalsOneOf(column: column, values: values)
        case "matches": made = .matches(column: column, cellClass: try reader.cellClass("class"))
        case "number":
            let comparison = try reader.comparison()
            made = .number(column: column, comparison, try reader.number("value"))
        case "date":
            let reading = try reader.dateReading()
            let comparison = try reader.comparison()
            let text = try reader.string("value")
            guard let date = Self.isoDate(text) else { throw failure("\"\(text)\" is not a date written YYYY-MM-DD") }
            made = .date(column: column, reading, comparison, date)
        default: throw failure("unknown row test \"\(name)\"")
        }
        try reader.finish()
        return made
    }

    mutating func number(_ label: String) throws(WinnowError) -> Double {
        switch try take(label) {
        case .int(let value): return Double(value)
        case .number(let value): return value
        default: throw failure("`\(label)` must be a number")
        }
    }

    /// `YYYY-MM-DD` as `CalendarDate.iso` prints it, for a date that exists.
    static func isoDate(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.unicodeScalars.allSatisfy(CharacterClassTest.isDigit) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    func finish() throws(WinnowError) {
        if next < arguments.count { throw failure("unexpected argument `\(arguments[next].label)`") }
    }
}

/// Splits an operator line into its name and labelled values.
private struct OperatorScanner {
    indirect enum Value: Equatable {
        case int(Int)
        /// A number with a fraction, `-12.5`.
        case number(Double)
        case string(String)
        case word(String)
        /// `[value, value]`.
        case list([Value])
        /// `name(label: value, …)`; an argument without a label (`containing("…")`, `and(…, …)`)
        /// has the empty label.
        case call(String, [Argument])
    }

    struct Argument: Equatable {
        var label: String
        var value: Value
    }

    let text: String
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
    }

    var atEnd: Bool { index == scalars.count }

    func failure(_ why: String) -> WinnowError { WinnowError(.badInput, "\(text): \(why)") }

    private static func isNameScalar(_ s: Unicode.Scalar) -> Bool { CharacterClassTest.isAlphanumeric(s) || s == "-" || s == "_" }

    /// An operator, label or value name: letters, digits, `-` and `_`.
    mutating func name() -> String {
        var out = String.UnicodeScalarView()
        while index < scalars.count, Self.isNameScalar(scalars[index]) {
            out.append(scalars[index])
            index += 1
        }
        return String(out)
    }

    private mutating func expect(_ literal: String) throws(WinnowError) {
        for scalar in literal.unicodeScalars {
            guard index < scalars.count, scalars[index] == scalar else { throw failure("expected \"\(literal)\"") }
            index += 1
        }
    }

    private func peek(_ scalar: Unicode.Scalar) -> Bool { index < scalars.count && scalars[index] == scalar }

    /// `(label: N`, the opening of a step whose first argument is a whole number.
    mutating func leadingInt(_ label: String) throws(WinnowError) -> Int {
        try expect("(")
        guard name() == label else { throw failure("expected argument `\(label)`") }
        try expect(": ")
        guard case .int(let value) = try value() else { throw failure("`\(label)` must be a whole number") }
        return value
    }

    mutating func expectText(_ literal: String) throws(WinnowError) { try expect(literal) }

    /// The rest of the line but its closing parenthesis, which must close the call: parentheses
    /// outside quoted strings balance in between.
    mutating func balancedRemainder() throws(WinnowError) -> String {
        guard scalars.count > index, scalars[scalars.count - 1] == ")" else { throw failure("expected \")\" at the end") }
        let body = scalars[index..<(scalars.count - 1)]
        var depth = 0
        var quoted = false
        var escaped = false
        for scalar in body {
            if quoted {
                if escaped { escaped = false } else if scalar == "\\" { escaped = true } else if scalar == "\"" { quoted = false }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case "(": depth += 1
            case ")":
                depth -= 1
                guard depth >= 0 else { throw failure("unexpected text after the closing parenthesis") }
            default: break
            }
        }
        guard depth == 0, !quoted else { throw failure("the program's parentheses or quotes are not closed") }
        index = scalars.count
        var out = String.UnicodeScalarView()
        out.append(contentsOf: body)
        return String(out)
    }

    /// `(label: value, label: value)`, as `description` spaces it.
    mutating func arguments() throws(WinnowError) -> [Argument] {
        try expect("(")
        return try items(until: ")") { scanner throws(WinnowError) in
            let label = scanner.name()
            guard !label.isEmpty else { throw scanner.failure("expected an argument name") }
            try scanner.expect(": ")
            return Argument(label: label, value: try scanner.value())
        }
    }

    /// Items separated by `, ` up to `close`, which it consumes; the opening bracket is the caller's.
    private mutating func items<Item>(
        until close: Unicode.Scalar, _ item: (inout OperatorScanner) throws(WinnowError) -> Item
    ) throws(WinnowError) -> [Item] {
        var out: [Item] = []
        while !peek(close) {
            if !out.isEmpty { try expect(", ") }
            out.append(try item(&self))
        }
        try expect(String(close))
        return out
    }

    private mutating func value() throws(WinnowError) -> Value {
        guard index < scalars.count else { throw failure("a value is missing") }
        if peek("\"") { return .string(try quotedString()) }
        if peek("-") || CharacterClassTest.isDigit(scalars[index]) {
            var digits = String.UnicodeScalarView()
            if peek("-") {
                digits.append("-")
                index += 1
            }
            while index < scalars.count, CharacterClassTest.isDigit(scalars[index]) {
                digits.append(scalars[index])
                index += 1
            }
            if peek("."), index + 1 < scalars.count, CharacterClassTest.isDigit(scalars[index + 1]) {
                digits.append(".")
                index += 1
                while index < scalars.count, CharacterClassTest.isDigit(scalars[index]) {
                    digits.append(scalars[index])
                    index += 1
                }
                guard let number = Double(String(digits)), number.isFinite else { throw failure("\"\(String(digits))\" is not a number") }
                return .number(number)
            }
            if let number = Int(String(digits)) { return .int(number) }
            // Too long for an Int: a whole-number constant of a row test, read as a double.
            guard let number = Double(String(digits)), number.isFinite else { throw failure("\"\(String(digits))\" is not a whole number") }
            return .number(number)
        }
        if peek("[") {
            index += 1
            return .list(try items(until: "]") { scanner throws(WinnowError) in try scanner.value() })
        }
        let word = name()
        guard !word.isEmpty else { throw failure("expected a value") }
        if peek("(") {
            index += 1
            return .call(word, try items(until: ")") { scanner throws(WinnowError) in try scanner.argument() })
        }
        return .word(word)
    }

    /// `label: value`, or a value alone inside a nested call.
    private mutating func argument() throws(WinnowError) -> Argument {
        let start = index
        let label = name()
        if !label.isEmpty, peek(":") {
            try expect(": ")
            return Argument(label: label, value: try value())
        }
        index = start
        return Argument(label: "", value: try value())
    }

    /// The inverse of `quoted`: `\"`, `\\`, `\n`, `\r` and `\t` are the only escapes it writes.
    private mutating func quotedString() throws(WinnowError) -> String {
        try expect("\"")
        var out = String.UnicodeScalarView()
        while true {
            guard index < scalars.count else { throw failure("unterminated string") }
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\"": return String(out)
            case "\\":
                guard index < scalars.count else { throw failure("unterminated string") }
                let escaped = scalars[index]
                index += 1
                switch escaped {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                default: throw failure("unknown escape \\\(escaped) in a string")
                }
            default: out.append(scalar)
            }
        }
    }
}
