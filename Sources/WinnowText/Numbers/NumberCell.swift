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
        var s = Array(cell.unicodeScalars)
        while let first = s.first, TextToken.whitespace.contains(first) { s.removeFirst() }
        while let last = s.last, TextToken.whitespace.contains(last) { s.removeLast() }
        var parentheses = false
        if s.count >= 2, s.first == "(", s.last == ")" {
            parentheses = true
            s = Array(s[1..<(s.count - 1)])
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

    /// Digits with optional `,` groups of three and an optional `.` fraction, as a double.
    private static func plainNumber(_ s: [Unicode.Scalar], percent: Bool) -> Double? {
        let point = s.firstIndex(of: ".")
        let integer = s[..<(point ?? s.count)]
        let fraction = point.map { s[($0 + 1)...] } ?? []
        guard fraction.allSatisfy(TextToken.digits.contains) else { return nil }
        var integerDigits: [Unicode.Scalar] = []
        if integer.contains(",") {
            let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            for group in groups {
                guard group.allSatisfy(TextToken.digits.contains) else { return nil }
                integerDigits += group
            }
        } else {
            guard integer.allSatisfy(TextToken.digits.contains) else { return nil }
            integerDigits += integer
        }
        guard !integerDigits.isEmpty || !fraction.isEmpty else { return nil }
        var number = integerDigits.isEmpty ? ["0"] : integerDigits
        number.append(".")
        number += fraction.isEmpty ? ["0"] : Array(fraction)
        if percent { number += ["e", "-", "2"] }
        let text = CellPart.string(number)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
