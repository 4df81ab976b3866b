/// How a date is printed: literal text between fields, learned from the example's own text, so any
/// of the read forms (and others, `Tue 02/12/14`) can be written.
public struct DateFormat: Hashable, Sendable {
    public var items: [DateItem]

    public init(_ items: [DateItem]) { self.items = items }

    /// Written straight into the string's UTF-8, as a number is: printing a date is the inner loop
    /// of an `--apply`, and joining a string per field was most of it.
    public func render(_ date: CalendarDate) -> String {
        var capacity = 0
        for item in items {
            switch item {
            case .text(let text): capacity += text.utf8.count
            case .field: capacity += DateField.maxBytes
            }
        }
        return String.utf8(capacity: capacity) { buffer in
            var n = 0
            for item in items {
                switch item {
                case .text(let text):
                    for byte in text.utf8 {
                        buffer[n] = byte
                        n += 1
                    }
                case .field(let field): n = field.write(date, into: buffer, at: n)
                }
            }
            return n
        }
    }

    /// What the format adds to a `date` part's price: a field printed twice is suspicious, names and
    /// weekdays are a little dearer than digits, a padded day or month only ranks first when the
    /// example shows a leading zero (`12` reads both ways), mixing padded and unpadded fields is
    /// unusual, and a day printed before the month ranks after the month-first form when both fit
    /// the example. A format that starts with the four-digit year is ISO 8601's order, which is
    /// always written year, month, day and always padded: there an unpadded field and a day before
    /// the month are what rank after (`2021-03-03` read from `March 3, 2021` is `{YYYY}-{MM}-{DD}`).
    public var cost: Double {
        let fields = items.compactMap { if case .field(let f) = $0 { f } else { nil } }
        let yearFirst = fields.first == .year
        var total = 0.0
        var seen = Set<DateComponent>()
        for field in fields {
            if !seen.insert(field.component).inserted { total += 1 }
            switch field {
            case .paddedDay, .paddedMonth: total += yearFirst ? 0 : 0.02
            case .day, .month: total += yearFirst ? 0.3 : 0
            case .monthName, .monthAbbreviation: total += 0.1
            case .weekday, .weekdayAbbreviation: total += 0.3
            default: break
            }
        }
        let padded = fields.filter { $0 == .paddedDay || $0 == .paddedMonth }.count
        let unpadded = fields.filter { $0 == .day || $0 == .month }.count
        if padded > 0, unpadded > 0 { total += 0.05 }
        if let day = fields.firstIndex(where: { $0.component == .day }), let month = fields.firstIndex(where: { $0.component == .month }),
            day < month
        {
            total += yearFirst ? 0.5 : 0.05
        }
        return total
    }

    /// A Python expression printing the `(year, month, day)` tuple held by the Python expression `date`.
    public func python(_ date: String) -> String {
        let items = self.items.map { item in
            switch item {
            case .text(let text): "('t', \(pythonString(text)))"
            case .field(let field): "('f', \(pythonString(field.rawValue)))"
            }
        }
        return "_date_fmt(\(date), (\(items.joined(separator: ", "))\(items.count == 1 ? "," : "")))"
    }

    static func string(_ scalars: [Unicode.Scalar]) -> String { CellPart.string(scalars) }
}

/// One piece of a printed date.
public enum DateItem: Hashable, Sendable {
    case text(String)
    case field(DateField)
}

/// A date field; the raw value is its name in printed patterns (`{MM}/{DD}/{YYYY}`).
public enum DateField: String, Hashable, Sendable, CaseIterable {
    case day = "D"
    case paddedDay = "DD"
    case month = "M"
    case paddedMonth = "MM"
    case monthAbbreviation = "MMM"
    case monthName = "MMMM"
    case shortYear = "YY"
    case year = "YYYY"
    case weekdayAbbreviation = "WWW"
    case weekday = "WWWW"

    func render(_ date: CalendarDate) -> String {
        switch self {
        case .day: String(date.day)
        case .paddedDay: Self.padded(date.day, 2)
        case .month: String(date.month)
        case .paddedMonth: Self.padded(date.month, 2)
        case .monthAbbreviation: String(CalendarDate.monthNames[date.month - 1].prefix(3))
        case .monthName: CalendarDate.monthNames[date.month - 1]
        case .shortYear: Self.padded(date.year % 100, 2)
        case .year: Self.padded(date.year, 4)
        case .weekdayAbbreviation: String(CalendarDate.weekdayNames[date.weekday].prefix(3))
        case .weekday: CalendarDate.weekdayNames[date.weekday]
        }
    }

