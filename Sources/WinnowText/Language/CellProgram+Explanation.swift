/// Cell programs in plain English, for a person who reads a program rather than runs it: a web
/// page and the `explain_program` tool show a table program step by step in words, and a `derive`
/// or `replace` step's words are mostly its cell program's.
///
/// Every phrase is a noun phrase without a full stop (`the text of column 2 up to the first ","`), so
/// that a table step can wrap it in its own sentence. Columns are counted from 1, as people count
/// them, although `description` prints the 0-based indexes programs use; literal text is quoted
/// as `description` quotes it, so invisible characters stay visible.
extension CellProgram {
    /// The parts in order; for a conditional, each branch's parts with the test that selects them,
    /// in the order they are tried, then what the cell holds otherwise.
    public var explanation: String {
        let arms = branches.map { "\(CellPart.explanation(of: $0.parts)) if \($0.condition.explanation)" }
        let fallback = CellPart.explanation(of: otherwise)
        return arms.isEmpty ? fallback : (arms + ["otherwise " + fallback]).joined(separator: ", ")
    }
}

extension CellPart {
    static func explanation(of parts: [CellPart]) -> String {
        parts.isEmpty ? "an empty text" : parts.map(\.explanation).joined(separator: " followed by ")
    }

    var explanation: String {
        switch self {
        case .constant(let text):
            return quotedText(text)
        case .substring(let c, let from, let to, let caseMap):
            return Self.withChanges(Self.span(column: c, from: from, to: to), [caseMap.explanation])
        case .filter(let c, let from, let to, let token):
            return "only the \(token.characters ?? "\(token)") of \(Self.span(column: c, from: from, to: to))"
        case .whole(let c, let spacing, let caseMap):
            return Self.withChanges(InWords.column(c), [spacing.explanation, caseMap.explanation])
        case .substitute(let c, let characters, let replacement):
            var seen = Set<Unicode.Scalar>()
            let targets = characters.unicodeScalars.filter { seen.insert($0).inserted }.map { quotedText(String($0)) }
            // With no characters to replace, the column comes through as it is.
            guard !targets.isEmpty else { return InWords.column(c) }
            let change = replacement.isEmpty ? "removed" : "replaced by \(quotedText(replacement))"
            return "\(InWords.column(c)) with every \(InWords.list(targets, "or")) \(change)"
        case .replaceText(let c, let text, let replacement):
            let change = replacement.isEmpty ? "removed" : "replaced by \(quotedText(replacement))"
            return "\(InWords.column(c)) with every \(quotedText(text)) \(change)"
        case .number(let term, let format):
            return [term.explanation, format.explanation].compactMap { $0 }.joined(separator: " ")
        case .date(let c, let reading, let format):
            return "\(reading.explanation(ofColumn: c)) \(format.explanation)"
        case .truth(let predicate, let style):
            let yes = quotedText(style.render(true)), no = quotedText(style.render(false))
            return "whether \(predicate.explanation) (\(yes) or \(no))"
        }
    }

    private static func withChanges(_ text: String, _ changes: [String?]) -> String {
        ([text] + changes.compactMap { $0 }).joined(separator: " ")
    }

    /// The spans spreadsheet users name by a count (LEFT, RIGHT, the whole cell) in those words; any
    /// other span by where it starts and where it ends.
    private static func span(column c: Int, from: Position, to: Position) -> String {
        if case .fromStart(0) = from, case .fromEnd(0) = to { return InWords.column(c) }
        if case .fromStart(0) = from, case .fromStart(let k) = to {
            return "the first \(InWords.count(k, "character")) of \(InWords.column(c))"
        }
        if case .fromEnd(let k) = from, case .fromEnd(0) = to {
            return "the last \(InWords.count(k, "character")) of \(InWords.column(c))"
        }
        let bounds = [from.startExplanation, to.endExplanation].compactMap { $0 }
        return (["the text of \(InWords.column(c))"] + bounds).joined(separator: " ")
    }
}

extension Position {
    /// Where a span begins; `nil` at the start of the cell, which goes without saying.
    var startExplanation: String? {
        switch self {
        case .fromStart(0): nil
        case .fromStart(let k): "after the first \(InWords.count(k, "character"))"
        case .fromEnd(let k): "from \(InWords.count(k, "character")) before the end"
        case .columnValue(let c, false): "after as many characters as \(InWords.column(c)) says"
        case .columnValue(let c, true): "from as many characters before the end as \(InWords.column(c)) says"
        case .matchStart(let token, let k): "from the \(token.occurrence(k))"
        case .matchEnd(let token, let k): "after the \(token.occurrence(k))"
        }
    }

