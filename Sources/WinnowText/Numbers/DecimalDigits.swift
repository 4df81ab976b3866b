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
        var mantissa: [UInt8] = []
        mantissa.reserveCapacity(20)
        var fractionDigits = 0
        var afterPoint = false
        var inExponent = false
        var exponentNegative = false
        var written = 0
        for byte in value.magnitude.description.utf8 {
            if inExponent {
                if byte == UInt8(ascii: "-") {
                    exponentNegative = true
                } else if byte != UInt8(ascii: "+") {
                    written = written * 10 + Int(byte - 48)
                }
            } else if byte == UInt8(ascii: "e") {
                inExponent = true
            } else if byte == UInt8(ascii: ".") {
                afterPoint = true
            } else {
                if afterPoint { fractionDigits += 1 }
                // Leading zeros carry no digit; the fraction count above still places the rest.
                if !(mantissa.isEmpty && byte == UInt8(ascii: "0")) { mantissa.append(byte - 48) }
            }
        }
        var exponent = (exponentNegative ? -written : written) - fractionDigits
        while let last = mantissa.last, last == 0 {
            mantissa.removeLast()
            exponent += 1
        }
        digits = mantissa
        self.exponent = mantissa.isEmpty ? 0 : exponent
    }

    /// The number's digits as one run and how many of them are the fraction, exactly, without
    /// trailing zeros in the fraction; the integer part is at least one digit (`0.5` is `05`, 1).
    var shortest: (digits: [UInt8], fraction: Int) {
        let fraction = max(0, -exponent)
        var out: [UInt8] = []
        out.reserveCapacity(max(digits.count, fraction + 1) + max(0, exponent))
        out.append(contentsOf: repeatElement(0, count: max(0, fraction + 1 - digits.count)))
        out += digits
        if exponent > 0 { out.append(contentsOf: repeatElement(0, count: exponent)) }
        return (out, fraction)
    }

    /// The same with exactly `decimals` fraction digits, rounded half up on the magnitude; no
    /// leading zeros in the integer part beyond one.
    func fixed(_ decimals: Int) -> (digits: [UInt8], fraction: Int) {
        var scaled: [UInt8] = []
        let shift = exponent + decimals
        if shift >= 0 {
            scaled.reserveCapacity(digits.count + shift + 1)
            scaled += digits
            scaled.append(contentsOf: repeatElement(0, count: shift))
        } else {
            let dropped = -shift
            if dropped <= digits.count {
                scaled += digits[..<(digits.count - dropped)]
                if digits[digits.count - dropped] >= 5 { Self.increment(&scaled) }
            }
        }
        if scaled.count < decimals + 1 { scaled.insert(contentsOf: repeatElement(0, count: decimals + 1 - scaled.count), at: 0) }
        let leading = scaled.prefix(scaled.count - decimals - 1).prefix { $0 == 0 }.count
        if leading > 0 { scaled.removeFirst(leading) }
        return (scaled, decimals)
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
        let (digits, fraction) = decimal.shortest
        let integer = digits.prefix(digits.count - fraction).map(String.init).joined()
        let text = integer + (fraction == 0 ? "" : "." + digits.suffix(fraction).map(String.init).joined())
        return (decimal.negative && !decimal.digits.isEmpty ? "-" : "") + text
    }
}
