import WinnowCore
import WinnowText

/// Proposes the row programs (`sort`, `dedupe`, `filter`) that turn a state into the target outright.
///
/// A row program changes which rows there are or their order, never a cell, so it is worth trying
/// only when the state already has the target's columns: the target's rows are then a reordering
/// of the state's (a sort) or a subsequence of them (a dedupe or a filter; with sort on, also the
/// same rows in another order, for a sort to finish). Parameters are inferred from that
/// correspondence rather than enumerated, and only steps that leave exactly the target's rows are
/// proposed, so a table where no row program fits costs one comparison of rows, and the layout
/// search (Foofah's tasks) sees no new branches.
struct RowProgramInference {
    let target: [[String]]
    let width: Int
    let sorts: Bool
    let dedupes: Bool
    let filters: Bool
    /// A filter deleting rows by an empty cell is `delete-rows-with-empty-cell` when that is on.
    let emptyCellDeletes: Bool

    /// Proposals of each kind stop at this many. Alternatives that make the same table tie in the
    /// ranking (same price, same parameter count) and would be told apart only by the order the
    /// search happens to reach them, so the inference's own preference order decides: one each.
    static let limit = 1

    init(target: Table, inventory: Inventory) {
        self.target = target.rows
        width = target.columnCount
        // Row programs pad rows, so only a rectangular target can be their output.
        let rectangular = target.rows.allSatisfy { $0.count == target.columnCount }
        sorts = rectangular && inventory.enables("sort")
        dedupes = rectangular && inventory.enables("dedupe")
        filters = rectangular && inventory.enables("filter")
        emptyCellDeletes = inventory.enables("delete-rows-with-empty-cell")
    }

    func candidates(for state: Table) -> [TableOperator] {
        guard sorts || dedupes || filters, state.columnCount == width, !state.rows.isEmpty, !target.isEmpty else { return [] }
        let rows = state.rows.map { $0.count == width ? $0 : $0 + Array(repeating: "", count: width - $0.count) }
        if rows.count == target.count {
            guard sorts, rows != target, isPermutation(rows) else { return [] }
            return sortCandidates(rows)
        }
        guard rows.count > target.count else { return [] }
        // The target's rows in the state's order: the row program alone makes the target. Else,
        // with sort on, the target's rows in another order: one that leaves them to a sort after it.
        let inOrder = keptMask(rows)
        guard let kept = inOrder ?? (sorts ? multisetMask(rows) : nil) else { return [] }
        let exact = inOrder != nil
        // Both a dedupe and a single test may explain the dropped rows (the later of two `ok` notes,
        // or every row from 2020 on): both are offered and the ranking prefers the test, which
        // treats each row alike. A conjunction beside a dedupe would only memorise the repeats.
        let dedupeSteps = dedupes ? dedupeCandidates(rows, exact: exact) : []
        return dedupeSteps + (filters ? filterCandidates(rows, kept: kept, exact: exact, conjunctions: dedupeSteps.isEmpty) : [])
    }

    // MARK: - Correspondence

    private func isPermutation(_ rows: [[String]]) -> Bool {
        var counts: [[ExactText]: Int] = [:]
        for row in rows { counts[row.map(ExactText.init), default: 0] += 1 }
        for row in target {
            let key = row.map(ExactText.init)
            guard let n = counts[key], n > 0 else { return false }
            counts[key] = n - 1
        }
        return true
    }

    /// Which rows of the state the target keeps, matching target rows to the earliest state rows
    /// in order, or `nil` when the target is not a subsequence of the state.
    private func keptMask(_ rows: [[String]]) -> [Bool]? {
        var kept = [Bool](repeating: false, count: rows.count)
        var next = 0
        for (i, row) in rows.enumerated() where next < target.count && Self.sameBytes(row, target[next]) {
            kept[i] = true
            next += 1
        }
        return next == target.count ? kept : nil
    }

    /// Which rows of the state the target holds when it holds them in another order, taking equal
    /// rows first come first, or `nil` when some target row is not in the state.
    private func multisetMask(_ rows: [[String]]) -> [Bool]? {
        var wanted: [[ExactText]: Int] = [:]
        for row in target { wanted[row.map(ExactText.init), default: 0] += 1 }
        var left = target.count
        let kept = rows.map { row -> Bool in
            let key = row.map(ExactText.init)
            guard let n = wanted[key], n > 0 else { return false }
            wanted[key] = n - 1
            left -= 1
            return true
        }
        return left == 0 ? kept : nil
    }

    /// Rows equal cell for cell and byte for byte, as the row programs compare them.
    private static func sameBytes(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }

