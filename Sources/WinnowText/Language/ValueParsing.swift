import WinnowCore

/// Reading back what the number and date values print inside a cell program, so that
/// `CellProgram(parsing:)` can hand each its own text.
extension NumberTerm {
    /// Parses the text `description` prints, e.g. `number(column: 2)`.
    public init(parsing text: String) throws(WinnowError) {
        var reader = CellTextReader(text)
        try reader.expect("number(", "a number (number(column: c))")
        try reader.label("column", of: "number", first: true)
        let column = try reader.int("column")
        try reader.close("number")
        guard reader.atEnd else { throw reader.failure("unexpected text after the number") }
        self = .column(column)
    }
}

extension NumberFormat {
    /// Parses the text `description` prints, e.g. `decimals: 0`.
    public init(parsing text: String) throws(WinnowError) {
        var reader = CellTextReader(text)
        try reader.label("decimals", of: "format", first: true)
        let decimals = try reader.int("decimals")
        guard reader.atEnd else { throw reader.failure("unexpected text after the number format") }
        self.init(decimals: decimals)
    }
}

extension DateReading {
    /// Parses the text `description` prints.
    public init(parsing text: String) throws(WinnowError) {
        guard text == DateReading().description else { throw WinnowError(.badInput, "\(text): expected a date reading (date)") }
        self.init()
    }
}

extension DateFormat {
    /// Parses the text `description` prints.
    public init(parsing text: String) throws(WinnowError) {
        guard text == DateFormat().description else { throw WinnowError(.badInput, "\(text): expected a date format (date)") }
        self.init()
    }
}
