import WinnowCore

/// What the cells of one example row read as, worked out once per row.
///
/// `ValueLearner` is asked about every piece of an output that sits between token boundaries, and
/// each question needs the row's numbers, counts and dates; reading them again per piece was most
/// of the cost of building an example graph for a long output.
struct RowValues {
    let row: [String]
    /// Per column, the number the cell reads as.
    let numbers: [Double?]
    /// The date readings the inventory allows, in `DateOrder` order.
    let readings: [DateReading]
    /// Per column, the date each reading makes of the cell (`nil` where it reads none).
    let dates: [[CalendarDate?]]
    private var countsByColumn: [[(NumberTerm, Double)]?]
    private var writtenByColumn: [[(index: Int, value: Double, text: String)]?]

    init(row: [String], inventory: TextInventory) {
        self.row = row
        numbers = row.map(NumberCell.parse)
        let readings = inventory.enables("date") ? DateOrder.allCases.map { DateReading(order: $0, pivot: inventory.yearPivot) } : []
        self.readings = readings
        dates = row.map { cell in
            // Every reading needs a digit (a day or a year).
            guard cell.unicodeScalars.contains(where: TextToken.digits.contains) else { return readings.map { _ in nil } }
            return readings.map { $0.read(cell) }
        }
        countsByColumn = Array(repeating: nil, count: row.count)
        writtenByColumn = Array(repeating: nil, count: row.count)
    }

    /// How many of a cell's written numbers are named from its start: a cell holding more (a
    /// timestamp, an address) gives the learner more candidates than one example can tell apart.
    static let writtenFromStart = 3

    /// Whether `text` occurs in column `c`'s cell as it is (byte for byte, as Python's `in`).
    func cell(_ c: Int, contains text: String) -> Bool { TextSearch.contains(row[c], text) }

    /// The numbers written in column `c`'s text when the cell is not itself a number, each with the
    /// index that names it (`NumberTerm.written`): from the start, and the last from the end too.
    /// Read the first time they are asked for, which is only for an output text with a digit.
    mutating func written(inColumn c: Int) -> [(index: Int, value: Double, text: String)] {
        if let known = writtenByColumn[c] { return known }
        var named: [(index: Int, value: Double, text: String)] = []
        if numbers[c] == nil, row[c].unicodeScalars.contains(where: TextToken.digits.contains) {
            let found = WrittenNumbers.read(row[c])
            named = found.prefix(Self.writtenFromStart).enumerated().map { (index: $0.offset + 1, value: $0.element.value, text: $0.element.written) }
            if let last = found.last { named.append((index: -1, value: last.value, text: last.written)) }
        }
        writtenByColumn[c] = named
        return named
    }

    /// The counts about column `c` (`ValueLearner.countTerms`), computed the first time they are asked for.
    mutating func counts(ofColumn c: Int) -> [(NumberTerm, Double)] {
        if let known = countsByColumn[c] { return known }
        let terms = ValueLearner.countTerms(row: row, column: c)
        countsByColumn[c] = terms
        return terms
    }
}
