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
        switch try take(label) {
        case .word("digits"): return .digits
        case .word("letters"): return .letters
        case .word("alphanumeric"): return .alphanumeric
        case .word("date"): return .date
        case .containing(let text): return .containing(text)
        default: throw failure("`\(label)` must be digits, letters, alphanumeric, date or containing(\"…\")")
        }
    }

    func finish() throws(WinnowError) {
        if next < arguments.count { throw failure("unexpected argument `\(arguments[next].label)`") }
    }
}

/// Splits an operator line into its name and labelled values.
private struct OperatorScanner {
    enum Value: Equatable {
        case int(Int)
        case string(String)
        case word(String)
        /// `containing("…")`, the one value that is itself a call.
        case containing(String)
    }

    struct Argument {
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
        var out: [Argument] = []
        while !peek(")") {
            if !out.isEmpty { try expect(", ") }
            let label = name()
            guard !label.isEmpty else { throw failure("expected an argument name") }
            try expect(": ")
            out.append(Argument(label: label, value: try value()))
        }
        try expect(")")
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
            guard let number = Int(String(digits)) else { throw failure("\"\(String(digits))\" is not a whole number") }
            return .int(number)
        }
        let word = name()
        guard !word.isEmpty else { throw failure("expected a value") }
        if word == "containing", peek("(") {
            index += 1
            let text = try quotedString()
            try expect(")")
            return .containing(text)
        }
        return .word(word)
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
