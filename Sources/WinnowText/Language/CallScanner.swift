/// The `name(label: value, ...)` notation printed programs use, read back.
///
/// Every printed part, term and format follows one convention so that one scanner reads them all:
/// a value is an integer or decimal (`-3`, `0.25`, `1e-05`), a quoted string escaped as `quotedText` escapes it,
/// a bare word (`mdy`, `start`), or a nested call of the same form. Labels are optional so that
/// unlabeled operands (`format(number(column: 0), style(decimals: 2))`) read too.
public struct Call: Hashable, Sendable {
    public var name: String
    public var arguments: [CallArgument]

    public init(name: String, arguments: [CallArgument]) {
        self.name = name
        self.arguments = arguments
    }
}

/// One argument of a call, with its label when it has one.
public struct CallArgument: Hashable, Sendable {
    public var label: String?
    public var value: CallValue

    public init(label: String?, value: CallValue) {
        self.label = label
        self.value = value
    }
}

/// A value in the call notation.
public indirect enum CallValue: Hashable, Sendable {
    /// A number as written, so that integers and decimals keep their exact digits.
    case number(String)
    case text(String)
    case word(String)
    case call(Call)
}

/// Why printed text does not read back.
public struct CallSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// A cursor over printed text that reads values and calls; callers that embed calls in a larger
/// grammar read from `index` on and continue where it stops.
public struct CallScanner: Sendable {
    public let scalars: [Unicode.Scalar]
    public var index: Int

    public init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        index = 0
    }

    /// The whole text as one call, with nothing but spaces around it.
    public static func call(_ text: String) throws(CallSyntaxError) -> Call {
        var scanner = CallScanner(text)
        let value = try scanner.value()
        scanner.skipSpaces()
        guard scanner.index == scanner.scalars.count else { throw CallSyntaxError("unexpected text after the call in \(quotedText(text))") }
        guard case .call(let call) = value else { throw CallSyntaxError("expected a call, found \(quotedText(text))") }
        return call
    }

    public mutating func skipSpaces() {
        while index < scalars.count, scalars[index] == " " { index += 1 }
    }

    /// The next value: a number, a string, a word, or a call when a word is followed by `(`.
    public mutating func value() throws(CallSyntaxError) -> CallValue {
        skipSpaces()
        guard index < scalars.count else { throw CallSyntaxError("expected a value at the end of the text") }
        let c = scalars[index]
        if c == "\"" { return .text(try string()) }
        if c == "-" || Self.isDigit(c) { return .number(try number()) }
        guard Self.isWordStart(c) else { throw CallSyntaxError("unexpected character \(quotedText(String(c))) at offset \(index)") }
        let name = word()
        skipSpaces()
        guard index < scalars.count, scalars[index] == "(" else { return .word(name) }
        index += 1
        var arguments: [CallArgument] = []
        skipSpaces()
        if index < scalars.count, scalars[index] == ")" {
            index += 1
            return .call(Call(name: name, arguments: arguments))
        }
        while true {
            arguments.append(try argument())
            skipSpaces()
            guard index < scalars.count else { throw CallSyntaxError("unclosed call \(name)(") }
            if scalars[index] == ")" {
                index += 1
                return .call(Call(name: name, arguments: arguments))
            }
            guard scalars[index] == "," else { throw CallSyntaxError("expected \",\" or \")\" at offset \(index)") }
            index += 1
        }
    }

    private mutating func argument() throws(CallSyntaxError) -> CallArgument {
        skipSpaces()
        let start = index
        if index < scalars.count, Self.isWordStart(scalars[index]) {
            let label = word()
            skipSpaces()
            if index < scalars.count, scalars[index] == ":" {
                index += 1
                return CallArgument(label: label, value: try value())
            }
        }
        index = start
        return CallArgument(label: nil, value: try value())
    }

    private mutating func word() -> String {
        var out = String.UnicodeScalarView()
        while index < scalars.count, Self.isWordStart(scalars[index]) || Self.isDigit(scalars[index]) || scalars[index] == "-" {
            out.append(scalars[index])
            index += 1
        }
        return String(out)
    }

    private mutating func number() throws(CallSyntaxError) -> String {
        var out = String.UnicodeScalarView()
        if scalars[index] == "-" {
            out.append("-")
            index += 1
        }
        var digits = 0
        var point = false
        while index < scalars.count {
            let c = scalars[index]
            if Self.isDigit(c) {
                digits += 1
            } else if c == ".", !point, index + 1 < scalars.count, Self.isDigit(scalars[index + 1]) {
                point = true
            } else {
                break
            }
            out.append(c)
            index += 1
        }
        guard digits > 0 else { throw CallSyntaxError("expected digits at offset \(index)") }
        // An exponent, as Swift prints very large or small doubles (`1e-05`, `1.5e+20`).
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            var end = index + 1
            if end < scalars.count, scalars[end] == "+" || scalars[end] == "-" { end += 1 }
            if end < scalars.count, Self.isDigit(scalars[end]) {
                while end < scalars.count, Self.isDigit(scalars[end]) { end += 1 }
                out.append(contentsOf: scalars[index..<end])
                index = end
            }
        }
        return String(out)
    }

    private mutating func string() throws(CallSyntaxError) -> String {
        index += 1
        var out = String.UnicodeScalarView()
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            if c == "\"" { return String(out) }
            guard c == "\\" else {
                out.append(c)
                continue
            }
            guard index < scalars.count else { break }
            let escaped = scalars[index]
            index += 1
            switch escaped {
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "\"", "\\": out.append(escaped)
            case "u":
                guard let scalar = Self.unicodeEscape(in: scalars, at: &index) else {
                    throw CallSyntaxError("malformed \\u{hex} escape in a string")
                }
                out.append(scalar)
            default: throw CallSyntaxError("unknown escape \\\(escaped) in a string")
            }
        }
        throw CallSyntaxError("unterminated string")
    }

    /// The `{hex}` after `\u` at `index`, as `quotedText` writes it, moving `index` past it; `nil`
    /// when it is not one to six hex digits naming a scalar.
    static func unicodeEscape(in scalars: [Unicode.Scalar], at index: inout Int) -> Unicode.Scalar? {
        guard index < scalars.count, scalars[index] == "{", let close = scalars[index...].firstIndex(of: "}"),
            (1...6).contains(close - index - 1),
            let value = UInt32(String(String.UnicodeScalarView(scalars[(index + 1)..<close])), radix: 16),
            let scalar = Unicode.Scalar(value)
        else { return nil }
        index = close + 1
        return scalar
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    static func isWordStart(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) || c == "_"
    }
}

