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

    static func parse(_ cell: String) -> Double? {
        // An ASCII cell is read on its bytes, as `CellPart` cuts one: this runs once per row of an
        // `--apply`, and decoding the cell into an array of scalars first was a good part of it.
        ASCIIScalars.reading(cell) { parse(scalars: $0) } ?? parse(scalars: Array(cell.unicodeScalars))
    }

    private static func parse<Cell: ScalarCell>(scalars cell: Cell) -> Double? {
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
        if let first = s.first, currencySymbols.contains(first) {
            currency = true
            s.removeFirst()
        }
        if sign == nil, let first = s.first, first == "-" || first == "+" {
            sign = first
            s.removeFirst()
        }
        if !currency, let last = s.last, currencySymbols.contains(last) {
            currency = true
            s.removeLast()
            if s.last == " " { s.removeLast() }
        }
        var percent = false
        if s.last == "%" {
            percent = true
            s.removeLast()
        }
        guard !(parentheses && sign != nil), !(percent && currency), let magnitude = plainNumber(s, percent: percent) else {
            return nil
        }
        return parentheses || sign == "-" ? -magnitude : magnitude
    }

    /// Digits with optional `,` groups of three and an optional `.` fraction, as a double. Checked and
    /// copied in one pass into the text `Double` reads: this runs once per row of an `--apply`.
    private static func plainNumber<Span: RandomAccessCollection<Unicode.Scalar>>(_ s: Span, percent: Bool) -> Double? where Span.Index == Int {
        let point = s.firstIndex(of: ".")
        let integer = s[..<(point ?? s.endIndex)]
        let fraction = point.map { s[($0 + 1)...] } ?? s[s.endIndex...]
        guard fraction.allSatisfy(TextToken.digits.contains) else { return nil }
        var group = 0
        var grouped = false
        for c in integer {
            if c == "," {
                guard grouped ? group == 3 : (1...3).contains(group) else { return nil }
                grouped = true
                group = 0
            } else {
                guard TextToken.digits.contains(c) else { return nil }
                group += 1
            }
        }
        guard !grouped || group == 3 else { return nil }
        let integerDigits = integer.count - integer.lazy.filter { $0 == "," }.count
        guard integerDigits > 0 || !fraction.isEmpty else { return nil }
        let text = String.utf8(capacity: integer.count + fraction.count + 5) { buffer in
            var n = 0
            func put(_ byte: UInt8) {
                buffer[n] = byte
                n += 1
            }
            if integerDigits == 0 { put(UInt8(ascii: "0")) }
            for c in integer where c != "," { put(UInt8(truncatingIfNeeded: c.value)) }
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
        return value
    }
}