    var component: DateComponent {
        switch self {
        case .day, .paddedDay: .day
        case .month, .paddedMonth, .monthAbbreviation, .monthName: .month
        case .shortYear, .year: .year
        case .weekdayAbbreviation, .weekday: .weekday
        }
    }

    /// The most bytes a field prints: a month or weekday name, or the digits of any `Int`.
    static let maxBytes = 24

    /// Writes `render(date)` into `buffer` from `offset` (with room for `maxBytes`); returns the end.
    func write(_ date: CalendarDate, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var n = offset
        func put(_ text: some StringProtocol) {
            for byte in text.utf8 {
                buffer[n] = byte
                n += 1
            }
        }
        func put(_ value: Int, width: Int) {
            guard value >= 0 else { return put(Self.padded(value, width)) }
            var digits = 1
            var rest = value / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            let count = max(digits, width)
            var v = value
            for i in stride(from: n + count - 1, through: n, by: -1) {
                buffer[i] = UInt8(truncatingIfNeeded: v % 10) + 48
                v /= 10
            }
            n += count
        }
        switch self {
        case .day: put(date.day, width: 0)
        case .paddedDay: put(date.day, width: 2)
        case .month: put(date.month, width: 0)
        case .paddedMonth: put(date.month, width: 2)
        case .monthAbbreviation: put(CalendarDate.monthNames[date.month - 1].prefix(3))
        case .monthName: put(CalendarDate.monthNames[date.month - 1])
        case .shortYear: put(date.year % 100, width: 2)
        case .year: put(date.year, width: 4)
        case .weekdayAbbreviation: put(CalendarDate.weekdayNames[date.weekday].prefix(3))
        case .weekday: put(CalendarDate.weekdayNames[date.weekday])
        }
        return n
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.utf8.count >= width ? text : String(repeating: "0", count: width - text.utf8.count) + text
    }
}

enum DateComponent: Hashable {
    case day, month, year, weekday
}

extension DateFormat: CustomStringConvertible {
    /// `pattern(text: "{MM}/{DD}/{YYYY}")`; a literal brace is doubled.
    public var description: String {
        var pattern = ""
        for item in items {
            switch item {
            case .text(let text):
                for c in text { pattern += c == "{" ? "{{" : c == "}" ? "}}" : String(c) }
            case .field(let field): pattern += "{\(field.rawValue)}"
            }
        }
        return "pattern(text: \(quotedText(pattern)))"
    }
}

extension DateFormat {
    /// Reads the text `description` prints.
    public init(parsing text: String) throws(CallSyntaxError) {
        try self.init(call: try CallScanner.call(text))
    }

    public init(call: Call) throws(CallSyntaxError) {
        var arguments = try CallArguments(call, name: "pattern")
        let pattern = Array(try arguments.required("text").string().unicodeScalars)
        try arguments.finish()
        var items: [DateItem] = []
        var literal: [Unicode.Scalar] = []
        var i = 0
        func flush() {
            if !literal.isEmpty { items.append(.text(Self.string(literal))) }
            literal = []
        }
        while i < pattern.count {
            let c = pattern[i]
            if (c == "{" || c == "}"), i + 1 < pattern.count, pattern[i + 1] == c {
                literal.append(c)
                i += 2
            } else if c == "{" {
                guard let close = pattern[i...].firstIndex(of: "}"),
                    let field = DateField(rawValue: Self.string(Array(pattern[(i + 1)..<close])))
                else { throw CallSyntaxError("unknown date field in \(quotedText(Self.string(pattern)))") }
                flush()
                items.append(.field(field))
                i = close + 1
            } else if c == "}" {
                throw CallSyntaxError("a lone \"}\" in a date pattern must be doubled")
            } else {
                literal.append(c)
                i += 1
            }
        }
        flush()
        guard items.contains(where: { if case .field = $0 { true } else { false } }) else {
            throw CallSyntaxError("a date pattern needs at least one field")
        }
        self.init(items)
    }
}
