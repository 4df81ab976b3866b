/// The ranking of consistent cell programs: the price of a program is the sum of its parts' prices,
/// and the cheapest program is the one committed.
///
/// Each rule exists so that one example generalises to rows not yet seen:
/// - every part pays its inventory price, so fewer parts win (one substring over two pieces of it);
/// - constants pay for each word (a run of letters or digits) far more than for punctuation and
///   spaces, so text that the row holds is copied rather than written ("Dr. " is a constant, a name
///   is not), and a word is written whole rather than pieced together from stray letters of the row;
/// - the start and end of a cell are free; token positions cost little, more as the match count
///   grows, with the first and last match cheapest; a literal taken from the row (", ", "=//") is
///   cheaper than a class since it pins the place more precisely; an index from an end costs the most
///   because it is the position least likely to carry over to a cell of another length, except as
///   the end of the first character, which is the same text in a cell of any length (an initial);
/// - a case change or a whitespace clean-up pays its inventory price on top of what it changes;
/// - a filter that keeps one class of characters pays more than a substring, and is only offered when
///   some example shows it dropping a character from inside the text it keeps (otherwise the
///   example is no evidence for it);
/// - a branch pays the conditional's price and its condition's, less the inventory's
///   `writtenTextDiscount` when the condition tests for text the program writes: a branch usually
///   exists to add text the cell lacks ("add ', USA' unless the cell has 'USA'"). Rows split into
///   groups can be told apart by many tests (a word only one row has, a column the output never
///   reads), and picking one of those is a choice the examples make by chance; a test for the text
///   the program adds is implied by the program itself. With the default saving (1.5) such a branch
///   costs about one part rather than two and a half;
/// - a text replacement pays the substitute price, 1 per word of the text it looks for (a guess that
///   other rows hold that word) and the replacement's price as a constant;
/// - number, date and truth parts pay their inventory prices plus what their terms and formats cost;
/// - a number is one value: a constant that begins or ends inside a number another part prints pays
///   the inventory's `numberSpliceCharge` (`12`, `3` → `36` is a product before it is the `3` with a
///   `6` written after it, `7` → `007` a padded number), and a constant in
///   arithmetic whose value every example row holds in a cell the arithmetic does not read pays its
///   `heldConstantCharge` (`Width 12 cm`, `3` → `36` multiplies the two numbers the row holds, not
///   the `3` by a 12 it happens to hold too), as a constant word pays for text the row could lend.
///   Both depend on the rows, so they are charged where the rows are known
///   (`program(_:rows:inventory:)`, and edge by edge in the version space).
enum ProgramCost {
    static func constant(_ text: String, inventory: TextInventory) -> Double {
        var cost = inventory.cost("constant")
        let scalars = Array(text.unicodeScalars)
        let words = TokenMatches.find(.alphanumeric, in: scalars)
        for word in words { cost += 3 + 0.3 * Double(word.count) }
        return cost + 0.15 * Double(scalars.count - words.reduce(0) { $0 + $1.count })
    }

    /// `asEnd`: the position ends a substring (only the first character ends at `char(1)`).
    static func position(_ position: Position, asEnd: Bool = false) -> Double {
        switch position {
        case .fromStart(0), .fromEnd(0): return 0
        case .fromStart(1) where asEnd: return 1.5
        case .columnValue: return 0.8
        case .fromStart(let k), .fromEnd(let k): return 2.5 + 0.02 * Double(k)
        case .matchStart(let token, let k), .matchEnd(let token, let k):
            let far = Double(max(0, abs(k) - 1))
            let base: Double
            switch token {
            case .literal(let text): base = 0.25 - 0.02 * Double(min(text.unicodeScalars.count - 1, 3))
            case .whitespace: base = 0.35
            default: base = 0.3
            }
            return base + 0.2 * min(far, 1) + 0.1 * max(far - 1, 0)
        }
    }

    static func caseMap(_ map: CaseMap, inventory: TextInventory) -> Double {
        map == .keep ? 0 : inventory.cost("case") + (map == .upper ? 0 : map == .title ? 0.01 : map == .capitalize ? 0.02 : 0.03)
    }