    private func reproduces(_ step: TableOperator, _ rows: [[String]]) -> Bool {
        step.apply(Table(rows))?.rows == target
    }

    /// Whether the step leaves exactly the target's rows: in its order when `exact`, else in any.
    private func keepsTargetRows(_ step: TableOperator, _ rows: [[String]], exact: Bool) -> Bool {
        guard let result = step.apply(Table(rows))?.rows else { return false }
        return exact ? result == target : result.count == target.count && isPermutation(result)
    }

    // MARK: - Sort

    /// The readings a column's cells support, most specific first: numbers and dates when at least
    /// half of the filled cells read as one (the others sort last), then text without and with case.
    private func kinds(for cells: [String]) -> [SortKind] {
        let filled = cells.filter { !$0.isEmpty }
        func enough(_ reads: (String) -> Bool) -> Bool {
            let n = filled.filter(reads).count
            return n > 0 && 2 * n >= filled.count
        }
        var kinds: [SortKind] = []
        if enough({ NumberTerm.column(0).value(in: [$0]) != nil }) { kinds.append(.number) }
        for order in DateOrder.allCases {
            let reading = DateReading(order: order)
            if enough({ reading.read($0) != nil }) { kinds.append(.date(reading)) }
        }
        return kinds + [.textIgnoringCase, .text]
    }

    /// Sorts reproducing the target. One key when one does, else a second key breaking a first
    /// key's ties. Among keys, a number or date reading before text order: a typed reading that
    /// explains the order is less likely a coincidence (ids often happen to be in the order of a
    /// date, and a header row of words sorts after digits as text). Then without a header row
    /// before with one, which is tried when the target keeps the first row on top.
    private func sortCandidates(_ rows: [[String]]) -> [TableOperator] {
        typealias Ordered = (key: SortKey, header: Bool, strict: Bool, informative: Bool)
        var ordered: [Ordered] = []
        for header in [false, true] {
            if header, rows[0] != target[0] { continue }
            let body = header ? Array(rows.dropFirst()) : rows
            let goal = header ? Array(target.dropFirst()) : target
            guard !body.isEmpty else { continue }
            // Keys whose values are in order along the target's rows (ties allowed).
            for c in 0..<width {
                for kind in kinds(for: body.map { $0[c] }) {
                    let values = goal.map { SortValue($0[c], kind: kind) }
                    for descending in [false, true] {
                        let steps = zip(values, values.dropFirst()).map { $0.order($1, descending: descending) }
                        guard steps.allSatisfy({ $0 <= 0 }) else { continue }
                        let key = SortKey(column: c, kind: kind, descending: descending)
                        ordered.append((key, header, steps.allSatisfy { $0 < 0 }, steps.contains { $0 < 0 }))
                    }
                }
            }
        }
        ordered = ordered.filter { !$0.key.kind.isText } + ordered.filter { $0.key.kind.isText }
        for candidate in ordered {
            let step = TableOperator.sort(keys: [candidate.key], header: candidate.header)
            if reproduces(step, rows) { return [step] }
        }
        // A first key that orders some rows and ties others, and a second that orders within the ties.
        for first in ordered where !first.strict && first.informative {
            for second in ordered where second.header == first.header && second.informative && second.key.column != first.key.column {
                let step = TableOperator.sort(keys: [first.key, second.key], header: first.header)
                if reproduces(step, rows) { return [step] }
            }
        }
        return []
    }

    // MARK: - Dedupe

    /// Dedupes reproducing the target: whole rows first, then by one key column.
    private func dedupeCandidates(_ rows: [[String]], exact: Bool) -> [TableOperator] {
        var found: [TableOperator] = []
        for columns in [[]] + (0..<width).map({ [$0] }) {
            for keep in KeptOccurrence.allCases {
                let step = TableOperator.dedupe(columns: columns, keep: keep)
                if keepsTargetRows(step, rows, exact: exact) { found.append(step) }
                if found.count == Self.limit { return found }
            }
        }
        return found
    }

    // MARK: - Filter

    /// A test true on every row of one side, with the rows of the other side it is false on.
    private struct Atom {
        var predicate: RowPredicate
        var excludes: [Bool]
        /// Lower is simpler; the order filters are proposed in.
        var rank: Int
    }

