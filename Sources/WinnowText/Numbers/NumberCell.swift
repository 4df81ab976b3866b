import WinnowCore

/// Reads the number a spreadsheet cell shows.
///
/// Accepted, around ASCII whitespace: a sign (`-`, `+`) or parentheses for a negative amount; one
/// currency symbol (`$ € £ ¥`) before the number (on either side of the sign) or after it, with or
/// without one space; digits with `.` as the decimal mark and `,` as the thousands separator in
/// groups of three (`1,234,567.5`); a trailing `%`, which divides by 100 (`12.5%` is 0.125) so
/// that arithmetic on percentages means what it says. Anything else (`1,5`, `1.234,5`, `12abc`, an
/// exponent, an empty cell) is not a number: the part that reads it is not applicable rather than
/// guessing. Python's `_num` in `ValueLearner.pythonPrelude` is the same scanner line for line.
enum NumberCell {
    static let currencySymbols: Set<Unicode.Scalar> = ["$", "€", "£", "¥"]

    /// `currencySymbols.contains(scalar)` without hashing: the reader asks twice per cell.
    static func isCurrency(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "$", "€", "£", "¥": true
        default: false
        }
    }

    static func parse(_ cell: String) -> Double? {
        // An ASCII cell is read on its bytes, as `CellPart` cuts one: this runs once per row of an
        // `--apply`, and decoding the cell into an array of scalars first was a good part of it.
        ASCIIScalars.reading(cell) { scan($0)?.value } ?? scan(Array(cell.unicodeScalars))?.value
    }

    /// The cell's number as the decimal digits `DecimalDigits(parse(cell))` would give, read
    /// straight from the cell's digits when it has at most 15 significant ones: a double holds any
    /// such decimal exactly enough that its shortest text is that decimal again, so the round trip
    /// through `Double` (a conversion each way) can be skipped. Longer digit runs take the round trip.
    static func decimal(_ cell: String) -> DecimalDigits? {
        ASCIIScalars.reading(cell) { scan($0)?.decimal } ?? scan(Array(cell.unicodeScalars))?.decimal
    }

    /// What a cell shows: its sign, its digits before the point (with `,` separators, already
    /// checked) and after it, and a trailing `%`. Reading the value is left to the caller, which may
    /// not need a `Double`.
    private struct Reading<Digits: Collection<Unicode.Scalar>> {
        var negative: Bool
        var integer: Digits
        var fraction: Digits
        var percent: Bool

        /// The value as `Double` reads the digits: the shortest text of the result is what every
        /// printed form of the number starts from.
        var value: Double? {
            let text = String.utf8(capacity: integer.count + fraction.count + 6) { buffer in
                var n = 0
                func put(_ byte: UInt8) {
                    buffer[n] = byte
                    n += 1
                }
                var integerDigits = 0
                for c in integer where c != "," {
                    put(UInt8(truncatingIfNeeded: c.value))
                    integerDigits += 1
                }
                if integerDigits == 0 { put(UInt8(ascii: "0")) }
                put(UInt8(ascii: "."))
                if fraction.isEmpty { put(UInt8(ascii: "0")) }
                for c in fraction { put(UInt8(truncatingIfNeeded: c.value)) }
                if percent {
                    put(UInt8(ascii: "e"))
                    put(UInt8(ascii: "-"))
                    put(UInt8(ascii: "2"))
                }
                return n
            }
            guard let value = Double(text), value.isFinite else { return nil }
            return negative ? -value : value
        }

        var decimal: DecimalDigits? {
            var digits = InlineArray<17, UInt8>(repeating: 0)
            var count = 0
            var zerosPending = 0
            func take(_ c: Unicode.Scalar) -> Bool {
                let digit = UInt8(truncatingIfNeeded: c.value) &- 48
                if digit == 0 {
                    if count > 0 { zerosPending += 1 }
                    return true
                }
                // Past 15 significant digits `Double` decides the digits.
                guard count + zerosPending < 15 else { return false }
                for _ in 0..<zerosPending {
                    digits[count] = 0
                    count += 1
                }
                zerosPending = 0
                digits[count] = digit
                count += 1
                return true
            }
            for c in integer where c != "," {
                guard take(c) else { return value.flatMap(DecimalDigits.init) }
            }
            for c in fraction {
                guard take(c) else { return value.flatMap(DecimalDigits.init) }
            }
            let exponent = zerosPending - fraction.count - (percent ? 2 : 0)
            // Near the ends of a double's range, too.
            guard exponent + count < 300, exponent > -300 else { return value.flatMap(DecimalDigits.init) }
            return DecimalDigits(negative: negative && count > 0, digits: digits, count: count, exponent: exponent)
        }
    }

    private static func scan<Cell: ScalarCell>(_ cell: Cell) -> Reading<Cell.SubSequence>? {
        var s = cell[...]
        while let first = s.first, TextToken.whitespace.contains(first) { s.removeFirst() }
        while let last = s.last, TextToken.whitespace.contains(last) { s.removeLast() }
        var parentheses = false
        if s.count >= 2, s.first == "(", s.last == ")" {
            parentheses = true
            s = s.dropFirst().dropLast()
        }
        var sign: Unicode.Scalar?
        var currency = false
        if let first = s.first, first == "-" || first == "+" {
            sign = first
            s.removeFirst()
        }
        if let first = s.first, isCurrency(first) {
            currency = true
            s.removeFirst()
        }
        if sign == nil, let first = s.first, first == "-" || first == "+" {
            sign = first
            s.removeFirst()
        }
        if !currency, let last = s.last, isCurrency(last) {
            currency = true
            s.removeLast()
            if s.last == " " { s.removeLast() }
        }
        var percent = false
        if s.last == "%" {
            percent = true
            s.removeLast()
        }
        guard !(parentheses && sign != nil), !(percent && currency), let (integer, fraction) = plainNumber(s) else {
            return nil
        }
        return Reading(negative: parentheses || sign == "-", integer: integer, fraction: fraction, percent: percent)
    }

    /// Digits with optional `,` groups of three and an optional `.` fraction, split at the point.
    private static func plainNumber<Span: RandomAccessCollection<Unicode.Scalar>>(_ s: Span) -> (Span, Span)?
    where Span.Index == Int, Span.SubSequence == Span {
        let point = s.firstIndex(of: ".")
        let integer = s[..<(point ?? s.endIndex)]
        let fraction = point.map { s[($0 + 1)...] } ?? s[s.endIndex...]
        guard fraction.allSatisfy(TextToken.digits.contains) else { return nil }
        var group = 0
        var grouped = false
        var integerDigits = 0
        for c in integer {
            if c == "," {
                guard grouped ? group == 3 : (1...3).contains(group) else { return nil }
                grouped = true
                group = 0
            } else {
                guard TextToken.digits.contains(c) else { return nil }
                group += 1
                integerDigits += 1
            }
        }
        guard !grouped || group == 3 else { return nil }
        guard integerDigits > 0 || !fraction.isEmpty else { return nil }
        return (integer, fraction)
    }
}
