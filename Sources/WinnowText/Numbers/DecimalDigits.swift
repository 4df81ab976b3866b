/// A finite `Double` as the decimal digits of its shortest round-trip text, so that numbers print
/// from decimal digits rather than from binary fractions.
///
/// Swift's `description` and Python's `repr` both print the shortest text that reads back as the
/// same double, so both languages start from the same digits; rounding then works on those digits
/// (half away from zero, "round half up" on the magnitude), which is why `2.675` prints as `2.68` on
/// both sides instead of the `2.67` its binary value would give.
struct DecimalDigits: Hashable, Sendable {
    var negative: Bool
    /// Significant digits without leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    /// The value is `digits × 10^exponent`.
    var exponent: Int

    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        negative = value < 0
        let text = Array(value.magnitude.description.unicodeScalars)
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var afterPoint = false
        var i = 0
        while i < text.count, text[i] != "e" {
            if text[i] == "." {
                afterPoint = true
            } else {
                mantissa.append(UInt8(text[i].value - 48))
                if afterPoint { fractionDigits += 1 }
            }
            i += 1
        }
        var exponent = 0
        if i < text.count { exponent = Int(String(String.UnicodeScalarView(text[(i + 1)...]))) ?? 0 }
        exponent -= fractionDigits
        let firstNonZero = mantissa.firstIndex { $0 != 0 } ?? mantissa.count
        mantissa.removeFirst(firstNonZero)
        while let last = mantissa.last, last == 0 {
            mantissa.removeLast()
            exponent += 1
        }
        digits = mantissa
        self.exponent = mantissa.isEmpty ? 0 : exponent
    }

    /// The integer and fraction digits exactly, without trailing zeros in the fraction.
    var shortest: (integer: [UInt8], fraction: [UInt8]) {
        if exponent >= 0 { return (digits.isEmpty ? [0] : digits + Array(repeating: 0, count: exponent), []) }
        let fractionCount = -exponent
        let padded = Array(repeating: UInt8(0), count: max(0, fractionCount + 1 - digits.count)) + digits
        return (Array(padded[..<(padded.count - fractionCount)]), Array(padded[(padded.count - fractionCount)...]))
    }

    /// The integer and exactly `decimals` fraction digits, rounded half up on the magnitude.
    func fixed(_ decimals: Int) -> (integer: [UInt8], fraction: [UInt8]) {
        var scaled: [UInt8]
        let shift = exponent + decimals
        if shift >= 0 {
            scaled = digits + Array(repeating: 0, count: shift)
        } else {
            let dropped = -shift
            if dropped > digits.count {
                scaled = []
            } else {
                scaled = Array(digits[..<(digits.count - dropped)])
                if digits[digits.count - dropped] >= 5 { Self.increment(&scaled) }
            }
        }
        let padded = Array(repeating: UInt8(0), count: max(0, decimals + 1 - scaled.count)) + scaled
        var integer = Array(padded[..<(padded.count - decimals)])
        let firstNonZero = integer.firstIndex { $0 != 0 } ?? (integer.count - 1)
        integer.removeFirst(min(firstNonZero, integer.count - 1))
        return (integer, Array(padded[(padded.count - decimals)...]))
    }

    private static func increment(_ number: inout [UInt8]) {
        var i = number.count - 1
        while i >= 0 {
            if number[i] < 9 {
                number[i] += 1
                return
            }
            number[i] = 0
            i -= 1
        }
        number.insert(1, at: 0)
    }

    /// A constant as plain decimal text (`0.00001`, never `1e-05`), for printed programs.
    static func plain(_ value: Double) -> String {
        guard let decimal = DecimalDigits(value) else { return value.description }
        let (integer, fraction) = decimal.shortest
        let text = integer.map(String.init).joined() + (fraction.isEmpty ? "" : "." + fraction.map(String.init).joined())
        return (decimal.negative && !decimal.digits.isEmpty ? "-" : "") + text
    }
}