    static func part(_ part: CellPart, inventory: TextInventory) -> Double {
        switch part {
        case .constant(let text):
            return constant(text, inventory: inventory)
        case .substring(_, let from, let to, let map):
            return inventory.cost("substring") + position(from) + position(to, asEnd: true) + caseMap(map, inventory: inventory)
        case .filter(_, let from, let to, _):
            return inventory.cost("filter") + position(from) + position(to, asEnd: true)
        case .whole(_, let spacing, let map):
            let clean = spacing == .keep ? 0 : inventory.cost("whitespace") * 0.5 + (spacing == .trim ? 0.01 : 0)
            return inventory.cost("substring") * 0.6 + clean + caseMap(map, inventory: inventory)
        case .substitute(_, let characters, let replacement):
            return inventory.cost("substitute") + 0.3 * Double(characters.unicodeScalars.count - 1)
                + (replacement.isEmpty ? 0 : constant(replacement, inventory: inventory) - inventory.cost("constant"))
        case .replaceText(_, let text, let replacement):
            // The replaced text is read from the row, but a word of it is a guess that other rows hold
            // that word too; the replacement is text the program writes.
            let words = TokenMatches.find(.alphanumeric, in: Array(text.unicodeScalars)).count
            return inventory.cost("substitute") + 1.0 * Double(words) + 0.1 * Double(text.unicodeScalars.count)
                + (replacement.isEmpty ? 0 : constant(replacement, inventory: inventory) - inventory.cost("constant"))
        case .number(let term, let format):
            return inventory.cost("number") + term.cost(under: inventory) + format.cost
        case .date(_, let reading, let format):
            return inventory.cost("date") + reading.cost + format.cost
        case .truth(let predicate, _):
            return inventory.cost("truth") + self.predicate(predicate)
        }
    }

    /// A truth-valued cell prefers, among the predicates that give the example's value (on the first
    /// of `rows`), the one whose value says the most: the strongest relation when it holds (equal
    /// before contained), the weakest when it fails (not even contained before not equal). A
    /// containment that fails on every row because the text looked for is longer than the text it is
    /// looked for in says nothing the lengths did not: an example chosen to show that test would
    /// have given it a chance to hold, so it is priced below every test the rows exercised ("ABC",
    /// "D" → false is "ABC" does not contain "D", not "D" does not contain "ABC").
    static func truth(_ predicate: CellPredicate, rows: [[String]]) -> Double {
        guard let value = rows.first.flatMap(predicate.evaluate) else { return self.predicate(predicate) }
        switch predicate {
        case .equalsColumn: return value ? 0.2 : 0.3
        case .containsColumn(let c, let other):
            if !value, rows.allSatisfy({ CellPart.cell($0, other).unicodeScalars.count > CellPart.cell($0, c).unicodeScalars.count }) {
                return 0.4
            }
            return value ? 0.3 : 0.2
        default: return self.predicate(predicate)
        }
    }

    /// `program(_:inventory:)` with each truth-valued part priced by what it says on `rows` (`truth`)
    /// and the charges on numbers each arm earns on the rows that take it (`numberCharges`): what the
    /// ranking of a version space pays, and what a caller that has the rows should weigh.
    /// `records`, when given, holds each row's record as the example input had it (`RowNumbers`).
    static func program(_ program: CellProgram, rows: [[String]], records: [[String]]? = nil, inventory: TextInventory) -> Double {
        var cost = self.program(program, inventory: inventory)
        for part in program.otherwise {
            if case .truth(let predicate, _) = part { cost += truth(predicate, rows: rows) - self.predicate(predicate) }
        }
        return cost + numberCharges(program, rows: rows, records: records, inventory: inventory)
    }

    /// What pricing a part on `rows` adds to its price without them: a truth value by what it says
    /// (`truth`), a number by the constants the rows hold. The version space's price of a part on an
    /// edge, where every row takes the same parts.
    static func onRows(_ part: CellPart, rows: [[String]], numbers: RowNumbers, inventory: TextInventory) -> Double {
        switch part {
        case .truth(let predicate, _): truth(predicate, rows: rows) - self.predicate(predicate)
        case .number(let term, _): heldConstants(term, numbers: numbers, inventory: inventory)
        default: 0
        }
    }

