import WinnowCore

/// How a number is printed: learned from the text an example shows, so `3`, `3.0`, `003`, `$1,234.50`
/// and `12.5%` each come out the way the example writes them.
///
/// Digits come from the shortest round-trip text of the value (see `DecimalDigits`), rounded half up
/// on the magnitude to `decimals` places, so Swift and the exported Python print the same text.
public struct NumberFormat: Hashable, Sendable {
    /// Fraction digits; `nil` prints the value's own digits with no trailing zeros (`3`, `2.5`).
    public var decimals: Int?
    /// The thousands separator, or `nil` for none.
    public var thousands: Unicode.Scalar?
    /// The decimal mark: `.` or `,`.
    public var point: Unicode.Scalar
    /// The integer part is padded with zeros to at least this many digits.
    public var width: Int
    public var sign: NumberSign
    /// A currency symbol and where it goes, or `nil`.
    public var currency: Unicode.Scalar?
    public var currencyPlace: CurrencyPlace
    /// Printed as a percentage: the value × 100 followed by `%` (0.125 → `12.5%`).
    public var percent: Bool

    public init(
        decimals: Int? = nil, thousands: Unicode.Scalar? = nil, point: Unicode.Scalar = ".", width: Int = 0,
        sign: NumberSign = .minus, currency: Unicode.Scalar? = nil, currencyPlace: CurrencyPlace = .before,
        percent: Bool = false
    ) {
        self.decimals = decimals
        self.thousands = thousands
        self.point = point
        self.width = width
        self.sign = sign
        self.currency = currency
        self.currencyPlace = currencyPlace
        self.percent = percent
    }

    /// The value's own digits, as a plain cell shows a number.
    public static let plain = NumberFormat()

    /// A copy with one choice changed.
    func with(_ change: (inout NumberFormat) -> Void) -> NumberFormat {
        var copy = self
        change(&copy)
        return copy
    }

    /// The printed number, or `nil` when the value is not finite.
    public func render(_ value: Double) -> String? {
        DecimalDigits(value).map(render)
    }

    /// The printed number from its decimal digits: a number read from a cell with few enough digits
    /// comes here without a round trip through `Double` (`NumberCell.decimal`).
    func render(_ number: DecimalDigits) -> String {
        var decimal = number
        if percent, !decimal.isZero { decimal.exponent += 2 }
        if let decimals { decimal = decimal.rounded(toDecimals: decimals) }
        let fractionCount = decimals ?? decimal.fractionDigits
        let integerCount = decimal.integerDigits
        let negative = decimal.negative && !decimal.isZero
        let width = max(integerCount, self.width)
        // Written straight into the string's UTF-8: printing a number is the inner loop of an `--apply`.
        return String.utf8(capacity: (width * 2 + fractionCount + 8) * 4) { buffer in
            var n = 0
            func put(_ scalar: Unicode.Scalar) {
                if scalar.isASCII {
                    buffer[n] = UInt8(truncatingIfNeeded: scalar.value)
                    n += 1
                    return
                }
                for byte in scalar.utf8 {
                    buffer[n] = byte
                    n += 1
                }
            }
            switch sign {
            case .minus: if negative { put("-") }
            case .plus: put(negative ? "-" : "+")
            case .parentheses: if negative { put("(") }
            }
            if let currency, currencyPlace == .before { put(currency) }
            for i in 0..<width {
                if let thousands, i > 0, (width - i) % 3 == 0 { put(thousands) }
                buffer[n] = decimal.digit(atPower: width - 1 - i) + 48
                n += 1
            }
            if fractionCount > 0 {
                put(point)
                for power in 1...fractionCount {
                    buffer[n] = decimal.digit(atPower: -power) + 48
                    n += 1
                }
            }
            if percent { put("%") }
            if let currency {
                switch currencyPlace {
                case .before: break
                case .after: put(currency)
                case .afterSpace:
                    put(" ")
                    put(currency)
                }
            }
            if sign == .parentheses, negative { put(")") }
            return n
        }
    }

    /// An amount printed with a currency symbol or thousands separators is a display format, and
    /// display formats keep a fixed number of decimals (`$64,988.70`, never `$64,988.7`): there,
    /// `shortest` costs more than fixed decimals instead of less.
    public var cost: Double {
        var total = 0.0
        let display = currency != nil || thousands != nil
        if display { total += decimals == nil ? 0.2 : 0 } else if decimals != nil { total += 0.1 }
        if thousands != nil { total += 0.2 }
        if point != "." { total += 0.3 }
        if width > 0 { total += 0.3 }
        if sign != .minus { total += 0.3 }
        if currency != nil { total += 0.3 }
        if percent { total += 0.3 }
        return total
    }

