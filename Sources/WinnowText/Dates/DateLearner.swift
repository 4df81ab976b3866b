/// Finds the `date` parts that print a text: every reading under which a column shows a date,
/// with every layout of that date that prints the text.
enum DateLearner {
    static func parts(values: RowValues, text: String, scalars: [Unicode.Scalar]) -> [CellPart] {
        var parts: [CellPart] = []
        var layouts: [CalendarDate: [DateFormat]] = [:]
        for c in values.row.indices {
            var inCell: Bool?
            for (reading, date) in zip(values.readings, values.dates[c]) {
                guard let date else { continue }
                if inCell == nil { inCell = values.cell(c, contains: text) }
                if inCell == true { break }
                let formats = layouts[date] ?? formats(printing: scalars, date: date)
                layouts[date] = formats
                for format in formats { parts.append(.date(column: c, reading: reading, format: format)) }
            }
        }
        return parts
    }

    /// At most this many layouts per date: each ambiguous digit run (day 12 as `D` or `DD`) doubles them.
    static let maxLayouts = 32

    /// Every layout that prints the date as the text: each run of digits must be a numeric field of
    /// the date, each run of letters a month or weekday name of it or else literal text, and
    /// everything else is literal.
    static func formats(printing text: [Unicode.Scalar], date: CalendarDate) -> [DateFormat] {
        var layouts: [[DateItem]] = [[]]
        var sawField = false
        for run in runs(text) {
            let runText = CellPart.string(Array(text[run]))
            let digits = TextToken.digits.contains(text[run.lowerBound])
            let candidates: [DateField] =
                digits
                ? [.day, .paddedDay, .month, .paddedMonth, .shortYear, .year]
                : TextToken.letters.contains(text[run.lowerBound]) ? [.monthName, .monthAbbreviation, .weekday, .weekdayAbbreviation] : []
            let fields = candidates.filter { $0.render(date) == runText }
            if fields.isEmpty {
                if digits { return [] }
                layouts = layouts.map { append(.text(runText), to: $0) }
                continue
            }
            sawField = true
            layouts = Array(layouts.flatMap { layout in fields.map { layout + [.field($0)] } }.prefix(maxLayouts))
        }
        return sawField ? layouts.map(DateFormat.init) : []
    }

    private static func append(_ item: DateItem, to layout: [DateItem]) -> [DateItem] {
        guard case .text(let more) = item, case .text(let text)? = layout.last else { return layout + [item] }
        return layout.dropLast() + [.text(text + more)]
    }

    /// Maximal runs of ASCII digits, of ASCII letters, and of everything else.
    private static func runs(_ text: [Unicode.Scalar]) -> [Range<Int>] {
        func kind(_ c: Unicode.Scalar) -> Int { TextToken.digits.contains(c) ? 0 : TextToken.letters.contains(c) ? 1 : 2 }
        var runs: [Range<Int>] = []
        var start = 0
        for i in text.indices where i > 0 && kind(text[i]) != kind(text[i - 1]) {
            runs.append(start..<i)
            start = i
        }
        if !text.isEmpty { runs.append(start..<text.count) }
        return runs
    }

    /// Whether the text names a month or a weekday, the only way a date prints without digits.
    static func mentionsName(_ text: [Unicode.Scalar]) -> Bool {
        TokenMatches.find(.letters, in: text).contains { run in
            // A name is 3 to 9 letters; the learner asks this of every piece of every output.
            (3...9).contains(run.count) && names.contains(CellPart.string(text[run]))
        }
    }

    /// Every month and weekday name and its three-letter abbreviation, as printed.
    private static let names: Set<String> = Set((CalendarDate.monthNames + CalendarDate.weekdayNames).flatMap { [$0, String($0.prefix(3))] })
}
