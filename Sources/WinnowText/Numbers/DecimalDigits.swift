/// A finite `Double` as the decimal digits of its shortest round-trip text, so that numbers print
/// from decimal digits rather than from binary fractions.
///
/// Swift's `description` and Python's `repr` both print the shortest text that reads back as the
/// same double, so both languages start from the same digits; rounding then works on those digits
/// (half away from zero, "round half up" on the magnitude), which is why `2.675` prints as `2.68` on
/// both sides instead of the `2.67` its binary value would give.
///
/// The digits sit inline (a double's shortest text has at most 17 significant digits): printing a
/// number is the inner loop of an `--apply`, and the arrays this used to build were most of its cost.
struct DecimalDigits: Sendable {
    var negative: Bool
    /// Significant digits, most significant first, without leading or trailing zeros; the first
    /// `count` are used, and none for zero.
    private(set) var digits: InlineArray<17, UInt8>
    private(set) var count: Int
    /// The value is `digits × 10^exponent`.
    var exponent: Int

    /// From significant digits already stripped of leading and trailing zeros (at most 17).
    init(negative: Bool, digits: InlineArray<17, UInt8>, count: Int, exponent: Int) {
        self.negative = negative
        self.digits = digits
        self.count = count
        self.exponent = count == 0 ? 0 : exponent
    }

    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        var digits = InlineArray<17, UInt8>(repeating: 0)
        var count = 0
        var fractionDigits = 0
        var afterPoint = false
        var inExponent = false
        var exponentNegative = false
        var written = 0
        var zerosPending = 0
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
                // Leading zeros carry no digit; trailing ones are held back until a digit follows.
                if byte == UInt8(ascii: "0") {
                    if count > 0 { zerosPending += 1 }
                } else {
                    for _ in 0..<zerosPending {
                        digits[count] = 0
                        count += 1
                    }
                    zerosPending = 0
                    digits[count] = byte - 48
                    count += 1
                }
            }
        }
        let exponent = (exponentNegative ? -written : written) - fractionDigits + zerosPending
        self.init(negative: value < 0, digits: digits, count: count, exponent: exponent)
    }

    var isZero: Bool { count == 0 }

    /// The power of ten of the leading digit; meaningless for zero.
    var leadingPower: Int { exponent + count - 1 }

    /// The digit at the given power of ten (0 outside the significant digits).
    func digit(atPower power: Int) -> UInt8 {
        let index = leadingPower - power
        return index >= 0 && index < count ? digits[index] : 0
    }

    /// Digits in the integer part as printed: at least one (`0.5` prints `0`).
    var integerDigits: Int { isZero ? 1 : max(1, leadingPower + 1) }

    /// Digits after the point as printed without rounding: none of them trailing zeros.
    var fractionDigits: Int { max(0, -exponent) }

    /// The same number rounded half up on the magnitude to `decimals` places after the point.
    func rounded(toDecimals decimals: Int) -> DecimalDigits {
        let kept = count - (-decimals - exponent)
        guard kept < count else { return self }
        // Every digit is dropped: the first dropped one is the leading digit, or a zero before it.
        guard kept >= 0 else { return DecimalDigits(negative: negative, digits: digits, count: 0, exponent: 0) }
        var out = digits
        var n = kept
        var power = -decimals
        if digits[kept] >= 5 {
            var i = kept - 1
            while i >= 0, out[i] == 9 { i -= 1 }
            if i < 0 {
                // All nines (or nothing) carry into a new leading 1.
                out[0] = 1
                return DecimalDigits(negative: negative, digits: out, count: 1, exponent: -decimals + kept)
            }
            out[i] += 1
            power += kept - 1 - i
            n = i + 1
        }
        while n > 0, out[n - 1] == 0 {
            n -= 1
            power += 1
        }
        return DecimalDigits(negative: negative, digits: out, count: n, exponent: power)
    }

    /// A constant as plain decimal text (`0.00001`, never `1e-05`), for printed programs.
    static func plain(_ value: Double) -> String {
        guard let decimal = DecimalDigits(value) else { return value.description }
        var text = decimal.negative && !decimal.isZero ? "-" : ""
        for power in stride(from: decimal.integerDigits - 1, through: 0, by: -1) { text += String(decimal.digit(atPower: power)) }
        if decimal.fractionDigits > 0 {
            text += "."
            for power in 1...decimal.fractionDigits { text += String(decimal.digit(atPower: -power)) }
        }
        return text
    }
}
