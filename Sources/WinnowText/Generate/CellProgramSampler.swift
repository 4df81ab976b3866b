/// Draws random but plausible cell programs over example rows.
///
/// Two users need programs that are neither hand-picked nor learned: differential tests (Swift
/// against the exported Python, `description` against parsing) want many varied programs, and the
/// table task generator wants cell-program tasks so that expert iteration sees text transforms, not
/// only layout. "Plausible" means built from the rows' own content, the way a person would write a
/// transform for them: cuts at tokens and separators that occur in the cells, tests on text the cells
/// hold, a conditional whose condition splits the rows. Every draw comes from the caller's generator,
/// so a seeded generator replays the same programs.
public struct CellProgramSampler: Sendable {
    /// The parts, token classes, case maps, clean-ups, truth styles and branch count drawn from.
    public var inventory: TextInventory
    /// How many programs `sample` draws before it gives up on the rows.
    public var attempts: Int

    public init(inventory: TextInventory = .standard, attempts: Int = 60) {
        self.inventory = inventory
        self.attempts = attempts
    }

    /// A program applicable to every row that writes a non-empty cell on each, reads at least one
    /// column, does not merely copy one, and (given two rows or more) does not write the same cell on
    /// all of them; `nil` when no draw within `attempts` is such a program.
    public func sample(rows: [[String]], using random: inout some RandomNumberGenerator) -> CellProgram? {
        guard !rows.isEmpty, width(rows) > 0 else { return nil }
        for _ in 0..<attempts {
            let program = draw(rows, &random)
            if let program, accepts(program, rows) { return program }
        }
        return nil
    }

    /// Whether `sample` may return the program for these rows.
    public func accepts(_ program: CellProgram, _ rows: [[String]]) -> Bool {
        var outputs: [String] = []
        for row in rows {
            guard let output = program.apply(row), !output.isEmpty else { return false }
            outputs.append(output)
        }
        guard !program.columns.isEmpty else { return false }
        let copiesAColumn = (0..<width(rows)).contains { c in zip(rows, outputs).allSatisfy { CellPart.cell($0, c) == $1 } }
        return !copiesAColumn && (rows.count < 2 || Set(outputs).count > 1)
    }

    private func width(_ rows: [[String]]) -> Int { rows.map(\.count).max() ?? 0 }

