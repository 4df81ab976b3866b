/// Finds the number and date parts that print a given text on a row.
///
/// The synthesizer asks about many pieces of every example output, so the learner works from the
/// text inwards: it first reads what the text could be (a number in some format, or a date layout)
/// and gives up at once when it is neither, then computes the row's candidate values and keeps those
/// that print exactly the text.
public enum ValueLearner {
    /// Every number, count, arithmetic or date part that prints exactly `text` on `row`, cheapest
    /// first (see `cost(of:inventory:)`; at equal cost columns come before counts, counts before
    /// arithmetic, and numbers before dates).
    ///
    /// A plain `number(column: c)` or `date(column: c, ...)` is left out when `text` occurs in that
    /// cell as it is: copying a substring already explains it, and a second explanation would only
    /// crowd the ranking. Format choices the text cannot show are filled in the plain way, and each
    /// is also offered, one at a time and at its price, as the other row might show it: a `,`
    /// separator for a number below 1,000, zero padding to the digits shown for a whole number
    /// without a leading zero, parentheses for a positive amount. Counts get only the plain guesses.
    public static func parts(row: [String], text: String, inventory: TextInventory) -> [CellPart] {
        var values = RowValues(row: row, inventory: inventory)
        return parts(values: &values, text: text, inventory: inventory)
    }

    /// `parts(row:text:inventory:)` on a row already read, for a caller that asks about many texts.
    static func parts(values: inout RowValues, text: String, inventory: TextInventory) -> [CellPart] {
        let scalars = Array(text.unicodeScalars)
        let hasDigit = scalars.contains(where: TextToken.digits.contains)
        var found: [CellPart] = []
        if hasDigit, inventory.enables("number") || inventory.enables("count") || inventory.enables("arithmetic") {
            found += numberParts(values: &values, text: text, scalars: scalars, inventory: inventory)
        }
        if inventory.enables("date"), hasDigit || DateLearner.mentionsName(scalars) {
            found += DateLearner.parts(values: values, text: text, scalars: scalars)
        }
        var seen = Set<CellPart>()
        return found.filter { seen.insert($0).inserted }
            .enumerated().map { (index: $0.offset, part: $0.element, cost: cost(of: $0.element, inventory: inventory) ?? 0) }
            .sorted { ($0.cost, $0.index) < ($1.cost, $1.index) }
            .map(\.part)
    }

    /// The whole price of a `number` or `date` part under the inventory: the term's cost plus the
    /// format's, or the `date` price plus the reading's and the format's; `nil` for other parts.
    public static func cost(of part: CellPart, inventory: TextInventory) -> Double? {
        switch part {
        case .number(let term, let format): term.cost(under: inventory) + format.cost
        case .date(_, let reading, let format): inventory.cost("date") + reading.cost + format.cost
        default: nil
        }
    }

    private static func numberParts(
        values: inout RowValues, text: String, scalars: [Unicode.Scalar], inventory: TextInventory
    ) -> [CellPart] {
        let printed = PrintedNumber.readings(of: scalars)
        guard !printed.isEmpty else { return [] }
        var candidates: [(NumberTerm, Double)] = []
        let columns: [(NumberTerm, Double)] = values.numbers.enumerated().compactMap { c, value in value.map { (.column(c), $0) } }
        var written: [(NumberTerm, Double)] = []
        if inventory.enables("number") {
            for (c, value) in values.numbers.enumerated() {
                if let value, !values.cell(c, contains: text) { candidates.append((.column(c), value)) }
            }
            // A number inside text, unless the text prints it as written: copying a substring
            // already explains that.
            for c in values.row.indices {
                for number in values.written(inColumn: c) {
                    let term = NumberTerm.written(column: c, index: number.index)
                    written.append((term, number.value))
                    if number.text != text { candidates.append((term, number.value)) }
                }
            }
        }
        var counts: [(NumberTerm, Double)] = []
        let integral = printed.contains { $0.value >= -1 && ($0.value - $0.value.rounded()).magnitude <= $0.tolerance }
        if inventory.enables("count"), integral {
            for c in values.row.indices { counts += values.counts(ofColumn: c) }
            candidates += counts
        }
        if inventory.enables("arithmetic") {
            candidates += arithmeticTerms(columns: columns, written: written, counts: counts, printed: printed)
        }
        var parts: [CellPart] = []
        for (term, value) in candidates {
            let whole = term.isCount
            for reading in printed where (value - reading.value).magnitude <= reading.tolerance {
                // A count is a small whole number that is never negative: `decimals: 0` and the guessed
                // choices would only repeat the plain format for it.
                if whole, reading.format.decimals == 0 || reading.guessed { continue }
                if reading.format.render(value) == text { parts.append(.number(term, reading.format)) }
            }
        }
        return parts
    }