    /// A number is one value (see the type's rules): each arm of the program (a branch, or
    /// `otherwise`) pays for its constants that splice a number on some row that takes
    /// it, and for the arithmetic constants every row that takes it holds.
    static func numberCharges(_ program: CellProgram, rows: [[String]], records: [[String]]? = nil, inventory: TextInventory) -> Double {
        guard program.pricedOnRows, inventory.numberSpliceCharge > 0 || inventory.heldConstantCharge > 0 else { return 0 }
        let records = records?.count == rows.count ? records : nil
        var taking = [[Int]](repeating: [], count: program.branches.count + 1)
        for (index, row) in rows.enumerated() {
            let arm = program.branches.firstIndex { $0.condition.evaluate(row) == true } ?? program.branches.count
            taking[arm].append(index)
        }
        var charge = 0.0
        for (arm, members) in taking.enumerated() where !members.isEmpty {
            let parts = arm < program.branches.count ? program.branches[arm].parts : program.otherwise
            let rows = members.map { rows[$0] }
            let numbers = RowNumbers(rows, records: records.map { records in members.map { records[$0] } })
            for part in parts {
                if case .number(let term, _) = part { charge += heldConstants(term, numbers: numbers, inventory: inventory) }
            }
            var spliced = Set<Int>()
            for row in rows { spliced.formUnion(splicingConstants(parts, row: row)) }
            charge += inventory.numberSpliceCharge * Double(spliced.count)
        }
        return charge
    }

    /// The indices of the constants among `parts` that, on `row`, begin or end inside a number
    /// (`insideNumber`).
    static func splicingConstants(_ parts: [CellPart], row: [String]) -> [Int] {
        guard parts.count > 1 else { return [] }
        var output: [Unicode.Scalar] = []
        var constants: [(index: Int, range: Range<Int>)] = []
        for (index, part) in parts.enumerated() {
            guard let text = part.render(row) else { return [] }
            let start = output.count
            output += text.unicodeScalars
            if case .constant = part { constants.append((index, start..<output.count)) }
        }
        let inside = insideNumber(output)
        return constants.filter { inside[$0.range.lowerBound] || inside[$0.range.upperBound] }.map(\.index)
    }

    /// For each boundary of `output` (0 through its length), whether it falls inside a number:
    /// between two of its digits, or beside the one decimal point of a run of digits and points that
    /// has one. A constant that begins or ends there writes part of a number whose other part comes
    /// from elsewhere (`13` before a copied `.50`, a `6` after a copied `3`); the points of
    /// `1.769.858.438` separate numbers, as a phone number's do. One pass, so that the version space
    /// can ask it of every constant edge.
    static func insideNumber(_ output: [Unicode.Scalar]) -> [Bool] {
        let digit = output.map(TextToken.digits.contains)
        var inNumber = digit
        var start = 0
        while start < output.count {
            guard digit[start] || output[start] == "." else {
                start += 1
                continue
            }
            var end = start
            while end < output.count, digit[end] || output[end] == "." { end += 1 }
            let points = (start..<end).filter { output[$0] == "." }
            if points.count == 1, let point = points.first, point > start, point + 1 < end { inNumber[point] = true }
            start = end
        }
        return (0...output.count).map { $0 > 0 && $0 < output.count && inNumber[$0 - 1] && inNumber[$0] }
    }

    /// `insideNumber`, or inside a run of letters: a constant there writes part of a word whose other
    /// part is copied (`zebr` and a copied `a`). From one row such a program is the example written
    /// out around a stray character, not a rule (`GraphRanking.top(_:reading:)`).
    static func insideWord(_ output: [Unicode.Scalar], insideNumber: [Bool]) -> [Bool] {
        let letter = output.map(TextToken.letters.contains)
        return insideNumber.indices.map { b in insideNumber[b] || (b > 0 && b < output.count && letter[b - 1] && letter[b]) }
    }

