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
/// - number, date and truth parts pay their inventory prices plus what their terms and formats cost.
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

    /// `program(_:inventory:)` with each truth-valued part priced by what it says on `rows` (`truth`):
    /// what the ranking of a version space pays, and what a caller that has the rows should weigh.
    static func program(_ program: CellProgram, rows: [[String]], inventory: TextInventory) -> Double {
        program.otherwise.reduce(self.program(program, inventory: inventory)) { $0 + onRows($1, rows: rows) }
    }

    /// What pricing a truth-valued part by what it says on `rows` (`truth`) adds to its price without
    /// them; 0 for any other part.
    static func onRows(_ part: CellPart, rows: [[String]]) -> Double {
        guard case .truth(let predicate, _) = part else { return 0 }
        return truth(predicate, rows: rows) - self.predicate(predicate)
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