    /// Characters, words, and occurrences of each separator character, each word, and each other
    /// column's text: the literals a count is plausibly about. A word that is another column's whole
    /// text is counted as that column, never as a literal.
    static func countTerms(row: [String], column c: Int) -> [(NumberTerm, Double)] {
        let cell = Array(row[c].unicodeScalars)
        let words = TokenMatches.find(.whitespace, in: cell).complement(length: cell.count).count
        var terms: [(NumberTerm, Double)] = [(.characters(column: c), Double(cell.count)), (.words(column: c), Double(words))]
        var needles = Set<String>()
        for scalar in cell where !TextToken.alphanumeric.contains(scalar) { needles.insert(String(scalar)) }
        for run in TokenMatches.find(.alphanumeric, in: cell) { needles.insert(CellPart.string(Array(cell[run]))) }
        // A needle that is another cell's whole text is that cell (`occurrencesOfColumn` below): the
        // literal would be a copy of what the row already names.
        let otherCells = Set(row.indices.filter { $0 != c && !row[$0].isEmpty }.map { row[$0] })
        for needle in needles.sorted() where !otherCells.contains(needle) {
            let term = NumberTerm.occurrences(column: c, text: needle)
            if let value = term.value(in: row) { terms.append((term, value)) }
        }
        for other in row.indices where other != c && !row[other].isEmpty {
            let term = NumberTerm.occurrencesOfColumn(column: c, other: other)
            if let value = term.value(in: row) { terms.append((term, value)) }
        }
        return terms
    }

    /// One step of arithmetic on number columns and numbers written in texts: two of them, at least
    /// one a column (`12 cm` × `3`; never two written numbers, since a wide row of texts holds as
    /// many pairs as numbers squared); one and a common constant; a count plus or minus one; the
    /// absolute value of a negative one; and one plus or times a constant inferred from the example:
    /// an integer offset no larger than its value (`year + 543`, not `12 + 999987`), or a positive
    /// factor up to 10 with at most two decimals (`× 1.08`).
    private static func arithmeticTerms(
        columns: [(NumberTerm, Double)], written: [(NumberTerm, Double)], counts: [(NumberTerm, Double)], printed: [PrintedNumber]
    ) -> [(NumberTerm, Double)] {
        var terms: [(NumberTerm, Double)] = []
        func add(_ op: ArithmeticOperator, _ left: NumberTerm, _ a: Double, _ right: NumberTerm, _ b: Double) {
            if let value = op.apply(a, b) { terms.append((.arithmetic(op, left, right), value)) }
        }
        let operands = columns + written
        for (i, (c, a)) in operands.enumerated() {
            if a < 0 { terms.append((.absolute(c), a.magnitude)) }
            // Pairs with a number column on one side at least (`operands` lists the columns first).
            for (d, b) in operands[(i + 1)...] where i < columns.count {
                add(.add, c, a, d, b)
                add(.multiply, c, a, d, b)
                for (l, x, r, y) in [(c, a, d, b), (d, b, c, a)] {
                    add(.subtract, l, x, r, y)
                    add(.divide, l, x, r, y)
                }
            }
            for op in ArithmeticOperator.allCases {
                for k in NumberTerm.commonConstants(for: op) { add(op, c, a, .constant(k), k) }
            }
            for reading in printed {
                // An inferred constant must explain the text exactly, not after rounding: one example
                // rounded to a whole number says nothing about a constant's fraction.
                func exact(_ value: Double) -> Bool { (value - reading.value).magnitude <= 1e-9 * max(1, reading.value.magnitude) }
                let offset = (reading.value - a).rounded()
                if offset != 0, !NumberTerm.commonConstants(for: .add).contains(offset.magnitude), offset.magnitude <= a.magnitude, exact(a + offset) {
                    add(offset > 0 ? .add : .subtract, c, a, .constant(offset.magnitude), offset.magnitude)
                }
                if a != 0 {
                    let factor = (reading.value / a * 100).rounded() / 100
                    if factor > 0, factor <= 10, factor != 1, !NumberTerm.commonConstants(for: .multiply).contains(factor), exact(a * factor) {
                        add(.multiply, c, a, .constant(factor), factor)
                    }
                }
            }
        }
        for (term, value) in counts {
            if case .occurrencesOfColumn = term { continue }
            add(.add, term, value, .constant(1), 1)
            add(.subtract, term, value, .constant(1), 1)
        }
        return terms
    }
}

/// One way to read an example's text as a printed number: the format that would print it, the value
/// the text shows, and how far a value may be from it and still round to it.
struct PrintedNumber {
    var format: NumberFormat
    var value: Double
    var tolerance: Double
    /// `format` makes a choice the text does not show (a separator, a width, parentheses) as a guess
    /// about other rows.
    var guessed: Bool

