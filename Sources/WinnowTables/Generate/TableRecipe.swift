import WinnowControl

/// Everything about a messy table but its values: the layout, each column's style, and the mess
/// (a header row, blank cells and rows, merged cells).
///
/// A task's visible table and its held-out tables are drawn from one recipe, as a user's next
/// export has the same shape as the one they showed: the pipeline that reshapes one then reshapes
/// the others, while the values (and the number of records) change.
struct TableRecipe: Hashable, Sendable {
    enum Layout: String, CaseIterable, Sendable {
        /// One record per row; cells may be `label: value`; the first column may be a merged group.
        case records
        /// A key column, then a series of value columns (quarters, years) under an optional header.
        case wide
        /// Two columns, field name and value; each record is a run of consecutive rows.
        case keyValuePairs
        /// Three columns: record key, field name, value.
        case long
        /// Each record spans a few rows of a few columns, as a printed report lays it out.
        case stacked
    }

    var layout: Layout
    /// Column styles: per column for `records` and `wide` (key, then the value style), per field for
    /// `keyValuePairs` and `long` (after the key style), and row by row for `stacked`.
    var styles: [CellStyle]
    /// Field names of `keyValuePairs` and `long`.
    var fields: [String] = []
    /// Number of value columns of `wide`; columns per row of `stacked`.
    var width = 0
    /// The header row, when the table has one.
    var header: [String]?
    /// How many records a table holds; each table draws its own count.
    var records: ClosedRange<Int>
    /// Chance that a value cell is left blank.
    var blankRate = 0.0
    /// Whether a blank row separates records (or, for `records`, interrupts the rows once).
    var blankRows = false
    /// Whether the first column is written once per group or record and left blank below, as
    /// spreadsheets export merged cells.
    var mergedFirst = false

    /// Tables have 2–9 rows; this many rows are left for records after the header and blank rows.
    static let maxRows = 9

    static func random(random: inout SeededDraws) -> TableRecipe {
        switch random.element(of: Layout.allCases) {
        case .records: records(random: &random)
        case .wide: wide(random: &random)
        case .keyValuePairs: keyValuePairs(random: &random)
        case .long: long(random: &random)
        case .stacked: stacked(random: &random)
        }
    }

    private static func records(random: inout SeededDraws) -> TableRecipe {
        let merged = random.chance(0.3)
        let count = random.int(in: 2...6)
        var styles = random.sample(CellKind.allCases, count: count).map { CellStyle.random($0, random: &random) }
        if merged { styles[0] = CellStyle.random(.word, random: &random) }
        if random.chance(0.25) {
            for c in random.sample(Array(1..<count), count: random.int(in: 1...2)) {
                styles[c] = styles[c].labelled(random: &random)
            }
        }
        let header = random.chance(0.4) ? styles.map { random.element(of: $0.kind.titles) } : nil
        let blankRows = random.chance(0.2)
        let room = maxRows - (header == nil ? 0 : 1) - (blankRows ? 1 : 0)
        return TableRecipe(
            layout: .records, styles: styles, header: header, records: 2...room,
            blankRate: random.chance(0.4) ? 0.15 : 0, blankRows: blankRows, mergedFirst: merged)
    }

    private static func wide(random: inout SeededDraws) -> TableRecipe {
        let key = CellStyle.random(random.element(of: [.name, .code]), random: &random)
        let value = CellStyle.random(random.element(of: [.money, .number, .word, .date]), random: &random)
        let width = random.int(in: 2...5)
        var header: [String]?
        if random.chance(0.6) {
            let corner = random.chance(0.5) ? random.element(of: key.kind.titles) : ""
            header = [corner] + random.element(of: Vocabulary.series).prefix(width)
        }
        return TableRecipe(
            layout: .wide, styles: [key, value], width: width, header: header,
            records: 2...(maxRows - (header == nil ? 0 : 1)), blankRate: random.chance(0.4) ? 0.2 : 0)
    }

    private static func keyValuePairs(random: inout SeededDraws) -> TableRecipe {
        let (styles, fields) = fieldStyles(count: random.int(in: 2...4), random: &random)
        let colon = random.chance(0.3)
        let blankRows = random.chance(0.25)
        let perRecord = styles.count + (blankRows ? 1 : 0)
        return TableRecipe(
            layout: .keyValuePairs, styles: styles, fields: colon ? fields.map { $0 + ":" } : fields,
            records: 1...((maxRows + (blankRows ? 1 : 0)) / perRecord), blankRate: random.chance(0.25) ? 0.1 : 0,
            blankRows: blankRows)
    }

    private static func long(random: inout SeededDraws) -> TableRecipe {
        let key = CellStyle.random(random.element(of: [.name, .code]), random: &random)
        let (styles, fields) = fieldStyles(count: random.int(in: 2...3), random: &random)
        return TableRecipe(
            layout: .long, styles: [key] + styles, fields: fields, records: 1...(maxRows / styles.count),
            blankRate: random.chance(0.2) ? 0.1 : 0)
    }

    private static func stacked(random: inout SeededDraws) -> TableRecipe {
        let rows = random.int(in: 2...3)
        let width = random.int(in: 2...3)
        let styles = (0..<(rows * width)).map { _ in CellStyle.random(random: &random) }
        let blankRows = random.chance(0.25)
        let perRecord = rows + (blankRows ? 1 : 0)
        return TableRecipe(
            layout: .stacked, styles: styles, width: width,
            records: 2...((maxRows + (blankRows ? 1 : 0)) / perRecord), blankRows: blankRows,
            mergedFirst: random.chance(0.5))
    }

    /// Styles of distinct kinds with one field name each (titles of different kinds never clash).
    private static func fieldStyles(count: Int, random: inout SeededDraws) -> ([CellStyle], [String]) {
        let kinds = random.sample(CellKind.allCases, count: count)
        return (kinds.map { CellStyle.random($0, random: &random) }, kinds.map { random.element(of: $0.titles) })
    }
}