    /// Filters reproducing the target, simplest first: one test keeping the kept rows or deleting
    /// the dropped ones, or, when no single test separates them, the conjunction of two. First over
    /// all rows, then, when the target keeps the first row on top, over the rest with that row kept
    /// as a header (its `Amount` or `SKU` would otherwise spoil every test of the kept side).
    private func filterCandidates(_ rows: [[String]], kept: [Bool], exact: Bool, conjunctions: Bool) -> [TableOperator] {
        var tests = [separatingTests(rows, kept: kept, header: false)]
        if kept[0], rows.count > 2, Self.sameBytes(rows[0], target[0]) {
            tests.append(separatingTests(Array(rows.dropFirst()), kept: Array(kept.dropFirst()), header: true))
        }
        // The simplest first; at equal rank a single test before a conjunction, and without a
        // header before with one. Only the simplest is proposed: the ranking would otherwise weigh
        // a fitted constant list against a threshold by parameter count alone.
        var all: [(op: TableOperator, rank: Int, order: Int)] = []
        for (h, found) in tests.enumerated() {
            all += found.singles.map { ($0.op, $0.rank, h) }
            if conjunctions { all += found.pairs.map { ($0.op, $0.rank, 2 + h) } }
        }
        let best = all.enumerated().sorted { a, b in
            (a.element.rank, a.element.order, a.offset) < (b.element.rank, b.element.order, b.offset)
        }.map(\.element.op)
        return Array(best.filter { keepsTargetRows($0, rows, exact: exact) }.prefix(Self.limit))
    }

    /// Single tests and conjunctions that keep exactly the kept rows, each with its rank.
    private func separatingTests(
        _ rows: [[String]], kept: [Bool], header: Bool
    ) -> (singles: [(op: TableOperator, rank: Int)], pairs: [(op: TableOperator, rank: Int)]) {
        let keptRows = zip(rows, kept).filter(\.1).map(\.0)
        let droppedRows = zip(rows, kept).filter { !$0.1 }.map(\.0)
        let categorical = (0..<width).map { c in Set(rows.map { ExactText($0[c]) }).count < rows.count }
        var singles: [(op: TableOperator, rank: Int)] = []
        var pairs: [(op: TableOperator, rank: Int)] = []
        // Between equally simple tests, the reading that names the exceptions: delete the rows the
        // example drops when they are the fewer kinds of row (a header folded into copies of one
        // row, the cancelled orders), keep the rows it keeps when those are. A test on the more
        // varied side fits it only because the example happens to show few of its values (one
        // machine's rows, all kept, all digits).
        func kinds(_ rows: [[String]]) -> Int { Set(rows.map { $0.map(ExactText.init) }).count }
        let (droppedKinds, keptKinds) = (kinds(droppedRows), kinds(keptRows))
        let deleteFirst = droppedKinds != keptKinds ? droppedKinds < keptKinds : droppedRows.count < keptRows.count
        for keep in deleteFirst ? [false, true] : [true, false] {
            let (inside, outside) = keep ? (keptRows, droppedRows) : (droppedRows, keptRows)
            var atoms: [Atom] = []
            for c in 0..<width {
                atoms += columnAtoms(c, inside: inside.map { $0[c] }, outside: outside.map { $0[c] }, categorical: categorical[c])
            }
            if !keep, !header, emptyCellDeletes {
                atoms.removeAll { if case .isEmpty = $0.predicate { true } else { false } }
            }
            for atom in atoms where !atom.excludes.contains(false) {
                singles.append((.filter(predicate: atom.predicate, keep: keep, header: header), atom.rank))
            }
            guard singles.isEmpty else { continue }
            for i in atoms.indices {
                for j in atoms.indices where j > i {
                    guard zip(atoms[i].excludes, atoms[j].excludes).allSatisfy({ $0 || $1 }) else { continue }
                    let both = RowPredicate.both(atoms[i].predicate, atoms[j].predicate)
                    pairs.append((.filter(predicate: both, keep: keep, header: header), atoms[i].rank + atoms[j].rank))
                }
            }
        }
        return (singles, pairs)
    }