    private func draw(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> CellProgram? {
        let maxBranches = inventory.enables("conditional") ? min(2, inventory.maxBranches) : 0
        guard maxBranches > 0, rows.count >= 2, Self.chance(0.25, &random) else {
            return parts(rows, &random).map { CellProgram(otherwise: $0) }
        }
        var branches: [CellBranch] = []
        var remaining = rows
        for _ in 0..<Int.random(in: 1...maxBranches, using: &random) {
            guard let condition = splittingPredicate(remaining, &random) else { break }
            let taken = remaining.filter { condition.evaluate($0) == true }
            guard let branchParts = parts(taken, &random) else { return nil }
            branches.append(CellBranch(condition: condition, parts: branchParts))
            remaining = remaining.filter { condition.evaluate($0) == false }
        }
        guard !branches.isEmpty, let otherwise = parts(remaining, &random) else { return nil }
        return CellProgram(branches: branches, otherwise: otherwise)
    }

    // MARK: Parts

    /// One to three parts for the rows, never two constants in a row (one constant says the same).
    private func parts(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> [CellPart]? {
        let count = [1, 1, 1, 2, 2, 3].randomElement(using: &random)!
        var out: [CellPart] = []
        for _ in 0..<(count * 3) where out.count < count {
            guard let part = part(rows, &random) else { continue }
            if case .constant = part, case .constant? = out.last { continue }
            out.append(part)
        }
        return out.isEmpty ? nil : out
    }

    private func part(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> CellPart? {
        let kinds: [(name: String, weight: Double)] = [
            ("substring", 5), ("constant", 3), ("whitespace", 1.5), ("case", 1.5), ("truth", 1), ("number", 1), ("substitute", 1),
            ("filter", 0.7),
        ].filter { inventory.enables($0.name) }
        guard !kinds.isEmpty else { return nil }
        switch kinds[Self.weighted(kinds.map(\.weight), &random)].name {
        case "substring": return substring(rows, &random)
        case "constant": return .constant(Self.constants.randomElement(using: &random)!)
        case "whitespace", "case": return whole(rows, &random)
        case "truth":
            guard let predicate = predicate(rows, &random), let style = inventory.truthStyles.randomElement(using: &random) else { return nil }
            return .truth(predicate, style)
        case "number": return number(rows, &random)
        case "filter": return filter(rows, &random)
        default: return substitute(rows, &random)
        }
    }

    /// Text a person adds around copied pieces: separators, titles, labels, and some beyond ASCII.
    static let constants = [" ", ", ", "-", "/", ".", ": ", "(", ")", " - ", "Dr. ", "#", "@", "ID ", "+1 ", "N/A", "°", "é", " → ", "\"", "\\"]

    private func substring(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> CellPart? {
        guard let column = filledColumn(rows, &random), let reference = rows.randomElement(using: &random) else { return nil }
        let cell = Array(CellPart.cell(reference, column).unicodeScalars)
        let candidates = positions(in: cell, row: reference, width: width(rows))
        for _ in 0..<12 {
            let from = candidates.randomElement(using: &random)!, to = candidates.randomElement(using: &random)!
            guard let start = from.resolve(in: cell, row: reference), let end = to.resolve(in: cell, row: reference), start < end else { continue }
            return .substring(column: column, from: from, to: to, case: caseMap(&random, keep: 0.75))
        }
        return nil
    }

    /// The characters of one class between two positions, over a span that holds some of them.
    private func filter(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> CellPart? {
        guard case .substring(let c, let from, let to, _)? = substring(rows, &random),
            let token = inventory.filterClasses.randomElement(using: &random)
        else { return nil }
        return .filter(column: c, from: from, to: to, keeping: token)
    }

    /// Every position the cell offers: its ends, a few indexes from either end, the matches of the
    /// inventory's classes and of the separators it holds, and counts other columns of the row hold.
    private func positions(in cell: [Unicode.Scalar], row: [String], width: Int) -> [Position] {
        var out: [Position] = [.fromStart(0), .fromEnd(0)]
        for k in 1..<max(1, min(5, cell.count)) { out += [.fromStart(k), .fromEnd(k)] }
        var tokens = inventory.tokens
        if inventory.literalTokens {
            var separators: [String] = []
            for s in cell where !TextToken.alphanumeric.contains(s) && !separators.contains(String(s)) { separators.append(String(s)) }
            tokens += separators.map(TextToken.literal)
        }
        for token in tokens {
            let count = TokenMatches.find(token, in: cell).count
            guard count > 0 else { continue }
            var picks: [Int] = []
            for k in [1, 2, count, -1, -2] where abs(k) <= count && !picks.contains(k) { picks.append(k) }
            for k in picks {
                out += [.matchStart(token, k), .matchEnd(token, k)]
            }
        }
        for c in 0..<width where Position.count(in: CellPart.cell(row, c)) != nil {
            out += [.columnValue(column: c, fromEnd: false), .columnValue(column: c, fromEnd: true)]
        }
        return out
    }

    private func whole(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> CellPart? {
        guard let column = filledColumn(rows, &random) else { return nil }
        let spacing = ([Spacing.keep] + inventory.spacings).randomElement(using: &random)!
        return .whole(column: column, spacing: spacing, case: caseMap(&random, keep: 0.4))
    }

    private func substitute(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> CellPart? {
        guard let column = filledColumn(rows, &random), let reference = rows.randomElement(using: &random) else { return nil }
        let cell = Array(CellPart.cell(reference, column).unicodeScalars)
        if Self.chance(0.3, &random), let word = TokenMatches.find(.letters, in: cell).randomElement(using: &random) {
            // A word of the row replaced by another, or removed.
            let replacement = ["", "St", "Avenue", "-", "X"].randomElement(using: &random)!
            return .replaceText(column: column, text: CellPart.string(cell[word]), with: replacement)
        }
        let separators = cell.filter { !TextToken.alphanumeric.contains($0) }
        guard let target = separators.randomElement(using: &random) else { return nil }
        var characters = String(target)
        if let other = separators.randomElement(using: &random), other != target, Self.chance(0.3, &random) { characters.unicodeScalars.append(other) }
        let replacement = ["", " ", "-", "_", ", "].filter { $0 != characters }.randomElement(using: &random)!
        return .substitute(column: column, characters: characters, with: replacement)
    }

    private func caseMap(_ random: inout some RandomNumberGenerator, keep: Double) -> CaseMap {
        Self.chance(keep, &random) ? .keep : inventory.caseMaps.randomElement(using: &random) ?? .keep
    }

    /// A column that is non-empty on every row, when there is one.
    private func filledColumn(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> Int? {
        (0..<width(rows)).filter { c in rows.allSatisfy { !CellPart.cell($0, c).isEmpty } }.randomElement(using: &random)
    }

    // MARK: Numbers and dates

    /// The one place the sampler builds number parts and terms, kept apart so that it follows the
    /// number types as they grow: a column of whole numbers, or (one time in three, where a column's
    /// text holds a number on every row) the first or last number written in a text, printed as a
    /// whole number.
    private func number(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> CellPart? {
        let texts = (0..<width(rows)).filter { c in
            rows.allSatisfy { row in
                let cell = CellPart.cell(row, c)
                return NumberCell.parse(cell) == nil && WrittenNumbers.number(1, in: cell) != nil
            }
        }
        if !texts.isEmpty, Self.chance(1.0 / 3, &random), let c = texts.randomElement(using: &random) {
            return .number(.written(column: c, index: Self.chance(0.5, &random) ? 1 : -1), NumberFormat(decimals: 0))
        }
        return numberColumn(rows, &random).map { .number(.column($0), NumberFormat(decimals: 0)) }
    }

    private func numberColumn(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> Int? {
        (0..<width(rows)).filter { c in rows.allSatisfy { Self.isWholeNumber(CellPart.cell($0, c)) } }.randomElement(using: &random)
    }

    /// An optional minus and one to nine ASCII digits: text every reader of numbers agrees on.
    static func isWholeNumber(_ text: String) -> Bool {
        let digits = text.unicodeScalars.first == "-" ? Array(text.unicodeScalars.dropFirst()) : Array(text.unicodeScalars)
        return (1...9).contains(digits.count) && digits.allSatisfy(TextToken.digits.contains)
    }

    // MARK: Predicates

    /// A test decidable on every row that holds on some and fails on others.
    private func splittingPredicate(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> CellPredicate? {
        for _ in 0..<16 {
            guard let predicate = predicate(rows, &random) else { continue }
            let values = rows.map { predicate.evaluate($0) }
            if !values.contains(nil), Set(values).count == 2 { return predicate }
        }
        return nil
    }

    private func predicate(_ rows: [[String]], _ random: inout some RandomNumberGenerator) -> CellPredicate? {
        let width = width(rows)
        guard width > 0, let row = rows.randomElement(using: &random) else { return nil }
        let column = Int.random(in: 0..<width, using: &random)
        let cell = Array(CellPart.cell(row, column).unicodeScalars)
        let inner: CellPredicate?
        switch Int.random(in: 0..<8, using: &random) {
        case 0: inner = .isEmpty(column: column)
        case 1: inner = Self.slice(cell, &random).map { .contains(column: column, text: $0) }
        case 2: inner = cell.isEmpty ? nil : .startsWith(column: column, text: CellPart.string(Array(cell.prefix(Int.random(in: 1...2, using: &random)))))
        case 3: inner = cell.isEmpty ? nil : .endsWith(column: column, text: CellPart.string(Array(cell.suffix(Int.random(in: 1...2, using: &random)))))
        case 4: inner = inventory.tokens.randomElement(using: &random).map { .matches(column: column, token: $0) }
        case 5: inner = width < 2 ? nil : .containsColumn(column: column, other: (column + Int.random(in: 1..<width, using: &random)) % width)
        case 6: inner = width < 2 ? nil : .equalsColumn(column: column, other: (column + Int.random(in: 1..<width, using: &random)) % width)
        default:
            guard let c = numberColumn(rows, &random), let value = Double(CellPart.cell(row, c)) else { return nil }
            inner = .compare(.column(c), Comparison.allCases.randomElement(using: &random)!, value)
        }
        guard let inner else { return nil }
        return Self.chance(0.15, &random) ? .not(inner) : inner
    }

    /// One to three consecutive characters of the cell.
    private static func slice(_ cell: [Unicode.Scalar], _ random: inout some RandomNumberGenerator) -> String? {
        guard !cell.isEmpty else { return nil }
        let start = Int.random(in: 0..<cell.count, using: &random)
        let end = min(cell.count, start + Int.random(in: 1...3, using: &random))
        return CellPart.string(Array(cell[start..<end]))
    }

    // MARK: Draws

    private static func chance(_ p: Double, _ random: inout some RandomNumberGenerator) -> Bool {
        Double.random(in: 0..<1, using: &random) < p
    }

    private static func weighted(_ weights: [Double], _ random: inout some RandomNumberGenerator) -> Int {
        var x = Double.random(in: 0..<weights.reduce(0, +), using: &random)
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }
}