    /// Where a span ends; `nil` at the end of the cell, which goes without saying.
    var endExplanation: String? {
        switch self {
        case .fromEnd(0): nil
        case .fromEnd(let k): "up to \(InWords.count(k, "character")) before the end"
        case .fromStart(let k): "up to and including character \(k)"
        case .columnValue(let c, false): "up to as many characters as \(InWords.column(c)) says"
        case .columnValue(let c, true): "up to as many characters before the end as \(InWords.column(c)) says"
        case .matchStart(let token, let k): "up to the \(token.occurrence(k))"
        case .matchEnd(let token, let k): "up to and including the \(token.occurrence(k))"
        }
    }
}

extension TextToken {
    /// `first run of digits`, `second-to-last ","` (a literal says itself, quoted as `description` quotes it).
    func occurrence(_ k: Int) -> String {
        let ordinal = InWords.ordinal(k)
        guard let characters else { return "\(ordinal) \(self)" }
        return "\(ordinal) run of \(characters)"
    }

    /// The characters a class matches, in words; `nil` for a literal, which is no class.
    var characters: String? {
        switch self {
        case .digits: "digits"
        case .letters: "letters"
        case .upper: "upper-case letters"
        case .lower: "lower-case letters"
        case .alphanumeric: "letters and digits"
        case .whitespace: "whitespace"
        case .punctuation: "punctuation"
        case .literal: nil
        }
    }
}

extension CaseMap {
    var explanation: String? {
        switch self {
        case .keep: nil
        case .lower: "in lower case"
        case .upper: "in upper case"
        case .title: "in title case"
        case .capitalize: "with its first letter in upper case"
        }
    }
}

extension Spacing {
    /// Says "spaces" for whitespace: tabs and line breaks inside a cell are rare, and the name is
    /// the one spreadsheet users know from TRIM.
    var explanation: String? {
        switch self {
        case .keep: nil
        case .trim: "without leading or trailing spaces"
        case .collapse: "with extra spaces removed"
        }
    }
}

extension CellPredicate {
    var explanation: String { explanation(negated: false) }

    /// Negation is pushed into the verb (`column 2 is not empty`) rather than wrapped around the
    /// test, which reads as people say it; a double negation reads as the test itself.
    private func explanation(negated: Bool) -> String {
        let not = negated ? "not " : ""
        switch self {
        case .isEmpty(let c):
            return "\(InWords.column(c)) is \(not)empty"
        case .contains(let c, let text):
            return "\(InWords.column(c)) \(negated ? "does not contain" : "contains") \(quotedText(text))"
        case .startsWith(let c, let text):
            return "\(InWords.column(c)) \(negated ? "does not start" : "starts") with \(quotedText(text))"
        case .endsWith(let c, let text):
            return "\(InWords.column(c)) \(negated ? "does not end" : "ends") with \(quotedText(text))"
        case .matches(let c, let token):
            guard let characters = token.characters else {
                // A literal is no character class, so the test never holds: say that rather than
                // something a reader would take for a text match.
                return "\(InWords.column(c)) is \(not)made only of the class \(token), which is \(negated ? "always" : "never") the case"
            }
            return "\(InWords.column(c)) is \(not)made only of \(characters)"
        case .containsColumn(let c, let other):
            return "\(InWords.column(c)) \(negated ? "does not contain" : "contains") the text of \(InWords.column(other))"
        case .equalsColumn(let c, let other):
            return "\(InWords.column(c)) is \(negated ? "different from" : "the same as") \(InWords.column(other))"
        case .compare(let term, let comparison, let constant):
            return "\(term.explanation) is \((negated ? comparison.negated : comparison).explanation) \(DecimalDigits.plain(constant))"
        case .not(let inner):
            return inner.explanation(negated: !negated)
        }
    }
}

extension Comparison {
    /// How a number relates to a constant, to follow "is": `greater than`, `at most`.
    package var explanation: String {
        switch self {
        case .less: "less than"
        case .lessOrEqual: "at most"
        case .greater: "greater than"
        case .greaterOrEqual: "at least"
        case .equal: "equal to"
        case .notEqual: "not equal to"
        }
    }

    /// The comparison that holds exactly when this one does not, so a negated test reads `at least`
    /// rather than `not less than`.
    var negated: Comparison {
        switch self {
        case .less: .greaterOrEqual
        case .lessOrEqual: .greater
        case .greater: .lessOrEqual
        case .greaterOrEqual: .less
        case .equal: .notEqual
        case .notEqual: .equal
        }
    }
}