    /// The tests on column `c` true on every `inside` cell, each with the `outside` cells it is false on.
    private func columnAtoms(_ c: Int, inside: [String], outside: [String], categorical: Bool) -> [Atom] {
        var atoms: [Atom] = []
        guard !inside.isEmpty else { return atoms }
        func add(_ predicate: RowPredicate, rank: Int) {
            let excludes = outside.map { !predicate.holds(Self.row(c, $0)) }
            guard excludes.contains(true) else { return }
            atoms.append(Atom(predicate: predicate, excludes: excludes, rank: rank))
        }
        if inside.allSatisfy(\.isEmpty) { add(.isEmpty(column: c), rank: 0) }
        for cellClass: CellClass in [.digits, .letters, .alphanumeric, .date] where inside.allSatisfy(cellClass.matches) {
            add(.matches(column: c, cellClass: cellClass), rank: 1)
        }
        let numbers = inside.compactMap { NumberTerm.column(0).value(in: [$0]) }
        let numeric = numbers.count == inside.count
        var distinct: [String] = []
        for cell in inside where !distinct.contains(where: { $0.utf8.elementsEqual(cell.utf8) }) { distinct.append(cell) }
        // A list of values the column repeats (a status, a category) is a rule; a list of values it
        // holds once each (names, ids) only memorises the example, so at most one such value, last.
        // A list of numbers generalises worse than a threshold, so it ranks after one.
        if distinct.count <= 3, categorical || distinct.count == 1 {
            add(.equalsOneOf(column: c, values: distinct), rank: numeric ? 3 + distinct.count : categorical ? distinct.count : 4)
        }
        if numeric {
            let outsideNumbers = outside.compactMap { NumberTerm.column(0).value(in: [$0]) }
            for predicate in Self.thresholds(column: c, inside: numbers, outside: outsideNumbers) { add(predicate, rank: 2) }
        }
        for order in DateOrder.allCases {
            let reading = DateReading(order: order)
            let dates = inside.compactMap(reading.read)
            guard dates.count == inside.count else { continue }
            for predicate in Self.dateBounds(column: c, reading: reading, inside: dates, outside: outside.compactMap(reading.read)) {
                add(predicate, rank: 3)
            }
        }
        if !inside.contains(where: \.isEmpty) {
            // Text cut from the one value a column of distinct values shows memorises it, as a
            // one-value list does.
            let textRank = !categorical && distinct.count == 1 ? 4 : 2
            let scalars = inside.map { Array($0.unicodeScalars) }
            if let prefix = Self.shortestSeparating(Self.commonPrefix(scalars), outside: outside, test: { $0.utf8.starts(with: $1.utf8) }) {
                add(.startsWith(column: c, text: prefix), rank: textRank)
            }
            let reversed = scalars.map { Array($0.reversed()) }
            let suffix = Array(Self.commonPrefix(reversed).reversed())
            if let text = Self.shortestSeparating(suffix, outside: outside, fromEnd: true, test: RowPredicate.hasSuffix) {
                add(.endsWith(column: c, text: text), rank: textRank)
            }
            for piece in Self.pieces(of: inside[0]) where inside.allSatisfy({ TextSearch.contains($0, piece) }) {
                add(.contains(column: c, text: piece), rank: textRank + 1)
            }
        }
        return atoms
    }

    /// A row whose column `c` holds `cell`, for testing a one-column predicate on a single cell.
    private static func row(_ c: Int, _ cell: String) -> [String] {
        var row = [String](repeating: "", count: c + 1)
        row[c] = cell
        return row
    }

    private static func commonPrefix(_ cells: [[Unicode.Scalar]]) -> [Unicode.Scalar] {
        guard var prefix = cells.first else { return [] }
        for cell in cells.dropFirst() {
            let n = zip(prefix, cell).prefix { $0 == $1 }.count
            prefix.removeLast(prefix.count - n)
        }
        return prefix
    }

