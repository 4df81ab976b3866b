/// How a date is read from a cell: which order its numbers come in, and the pivot that places
/// two-digit years.
///
/// The pivot is part of the reading rather than looked up at run time so that a printed or exported
/// program means the same thing whatever inventory later runs it.
public struct DateReading: Hashable, Sendable {
    public var order: DateOrder
    /// Two-digit years below the pivot are 20xx, the others 19xx (`TextInventory.yearPivot`).
    public var pivot: Int

    public init(order: DateOrder, pivot: Int = 50) {
        self.order = order
        self.pivot = pivot
    }

    /// The date the cell shows in this reading, or `nil` when it shows none (or an impossible one).
    ///
    /// Numeric orders take three runs of ASCII digits joined by one separator used twice (`/`, `-`
    /// or `.`), around ASCII whitespace: `mdy` and `dmy` want a one- or two-digit month and day and a
    /// two- or four-digit year; `ymd` a four-digit year first. `names` takes a month name or its
    /// three-letter abbreviation (any letter case, and `Sept`) with a day and a year in either
    /// order — `April 1 1799`, `Dec 2, 2014`, `2 December 2014`, `2-Dec-14` — after an optional
    /// weekday name, which is not checked against the date.
    public func read(_ cell: String) -> CalendarDate? {
        order == .names ? readNames(Array(cell.unicodeScalars)) : readNumbers(cell)
    }

    /// One pass over the scalars, without splitting the cell: reading a date column is the inner loop
    /// of applying a program to every row.
    private func readNumbers(_ cell: String) -> CalendarDate? {
        var numbers = [0, 0, 0], lengths = [0, 0, 0]
        var field = 0
        var separator: Unicode.Scalar?
        var started = false, trailing = false
        for c in cell.unicodeScalars {
            if TextToken.whitespace.contains(c) {
                if started { trailing = true }
                continue
            }
            guard !trailing else { return nil }
            started = true
            if TextToken.digits.contains(c) {
                guard lengths[field] < 4 else { return nil }
                numbers[field] = numbers[field] * 10 + Int(c.value - 48)
                lengths[field] += 1
            } else if c == separator || (separator == nil && (c == "/" || c == "-" || c == ".")) {
                guard field < 2, lengths[field] > 0 else { return nil }
                separator = c
                field += 1
            } else {
                return nil
            }
        }
        guard field == 2, lengths[2] > 0 else { return nil }
        switch order {
        case .mdy, .dmy:
            guard lengths[0] <= 2, lengths[1] <= 2, let year = year(numbers[2], digits: lengths[2]) else { return nil }
            let (month, day) = order == .mdy ? (numbers[0], numbers[1]) : (numbers[1], numbers[0])
            return CalendarDate(year: year, month: month, day: day)
        case .ymd:
            guard lengths[0] == 4, lengths[1] <= 2, lengths[2] <= 2 else { return nil }
            return CalendarDate(year: numbers[0], month: numbers[1], day: numbers[2])
        case .names:
            return nil
        }
    }

    private func readNames(_ s: [Unicode.Scalar]) -> CalendarDate? {
        var words = Self.words(s)
        if let first = words.first, Self.weekday(first) { words.removeFirst() }
        guard words.count == 3 else { return nil }
        let month: Int
        let dayWord: [Unicode.Scalar]
        if let m = Self.month(words[0]) {
            month = m
            dayWord = words[1]
        } else if let m = Self.month(words[1]) {
            month = m
            dayWord = words[0]
        } else {
            return nil
        }
        let yearWord = words[2]
        guard let day = Self.day(dayWord), yearWord.count <= 4, yearWord.allSatisfy(TextToken.digits.contains),
            let year = year(Self.integer(yearWord[...]), digits: yearWord.count)
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    private func year(_ value: Int, digits: Int) -> Int? {
        switch digits {
        case 4: value
        case 2: value < pivot ? 2000 + value : 1900 + value
        default: nil
        }
    }

    /// Runs of characters other than spaces and the punctuation dates use between words.
    private static func words(_ s: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var word: [Unicode.Scalar] = []
        for c in s {
            if TextToken.whitespace.contains(c) || c == "," || c == "." || c == "-" || c == "/" {
                if !word.isEmpty { words.append(word) }
                word = []
            } else {
                word.append(c)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    private static func integer(_ digits: ArraySlice<Unicode.Scalar>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1.value - 48) }
    }

    private static func lowered(_ word: [Unicode.Scalar]) -> String {
        DateFormat.string(CaseMap.lower.apply(word))
    }

    /// 1...12 for a month name or abbreviation.
    static func month(_ word: [Unicode.Scalar]) -> Int? {
        let text = lowered(word)
        if text == "sept" { return 9 }
        return CalendarDate.monthNames.firstIndex { $0.lowercased() == text || $0.prefix(3).lowercased() == text }.map { $0 + 1 }
    }

    private static func weekday(_ word: [Unicode.Scalar]) -> Bool {
        let text = lowered(word)
        return CalendarDate.weekdayNames.contains { $0.lowercased() == text || $0.prefix(3).lowercased() == text }
    }

    /// A one- or two-digit day, optionally with its English ordinal suffix (`1st`, `22nd`).
    private static func day(_ word: [Unicode.Scalar]) -> Int? {
        var digits = word[...]
        if digits.count > 2, ["st", "nd", "rd", "th"].contains(lowered(Array(digits.suffix(2)))) { digits = digits.dropLast(2) }
        guard (1...2).contains(digits.count), digits.allSatisfy(TextToken.digits.contains) else { return nil }
        return integer(digits)
    }

    /// What the reading adds to a `date` part's price: day-first is the less usual reading of an
    /// ambiguous date such as `3/4/2020`, so it ranks after month-first.
    public var cost: Double { order == .dmy ? 0.1 : 0 }

    /// A Python expression reading the cell held by the Python expression `cell`: a `(year, month,
    /// day)` tuple or `None`.
    public func python(_ cell: String) -> String {
        "_date_read(\(cell), \(pythonString(order.rawValue)), \(pivot))"
    }
}

/// The order a date's parts are written in.
public enum DateOrder: String, Hashable, Sendable, CaseIterable {
    /// `3/14/2020`
    case mdy
    /// `14/3/2020`, `14.3.2020`
    case dmy
    /// `2020-03-14`
    case ymd
    /// `March 14, 2020`, `14 Mar 2020`
    case names
}

extension DateReading: CustomStringConvertible {
    public var description: String { "dates(order: \(order.rawValue), pivot: \(pivot))" }
}

extension DateReading {
    /// Reads the text `description` prints.
    public init(parsing text: String) throws(CallSyntaxError) {
        try self.init(call: try CallScanner.call(text))
    }

    public init(call: Call) throws(CallSyntaxError) {
        var arguments = try CallArguments(call, name: "dates")
        let order = try arguments.required("order").choice(DateOrder.self)
        let pivot = try arguments.required("pivot").integer()
        try arguments.finish()
        guard (0...99).contains(pivot) else { throw CallSyntaxError("pivot must be between 0 and 99") }
        self.init(order: order, pivot: pivot)
    }
}