    /// A Python expression printing the number held by the Python expression `value`.
    public func python(_ value: String) -> String {
        let decimals = self.decimals.map(String.init) ?? "None"
        let thousands = self.thousands.map { pythonString(String($0)) } ?? "''"
        let currency = self.currency.map { pythonString(String($0)) } ?? "''"
        return "_fmt_num(\(value), \(decimals), \(thousands), \(pythonString(String(point))), \(width), "
            + "\(pythonString(sign.rawValue)), \(currency), \(pythonString(currencyPlace.rawValue)), \(percent ? "True" : "False"))"
    }
}

/// How the sign of a number is printed.
public enum NumberSign: String, Hashable, Sendable, CaseIterable {
    /// `-5`, `5`
    case minus
    /// `-5`, `+5`
    case plus
    /// `(5)`, `5`: accountants' negatives.
    case parentheses
}

/// Where a currency symbol goes.
public enum CurrencyPlace: String, Hashable, Sendable, CaseIterable {
    /// `$5`
    case before
    /// `5€`
    case after
    /// `5 €`
    case afterSpace
}

extension NumberFormat: CustomStringConvertible {
    /// `style(decimals: 2, thousands: ",")`: only the choices that differ from a plain number.
    public var description: String {
        var arguments = ["decimals: \(decimals.map(String.init) ?? "shortest")"]
        if let thousands { arguments.append("thousands: \(quotedText(String(thousands)))") }
        if point != "." { arguments.append("point: \(quotedText(String(point)))") }
        if width > 0 { arguments.append("width: \(width)") }
        if sign != .minus { arguments.append("sign: \(sign.rawValue)") }
        if let currency {
            arguments.append("currency: \(quotedText(String(currency)))")
            if currencyPlace != .before { arguments.append("place: \(currencyPlace.rawValue)") }
        }
        if percent { arguments.append("percent: true") }
        return "style(\(arguments.joined(separator: ", ")))"
    }
}

extension NumberFormat {
    /// Reads the text `description` prints.
    public init(parsing text: String) throws(CallSyntaxError) {
        try self.init(call: try CallScanner.call(text))
    }

    public init(call: Call) throws(CallSyntaxError) {
        var arguments = try CallArguments(call, name: "style")
        self.init()
        let decimals = try arguments.required("decimals")
        if case .word("shortest") = decimals {
            self.decimals = nil
        } else {
            let places = try decimals.integer()
            guard (0...Self.maxDecimals).contains(places) else {
                throw CallSyntaxError("decimals must be between 0 and \(Self.maxDecimals)")
            }
            self.decimals = places
        }
        if let value = arguments.optional("thousands") { thousands = try Self.scalar(value, from: Self.separators) }
        if let value = arguments.optional("point") { point = try Self.scalar(value, from: [".", ","]) }
        if let value = arguments.optional("width") {
            width = try value.integer()
            guard (0...Self.maxWidth).contains(width) else { throw CallSyntaxError("width must be between 0 and \(Self.maxWidth)") }
        }
        if let value = arguments.optional("sign") { sign = try value.choice(NumberSign.self) }
        if let value = arguments.optional("currency") { currency = try Self.scalar(value, from: NumberCell.currencySymbols) }
        if let value = arguments.optional("place") {
            guard currency != nil else { throw CallSyntaxError("place: needs currency:") }
            currencyPlace = try value.choice(CurrencyPlace.self)
        }
        if let value = arguments.optional("percent") {
            switch try value.word() {
            case "true": percent = true
            case "false": percent = false
            default: throw CallSyntaxError("percent: must be true or false")
            }
        }
        try arguments.finish()
        if let thousands, thousands == point { throw CallSyntaxError("the thousands separator and the decimal mark must differ") }
    }

    static let maxDecimals = 20
    static let maxWidth = 30
    static let separators: Set<Unicode.Scalar> = [",", ".", " ", "'"]

    private static func scalar(_ value: CallValue, from allowed: Set<Unicode.Scalar>) throws(CallSyntaxError) -> Unicode.Scalar {
        let text = try value.string()
        guard text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first, allowed.contains(scalar) else {
            let names = allowed.map { quotedText(String($0)) }.sorted().joined(separator: ", ")
            throw CallSyntaxError("\(quotedText(text)) is not one of \(names)")
        }
        return scalar
    }
}