    /// The shortest cut of `text` at a change of character kind (letter, digit, other) that no
    /// `outside` cell passes `test` with, counting from the start (or the end).
    private static func shortestSeparating(
        _ text: [Unicode.Scalar], outside: [String], fromEnd: Bool = false, test: (String, String) -> Bool
    ) -> String? {
        guard !text.isEmpty else { return nil }
        let ordered = fromEnd ? Array(text.reversed()) : text
        for length in 1...ordered.count where length == ordered.count || kind(ordered[length]) != kind(ordered[length - 1]) {
            var cut = Array(ordered[..<length])
            if fromEnd { cut.reverse() }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: cut)
            let candidate = String(piece)
            if !outside.contains(where: { test($0, candidate) }) { return candidate }
        }
        return nil
    }

    private static func kind(_ s: Unicode.Scalar) -> Int {
        CharacterClassTest.isLetter(s) ? 0 : CharacterClassTest.isDigit(s) ? 1 : 2
    }

    /// The letter and digit runs of a cell and its other characters but spaces, each once.
    private static func pieces(of cell: String) -> [String] {
        var pieces = TableGoal.atoms(cell)
        for scalar in cell.unicodeScalars where kind(scalar) == 2 && !scalar.properties.isWhitespace {
            pieces.append(String(scalar))
        }
        var seen = Set<String>()
        return pieces.filter { seen.insert($0).inserted }
    }

    // MARK: Thresholds

    /// A lower and an upper bound on the `inside` numbers that exclude the nearest `outside` ones,
    /// each at the roundest constant in the gap (`> 100` rather than `> 99` between 99 and 120).
    private static func thresholds(column c: Int, inside: [Double], outside: [Double]) -> [RowPredicate] {
        guard let low = inside.min(), let high = inside.max() else { return [] }
        var found: [RowPredicate] = []
        if let below = outside.filter({ $0 < low }).max() {
            // `> x` for x in [below, low), `>= x` for x in (below, low].
            let strict = roundest(from: below, to: low, closedLow: true, closedHigh: false)
            let loose = roundest(from: below, to: low, closedLow: false, closedHigh: true)
            if let pick = rounder(strict, loose) {
                found.append(.number(column: c, pick == strict ? .greater : .greaterOrEqual, pick))
            }
        }
        if let above = outside.filter({ $0 > high }).min() {
            let strict = roundest(from: high, to: above, closedLow: false, closedHigh: true)
            let loose = roundest(from: high, to: above, closedLow: true, closedHigh: false)
            if let pick = rounder(strict, loose) {
                found.append(.number(column: c, pick == strict ? .less : .lessOrEqual, pick))
            }
        }
        return found
    }

    /// The rounder of two constants (the strict one on a tie).
    private static func rounder(_ strict: Double?, _ loose: Double?) -> Double? {
        guard let strict else { return loose }
        guard let loose else { return strict }
        return roundness(loose) > roundness(strict) ? loose : strict
    }

    /// The power of ten a number is a multiple of, as an exponent (between -6 and 12).
    private static func roundness(_ x: Double) -> Int {
        for exponent in stride(from: 12, through: -6, by: -1) where multiple(x, exponent) == x { return exponent }
        return -7
    }

    /// `x` rounded down to a multiple of 10^exponent, computed as decimal text would read it.
    private static func multiple(_ x: Double, _ exponent: Int) -> Double {
        let scale = pow10(abs(exponent))
        return exponent >= 0 ? (x / scale).rounded(.down) * scale : (x * scale).rounded(.down) / scale
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1) { r, _ in r * 10 } }

    /// The roundest number between `low` and `high`, each end included or not; on a tie in
    /// roundness, the smallest.
    static func roundest(from low: Double, to high: Double, closedLow: Bool, closedHigh: Bool) -> Double? {
        guard low < high || (low == high && closedLow && closedHigh) else { return nil }
        for exponent in stride(from: 12, through: -6, by: -1) {
            let scale = pow10(abs(exponent))
            var k = exponent >= 0 ? (low / scale).rounded(.down) : (low * scale).rounded(.down)
            guard k.magnitude < 1e15 else { continue }
            for _ in 0..<3 {
                let x = exponent >= 0 ? k * scale : k / scale
                if (closedLow ? x >= low : x > low) && (closedHigh ? x <= high : x < high) { return x }
                k += 1
            }
        }
        return nil
    }

    /// Date bounds on the `inside` dates excluding the nearest `outside` ones: `>=` the first of a
    /// year or month in the gap when there is one, else `>` the nearest outside date; `<` likewise.
    private static func dateBounds(column c: Int, reading: DateReading, inside: [CalendarDate], outside: [CalendarDate]) -> [RowPredicate] {
        guard let low = inside.min(by: { $0.ordinal < $1.ordinal }), let high = inside.max(by: { $0.ordinal < $1.ordinal }) else { return [] }
        var found: [RowPredicate] = []
        if let below = outside.filter({ $0.ordinal < low.ordinal }).max(by: { $0.ordinal < $1.ordinal }) {
            let round = [CalendarDate(year: low.year, month: 1, day: 1), CalendarDate(year: low.year, month: low.month, day: 1)]
                .compactMap { $0 }.first { $0.ordinal > below.ordinal }
            found.append(round.map { .date(column: c, reading, .greaterOrEqual, $0) } ?? .date(column: c, reading, .greater, below))
        }
        if let above = outside.filter({ $0.ordinal > high.ordinal }).min(by: { $0.ordinal < $1.ordinal }) {
            let nextMonth = high.month == 12 ? CalendarDate(year: high.year + 1, month: 1, day: 1) : CalendarDate(year: high.year, month: high.month + 1, day: 1)
            let round = [CalendarDate(year: high.year + 1, month: 1, day: 1), nextMonth]
                .compactMap { $0 }.first { $0.ordinal <= above.ordinal }
            found.append(round.map { .date(column: c, reading, .less, $0) } ?? .date(column: c, reading, .less, above))
        }
        return found
    }
}

extension SortKind {
    var isText: Bool { self == .text || self == .textIgnoringCase }
}