extension NumberTerm {
    var explanation: String {
        switch self {
        case .column(let c): "the number in \(InWords.column(c))"
        case .written(let c, let index): "the \(InWords.ordinal(index)) number written in \(InWords.column(c))"
        case .constant(let value): DecimalDigits.plain(value)
        case .characters(let c): "the number of characters in \(InWords.column(c))"
        case .words(let c): "the number of words in \(InWords.column(c))"
        case .occurrences(let c, let text): "the number of times \(quotedText(text)) occurs in \(InWords.column(c))"
        case .occurrencesOfColumn(let c, let other): "the number of times the text of \(InWords.column(other)) occurs in \(InWords.column(c))"
        case .arithmetic(let op, let left, let right): "\(left.operand) \(op.explanation) \(right.operand)"
        case .absolute(let inner): "the absolute value of \(inner.operand)"
        }
    }

    /// Arithmetic inside arithmetic is bracketed, since words have no precedence.
    private var operand: String {
        if case .arithmetic = self { return "(\(explanation))" }
        return explanation
    }
}

extension ArithmeticOperator {
    var explanation: String {
        switch self {
        case .add: "plus"
        case .subtract: "minus"
        case .multiply: "times"
        case .divide: "divided by"
        }
    }
}

extension NumberFormat {
    /// `written with "$" in front, "," between thousands and 2 decimal places`; `nil` for a plain
    /// number, which is written as it is.
    var explanation: String? {
        var details: [String] = []
        if let currency {
            let symbol = quotedText(String(currency))
            switch currencyPlace {
            case .before: details.append("\(symbol) in front")
            case .after: details.append("\(symbol) after it")
            case .afterSpace: details.append("a space and \(symbol) after it")
            }
        }
        if let thousands { details.append("\(quotedText(String(thousands))) between thousands") }
        if let decimals { details.append(decimals == 0 ? "no decimal places" : InWords.count(decimals, "decimal place")) }
        if point != "." { details.append("\(quotedText(String(point))) as the decimal mark") }
        if width > 0 { details.append("leading zeros up to \(InWords.count(width, "digit"))") }
        switch sign {
        case .minus: break
        case .plus: details.append("a \"+\" on positive numbers")
        case .parentheses: details.append("negative numbers in parentheses")
        }
        guard percent || !details.isEmpty else { return nil }
        return (["written"] + (percent ? ["as a percentage"] : []) + (details.isEmpty ? [] : ["with " + InWords.list(details, "and")]))
            .joined(separator: " ")
    }
}

extension DateReading {
    /// `the day/month/year date in column 3`. The year pivot is mentioned only when it is not the
    /// usual one, and only for orders that read two-digit years: it rarely matters to a reader.
    package func explanation(ofColumn c: Int) -> String {
        let form: String
        let readsShortYears: Bool
        switch order {
        case .mdy: (form, readsShortYears) = ("month/day/year", true)
        case .dmy: (form, readsShortYears) = ("day/month/year", true)
        case .ymd: (form, readsShortYears) = ("year-month-day", false)
        case .names: (form, readsShortYears) = ("month-name", true)
        }
        let usual = DateReading(order: order).pivot
        let pivotNote = readsShortYears && pivot != usual ? " with two-digit years below \(pivot) read as 20xx" : ""
        return "the \(form) date in \(InWords.column(c))\(pivotNote)"
    }
}

extension DateFormat {
    /// An example a reader recognises at a glance, with the pattern that tells a padded day or month
    /// from an unpadded one: `written like "03/14/2020" (MM/DD/YYYY)`. The example's day is past 12
    /// so that it cannot be mistaken for the month.
    var explanation: String {
        let pattern = items.map { item in
            switch item {
            case .text(let text): text
            case .field(let field): field.rawValue
            }
        }.joined()
        return "written like \(quotedText(render(Self.example))) (\(pattern))"
    }

    private static let example = CalendarDate(year: 2020, month: 3, day: 14)!
}

extension CalendarDate {
    /// `14 March 2020`: a month name leaves no doubt about which number is the day.
    package var explanation: String { "\(day) \(Self.monthNames[month - 1]) \(year)" }
}

/// Numbers and lists as the explanations of cell programs and table steps write them.
package enum InWords {
    /// A 0-based column index as people count columns, from 1; an index no table has (negative, or
    /// `Int.max` from a hand-written line) still prints rather than overflowing.
    package static func columnNumber(_ index: Int) -> String {
        index >= 0 ? String(UInt(index) + 1) : String(index + 1)
    }

    package static func column(_ index: Int) -> String { "column " + columnNumber(index) }

    /// `1 character`, `3 characters`.
    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
    package static func list(_ items: [String], _ conjunction: String) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// `first`, `second`, `third`, `4th`…, counting from the end when negative: `last`, `second-to-last`.
    static func ordinal(_ k: Int) -> String {
        let n = k.magnitude
        let word: String
        switch n {
        case 1: word = k < 0 ? "last" : "first"
        case 2: word = "second"
        case 3: word = "third"
        default:
            let suffix = (11...13).contains(n % 100) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th"
            word = "\(n)\(suffix)"
        }
        return k < 0 && n != 1 ? word + "-to-last" : word
    }
}