    /// Every format the text could have been printed in, inverse to `NumberFormat.render`: sign,
    /// currency and percent as shown; digits split into groups by at most two kinds of separator,
    /// the last one possibly the decimal mark (so `1,234` reads both as 1234 and as 1.234).
    static func readings(of text: [Unicode.Scalar]) -> [PrintedNumber] {
        var s = text[...]
        var sign = NumberSign.minus
        var negative = false
        if s.count >= 2, s.first == "(", s.last == ")" {
            sign = .parentheses
            negative = true
            s = s.dropFirst().dropLast()
        } else if s.first == "-" {
            negative = true
            s = s.dropFirst()
        } else if s.first == "+" {
            sign = .plus
            s = s.dropFirst()
        }
        var currency: Unicode.Scalar?
        var place = CurrencyPlace.before
        if let first = s.first, NumberCell.isCurrency(first) {
            currency = first
            s = s.dropFirst()
        } else if let last = s.last, NumberCell.isCurrency(last) {
            currency = last
            s = s.dropLast()
            place = .after
            if s.last == " " {
                place = .afterSpace
                s = s.dropLast()
            }
        }
        var percent = false
        if currency == nil, s.last == "%" {
            percent = true
            s = s.dropLast()
        }
        guard let first = s.first, let last = s.last, TextToken.digits.contains(first), TextToken.digits.contains(last) else { return [] }
        var groups: [[Unicode.Scalar]] = [[]]
        var separators: [Unicode.Scalar] = []
        for c in s {
            if TextToken.digits.contains(c) {
                groups[groups.count - 1].append(c)
            } else if NumberFormat.separators.contains(c), !groups[groups.count - 1].isEmpty {
                separators.append(c)
                groups.append([])
            } else {
                return []
            }
        }
        var splits: [(integer: [Unicode.Scalar], fraction: [Unicode.Scalar], thousands: Unicode.Scalar?, point: Unicode.Scalar)] = []
        if separators.isEmpty {
            splits.append((groups[0], [], nil, "."))
        } else if let grouping = Self.grouping(groups, separators) {
            splits.append((groups.flatMap { $0 }, [], grouping, "."))
        }
        if let point = separators.last, point == "." || point == "," {
            let integerGroups = Array(groups.dropLast())
            let integerSeparators = Array(separators.dropLast())
            if integerSeparators.isEmpty {
                splits.append((integerGroups[0], groups[groups.count - 1], nil, point))
            } else if let grouping = Self.grouping(integerGroups, integerSeparators), grouping != point {
                splits.append((integerGroups.flatMap { $0 }, groups[groups.count - 1], grouping, point))
            }
        }
        var readings: [PrintedNumber] = []
        for split in splits {
            let fractionText = split.fraction.isEmpty ? "0" : String(String.UnicodeScalarView(split.fraction))
            var digits = String(String.UnicodeScalarView(split.integer)) + "." + fractionText
            if percent { digits += "e-2" }
            guard var value = Double(digits), value.isFinite else { continue }
            if negative { value = -value }
            var tolerance = 1.0
            for _ in 0..<split.fraction.count { tolerance /= 10 }
            if percent { tolerance /= 100 }
            let width = split.integer.count > 1 && split.integer.first == "0" ? split.integer.count : 0
            guard width <= NumberFormat.maxWidth, split.fraction.count <= NumberFormat.maxDecimals else { continue }
            var decimalChoices: [Int?] = [split.fraction.count]
            if split.fraction.last != "0" { decimalChoices.insert(nil, at: 0) }
            for decimals in decimalChoices {
                let format = NumberFormat(
                    decimals: decimals, thousands: split.thousands, point: split.point, width: width, sign: sign, currency: currency,
                    currencyPlace: place, percent: percent)
                readings.append(PrintedNumber(format: format, value: value, tolerance: tolerance, guessed: false))
                // One guess at a time about what another row may show and this text cannot: a
                // separator for a number below 1,000, padding to the digits shown, parentheses for a
                // negative amount.
                var guesses: [NumberFormat] = []
                if split.thousands == nil, split.integer.count <= 3, split.point != "," {
                    guesses.append(format.with { $0.thousands = "," })
                }
                if width == 0, split.integer.count > 1, split.fraction.isEmpty {
                    guesses.append(format.with { $0.width = split.integer.count })
                }
                if sign == .minus, !negative { guesses.append(format.with { $0.sign = .parentheses }) }
                for guess in guesses { readings.append(PrintedNumber(format: guess, value: value, tolerance: tolerance, guessed: true)) }
            }
        }
        return readings
    }

    /// The one thousands separator of digit groups that read as thousands (first group of one to
    /// three digits, the rest of three), or `nil` when they do not.
    private static func grouping(_ groups: [[Unicode.Scalar]], _ separators: [Unicode.Scalar]) -> Unicode.Scalar? {
        guard let separator = separators.first, separators.allSatisfy({ $0 == separator }), (1...3).contains(groups[0].count),
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        return separator
    }
}