/// Reads a call's arguments by label, and fails on any argument left unread, so a typo in a printed
/// program is an error rather than a silently dropped option.
public struct CallArguments {
    public let call: Call
    private var used: Set<Int> = []
    private var nextPositional = 0

    public init(_ call: Call, name: String) throws(CallSyntaxError) {
        guard call.name == name else { throw CallSyntaxError("expected \(name)(...), found \(call.name)(...)") }
        self.call = call
    }

    /// The argument with this label, or `nil` when absent.
    public mutating func optional(_ label: String) -> CallValue? {
        guard let i = call.arguments.indices.first(where: { call.arguments[$0].label == label && !used.contains($0) }) else { return nil }
        used.insert(i)
        return call.arguments[i].value
    }

    public mutating func required(_ label: String) throws(CallSyntaxError) -> CallValue {
        guard let value = optional(label) else { throw CallSyntaxError("\(call.name)(...) needs \(label):") }
        return value
    }

    /// The next unlabeled argument.
    public mutating func positional() throws(CallSyntaxError) -> CallValue {
        while nextPositional < call.arguments.count {
            let i = nextPositional
            nextPositional += 1
            if call.arguments[i].label == nil, !used.contains(i) {
                used.insert(i)
                return call.arguments[i].value
            }
        }
        throw CallSyntaxError("\(call.name)(...) is missing an operand")
    }

    /// Fails when an argument was never read.
    public func finish() throws(CallSyntaxError) {
        for i in call.arguments.indices where !used.contains(i) {
            throw CallSyntaxError("\(call.name)(...) has an unexpected argument \(call.arguments[i].label.map { "\($0):" } ?? "")")
        }
    }
}

extension CallValue {
    public func integer() throws(CallSyntaxError) -> Int {
        guard case .number(let text) = self, let value = Int(text) else { throw CallSyntaxError("expected an integer, found \(self)") }
        return value
    }

    public func double() throws(CallSyntaxError) -> Double {
        guard case .number(let text) = self, let value = Double(text), value.isFinite else {
            throw CallSyntaxError("expected a number, found \(self)")
        }
        return value
    }

    public func string() throws(CallSyntaxError) -> String {
        guard case .text(let text) = self else { throw CallSyntaxError("expected a quoted string, found \(self)") }
        return text
    }

    public func word() throws(CallSyntaxError) -> String {
        guard case .word(let text) = self else { throw CallSyntaxError("expected a word, found \(self)") }
        return text
    }

    public func call() throws(CallSyntaxError) -> Call {
        guard case .call(let call) = self else { throw CallSyntaxError("expected a call, found \(self)") }
        return call
    }

    /// A word from a closed set, as an enum's raw value.
    public func choice<T: RawRepresentable & CaseIterable>(_: T.Type) throws(CallSyntaxError) -> T where T.RawValue == String {
        let text = try word()
        guard let value = T(rawValue: text) else {
            throw CallSyntaxError("\(text) is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}

extension CallValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .number(let text), .word(let text): text
        case .text(let text): quotedText(text)
        case .call(let call): call.description
        }
    }
}

extension Call: CustomStringConvertible {
    public var description: String {
        let arguments = self.arguments.map { ($0.label.map { "\($0): " } ?? "") + $0.value.description }
        return "\(name)(\(arguments.joined(separator: ", ")))"
    }
}