    /// `heldConstantCharge` for each constant of `term` that every row holds as a number in a cell
    /// the term does not read.
    static func heldConstants(_ term: NumberTerm, numbers: RowNumbers, inventory: TextInventory) -> Double {
        guard inventory.heldConstantCharge > 0 else { return 0 }
        let constants = term.constants
        guard !constants.isEmpty else { return 0 }
        let read = term.columns
        return inventory.heldConstantCharge * Double(constants.filter { numbers.everyRowHolds($0, outside: read) }.count)
    }

    static func predicate(_ predicate: CellPredicate) -> Double {
        switch predicate {
        case .equalsColumn: 0.25
        case .containsColumn: 0.25
        case .isEmpty: 0.3
        case .contains(_, let text): 0.5 + 0.01 * Double(text.unicodeScalars.count)
        case .endsWith(_, let text), .startsWith(_, let text): 0.55 + 0.01 * Double(text.unicodeScalars.count)
        case .matches: 0.6
        case .compare: 0.8
        case .not(let inner): 0.1 + self.predicate(inner)
        }
    }

    static func program(_ program: CellProgram, inventory: TextInventory) -> Double {
        var cost = program.otherwise.reduce(0) { $0 + part($1, inventory: inventory) }
        let written = (program.otherwise + program.branches.flatMap(\.parts)).compactMap { part -> String? in
            if case .constant(let text) = part { return text }
            return nil
        }
        for branch in program.branches {
            cost += inventory.cost("conditional") + predicate(branch.condition)
            if let tested = branch.condition.testedText, written.contains(where: { $0.contains(tested) }) {
                cost -= inventory.writtenTextDiscount
            }
            cost += branch.parts.reduce(0) { $0 + part($1, inventory: inventory) }
        }
        return cost
    }
}

extension CellProgram {
    /// Whether the program's price depends on the rows it was learned from
    /// (`CellSynthesizer.cost(of:rows:)`): it prints a truth value, computes with a constant, or
    /// writes a constant that begins or ends with a digit or a decimal mark beside another part. A
    /// caller that prices programs on their examples needs the rows only for these.
    public var pricedOnRows: Bool {
        if otherwise.contains(where: { if case .truth = $0 { true } else { false } }) { return true }
        return ([otherwise] + branches.map(\.parts)).contains { parts in
            parts.contains { part in
                switch part {
                case .number(let term, _): !term.constants.isEmpty
                case .constant(let text):
                    parts.count > 1
                        && [text.unicodeScalars.first, text.unicodeScalars.last].contains { end in
                            end.map { TextToken.digits.contains($0) || $0 == "." } == true
                        }
                default: false
                }
            }
        }
    }
}

/// The numbers each row holds, by column: a number cell's value, or the numbers written in a text
/// (`WrittenNumbers`). Read the first time a price asks, once per ranking, since the version space
/// asks about every arithmetic part on every edge.
///
/// A step of a pipeline reads rows that earlier steps made, and a pipeline that drops the cell
/// holding a number before the step that multiplies by it has not made the number any less the
/// row's: `records`, when the step's rows are still the example input's rows in place, holds each
/// row's record as the input had it, and its cells count as the row's, after the row's own columns
/// (so never as a column the term reads), except those the row still holds as they are.
final class RowNumbers {
    private let rows: [[String]]
    private let records: [[String]]?
    private var byRow: [[Set<Double>]]?

    init(_ rows: [[String]], records: [[String]]? = nil) {
        self.rows = rows
        self.records = records?.count == rows.count ? records : nil
    }

    /// Whether every row (and there is one) holds `value` in a column outside `read`.
    func everyRowHolds(_ value: Double, outside read: Set<Int>) -> Bool {
        let byRow = byRow ?? rows.indices.map { i in
            let row = rows[i]
            let moved = records.map { records in records[i].filter { !row.contains($0) } } ?? []
            return (row + moved).map { cell in NumberCell.parse(cell).map { [$0] } ?? Set(WrittenNumbers.values(cell)) }
        }
        self.byRow = byRow
        return !byRow.isEmpty && byRow.allSatisfy { columns in columns.indices.contains { !read.contains($0) && columns[$0].contains(value) } }
    }
}
