import BitCollections
import WinnowCore
import WinnowText

/// What the search knows about the target table, and the distance estimate built on it.
///
/// The estimate counts the operators a state still needs. With the target's row count it matches
/// columns exactly: a drop per junk column, a step per two missing target columns (one more if records
/// are misaligned), and `n − LIS` moves. With another row count it looks one reshape ahead and scores
/// the result the same way, so both sides of a reshape are on one scale (see `refinedEstimate`). A
/// fraction for cells already in their target position breaks ties toward states that look like the
/// goal. Per-text facts are memoised by the text's number in the goal's `CellPool`, since the same
/// cell texts recur across thousands of states; states are numbered by the goal (`state(_:)`).
/// Not thread-safe: one search owns one goal.
final class TableGoal {
    let target: Table
    let rowCount: Int
    let columnCount: Int
    /// Every distinct non-empty target cell.
    let cells: Set<String>
    /// All target cells joined by `separator`, and at both ends, for substring tests.
    let text: String
    /// `text` as bytes, to read the characters around an occurrence.
    private let textBytes: [UInt8]
    /// A control character cell text does not use; a text containing it is tested cell by cell.
    static let separator: Unicode.Scalar = "\u{1}"
    /// `cells` compared by bytes.
    private let exactCells: Set<ExactText>
    /// Distinct non-empty values of each target column.
    let columnValues: [[String]]
    /// Number of target columns whose every cell is empty.
    let emptyColumns: Int
    let cellCount: Int
    /// Each target column's full content, for matching columns of states with the target's rows.
    let targetColumns: [[String]]
    /// `targetColumns` as numbers.
    let targetColumnIDs: [[CellID]]
    /// The target as a state of this goal's searches.
    private let targetState: TableState

    private let pool: CellPool
    /// Facts of each text, at its number, once asked for.
    private var factsByID: [Facts?] = []
    /// Traits of each text, at its number, once asked for.
    private var traitsByID: [CellTraits?] = []

    /// What the search needs to know about one cell text, computed once per distinct text.
    private struct Facts {
        var role: Role
        /// Which target atoms the text contains, as a bit set over `targetAtoms`.
        var contributions: [UInt64]
        /// The text's position in `targetCellList` when it is a target cell.
        var exactIndex: Int?
    }
    /// Every distinct non-empty target cell, in a fixed order, and each one's position.
    let targetCellList: [String]
    private let targetCellIndex: [String: Int]
    /// `columnValues` as positions in `targetCellList`.
    private let columnValueIndices: [[Int]]
    /// Every distinct letter run and digit run in the target's text, in a fixed order for bit sets.
    let targetAtoms: [String]
    /// The target atoms a state must still hold somewhere: all of them, or, when cell programs may
    /// write text, those the start table holds (the others can only come from a program's constants
    /// and formats, so their absence says nothing about a state).
    private let allReached: [UInt64]
    private var patternsBySource: [CellRun: [ExtractPattern]] = [:]
    /// Cell programs to a target column, learned from a set of columns in their canonical order.
    private var programsByColumns: [ProgramKey: [RankedCellProgram]] = [:]
    /// Per target column, the sets of columns (canonical order) from which no branch-free program
    /// computes it: none does from any part of such a set either.
    private var unlearnable: [Int: [[CellRun]]] = [:]
    private let synthesizer: CellSynthesizer?
    /// The start table (`isStart`).
    private let startState: TableState?

    private struct ProgramKey: Hashable {
        /// A state's columns, sorted by their cells' numbers.
        var columns: [CellRun]
        var column: Int
        /// Whether the programs may branch (`isStart`).
        var conditionals: Bool
    }

    /// How a piece of text can contribute to the target.
    enum Role {
        /// It is a target cell.
        case exact
        /// It contains target text and must be split or extracted from.
        case container
        /// It is part of a target cell and must be merged with something.
        case piece
        /// The target never uses it: its column must be dropped.
        case useless
    }

    /// The operators the search may use; the lookahead only considers enabled reshapes.
    let inventory: Inventory?

    /// `start` is the table the search begins from; it matters only when the inventory enables cell
    /// programs, which may write target text the start lacks.
    /// `deadline` bounds the cell-program synthesis the goal runs for the search (`CellSynthesizer.deadline`).
    init(_ target: Table, inventory: Inventory? = nil, start: Table? = nil, deadline: ContinuousClock.Instant? = nil) {
        self.inventory = inventory
        let writesText = inventory?.enablesCellPrograms ?? false
        synthesizer = writesText ? inventory.map { inventory in
            var synthesizer = CellSynthesizer(inventory: inventory.text)
            synthesizer.deadline = deadline
            return synthesizer
        } : nil
        self.target = target
        let pool = CellPool()
        self.pool = pool
        let targetState = pool.state(target)
        self.targetState = targetState
        startState = start.map(pool.state)
        rowCount = target.rowCount
        columnCount = target.columnCount
        var cells = Set<String>()
        for row in target.rows { for cell in row where !cell.isEmpty { cells.insert(cell) } }
        self.cells = cells
        targetCellList = cells.sorted()
        let cellIndex = Dictionary(uniqueKeysWithValues: targetCellList.enumerated().map { ($1, $0) })
        targetCellIndex = cellIndex
        targetAtoms = Set(cells.flatMap(Self.atoms)).sorted()
        var all = [UInt64](repeating: 0, count: (targetAtoms.count + 63) / 64)
        for i in targetAtoms.indices { all[i / 64] |= 1 << UInt64(i % 64) }
        let atoms = targetAtoms
        let inStart = start.map { AtomPresence.bits(of: atoms, in: $0.rows.joined()) }
        allReached = writesText ? inStart ?? all : all
        text = "\u{1}" + target.rows.map { $0.joined(separator: "\u{1}") }.joined(separator: "\u{1}") + "\u{1}"
        textBytes = Array(text.utf8)
        exactCells = Set(target.rows.joined().filter { !$0.isEmpty }.map(ExactText.init))
        let values = (0..<target.columnCount).map { c in
            var seen = Set<String>()
            return target.column(c).filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        columnValues = values
        columnValueIndices = values.map { $0.map { cellIndex[$0]! } }
        emptyColumns = (0..<target.columnCount).filter { c in target.column(c).allSatisfy(\.isEmpty) }.count
        cellCount = target.rows.reduce(0) { $0 + $1.count }
        targetColumns = (0..<target.columnCount).map { target.column($0) }
        targetColumnIDs = (0..<target.columnCount).map { targetState.column($0) }
    }

    /// Whether `start` lacks a letter or digit run of `target` that no step can write
    /// (`hasLostTargetText` of the start), answered without building a goal: a solver asks it of
    /// the whole example, which it may never search. Cell programs write text, so with them, never.
    static func startLacksTargetText(_ start: Table, target: Table, inventory: Inventory?) -> Bool {
        guard !(inventory?.enablesCellPrograms ?? false) else { return false }
        let atoms = Set(target.rows.joined().filter { !$0.isEmpty }.flatMap(Self.atoms)).sorted()
        let bits = AtomPresence.bits(of: atoms, in: start.rows.joined())
        return atoms.indices.contains { bits[$0 / 64] & (1 << UInt64($0 % 64)) == 0 }
    }

    /// `table` numbered as a state of this goal's searches.
    func state(_ table: Table) -> TableState { pool.state(table) }

    /// `CellPool.state(_:from:source:)`: a table a step wrote text into, numbered with its parent's help.
    func state(_ table: Table, from parent: TableState, source: Table) -> TableState {
        pool.state(table, from: parent, source: source)
    }

    /// The text of a state's cells.
    func table(of state: TableState) -> Table { pool.table(of: state) }

    func role(of cell: CellID) -> Role { facts(of: cell).role }

    private func facts(of id: CellID) -> Facts {
        let index = Int(id.index)
        if index < factsByID.count, let known = factsByID[index] { return known }
        let made = facts(ofText: pool.texts[index])
        if index >= factsByID.count { factsByID.append(contentsOf: repeatElement(nil, count: index + 1 - factsByID.count)) }
        factsByID[index] = made
        return made
    }

    /// What candidate generation asks of a cell's text, memoised by number: the same texts recur in
    /// every state, and scanning each for every delimiter and class was most of building a state's
    /// candidates.
    struct CellTraits {
        /// The inventory's split delimiters the text contains, by position in `splitDelimiters`.
        var delimiters = BitSet()
        /// Those it contains twice in a row (where splitting on runs differs from splitting on each).
        var doubled = BitSet()
        /// The inventory's divide classes the text belongs to, by position in `divideClasses`.
        var classes = BitSet()
    }

    func traits(of id: CellID) -> CellTraits {
        let index = Int(id.index)
        if index < traitsByID.count, let known = traitsByID[index] { return known }
        let text = pool.text(of: id)
        var made = CellTraits()
        for (i, delimiter) in (inventory?.splitDelimiters ?? []).enumerated() where TextSearch.contains(text, delimiter) {
            made.delimiters.insert(i)
            if TextSearch.contains(text, delimiter + delimiter) { made.doubled.insert(i) }
        }
        for (i, cellClass) in (inventory?.divideClasses ?? []).enumerated() where cellClass.matches(text) { made.classes.insert(i) }
        if index >= traitsByID.count { traitsByID.append(contentsOf: repeatElement(nil, count: index + 1 - traitsByID.count)) }
        traitsByID[index] = made
        return made
    }

    private func facts(ofText cell: String) -> Facts {
        let role: Role
        if cells.contains(cell) {
            role = .exact
        } else if isPieceOfTarget(cell) {
            role = .piece
        } else if containsTargetCell(cell) {
            role = .container
        } else {
            role = .useless
        }
        var bits = [UInt64](repeating: 0, count: (targetAtoms.count + 63) / 64)
        for (i, atom) in targetAtoms.enumerated() where TextSearch.contains(cell, atom) {
            bits[i / 64] |= 1 << UInt64(i % 64)
        }
        return Facts(role: role, contributions: bits, exactIndex: targetCellIndex[cell])
    }

    /// Whether `value` occurs inside a target cell at token boundaries (`occursAtTokenBoundaries`
    /// against every target cell), answered by finding it in `text`, where the separator between
    /// cells is a boundary as a cell's edge is: one substring search per text instead of one test per
    /// target cell, which on a 2,000-row target is the difference between microseconds and
    /// milliseconds for each new text a search meets.
    private func isPieceOfTarget(_ value: String) -> Bool {
        let scalars = value.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return false }
        guard !scalars.contains(Self.separator) else {
            return cells.contains { Self.occursAtTokenBoundaries(value, in: $0) }
        }
        let (firstKind, lastKind) = (Self.kind(first), Self.kind(last))
        let length = value.utf8.count
        for offset in TextSearch.offsets(of: value, in: text) {
            let before = textScalar(endingAt: offset), after = textScalar(startingAt: offset + length)
            // A whole cell is the text itself, not a piece of a longer one.
            if before == Self.separator, after == Self.separator { continue }
            if Self.kind(before) != firstKind || firstKind == 2, Self.kind(after) != lastKind || lastKind == 2 { return true }
        }
        return false
    }

    /// Whether some target cell occurs in `cell` at token boundaries (`occursAtTokenBoundaries`
    /// against every target cell), answered by looking up each part of the cell that starts and
    /// ends at a boundary among the target cells; a cell with more such parts than there are target
    /// cells is tested against each target cell instead.
    private func containsTargetCell(_ cell: String) -> Bool {
        let c = Array(cell.unicodeScalars)
        guard c.count > 1 else { return false }
        let kinds = c.map(Self.kind)
        let starts = c.indices.filter { $0 == 0 || kinds[$0 - 1] != kinds[$0] || kinds[$0] == 2 }
        let ends = (1...c.count).filter { $0 == c.count || kinds[$0] != kinds[$0 - 1] || kinds[$0 - 1] == 2 }
        guard starts.count * ends.count <= exactCells.count else {
            return cells.contains { Self.occursAtTokenBoundaries($0, in: cell) }
        }
        for start in starts {
            for end in ends where end > start && end - start < c.count {
                var part = String.UnicodeScalarView()
                part.append(contentsOf: c[start..<end])
                if exactCells.contains(ExactText(String(part))) { return true }
            }
        }
        return false
    }

    /// The scalar of `text` that ends at a byte offset, or starts at one.
    private func textScalar(endingAt offset: Int) -> Unicode.Scalar {
        var start = offset - 1
        while start > 0, textBytes[start] & 0xC0 == 0x80 { start -= 1 }
        return textScalar(startingAt: start)
    }

    private func textScalar(startingAt offset: Int) -> Unicode.Scalar {
        var iterator = textBytes[offset...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return Self.separator
    }

    /// Letter, digit or anything else, as `occursAtTokenBoundaries` tells characters apart.
    private static func kind(_ scalar: Unicode.Scalar) -> Int {
        CharacterClassTest.isLetter(scalar) ? 0 : CharacterClassTest.isDigit(scalar) ? 1 : 2
    }

    /// Extract patterns that turn a source column (its cells' numbers) into some target column,
    /// memoised per column content.
    func extractPatterns(from ids: [CellID], using inference: PatternInference) -> [ExtractPattern] {
        if let known = patternsBySource[CellRun(ids)] { return known }
        let column = ids.map(pool.text(of:))
        var seen = Set<ExtractPattern>()
        var found: [ExtractPattern] = []
        if ids.contains(where: { role(of: $0) == .container }) {
            for values in columnValues where !values.isEmpty {
                for p in inference.patterns(source: column, targetValues: values) where seen.insert(p).inserted {
                    found.append(p)
                }
            }
        }
        patternsBySource[CellRun(ids)] = found
        return found
    }

    /// Whether the text occurs inside some target cell (or is one).
    func occursInTarget(_ fragment: String) -> Bool {
        TextSearch.contains(text, fragment)
    }

    func isGoal(_ state: TableState) -> Bool { state == targetState }

    /// Cheap estimate of the operators still needed: exact column matching when the row counts agree,
    /// otherwise the layout-free content estimate.
    func estimate(_ state: TableState) -> Double {
        if state == targetState { return 0 }
        if state.rowCount == rowCount {
            return columnEstimate(state.grid) + 0.25 * (1 - positionalMatch(state))
        }
        return max(2, 1 + contentEstimate(state)) + 0.25 * (1 - positionalMatch(state))
    }

    /// The estimate with a one-reshape lookahead, for states whose row count differs from the target's.
    func refinedEstimate(_ state: TableState) -> Double {
        if state == targetState { return 0 }
        if state.rowCount == rowCount { return estimate(state) }
        // Rows differ. If one reshaping operator yields the target's row count without losing target
        // text, look one step ahead and score its result column by column; this keeps estimates on either side of a reshape on
        // the same scale, so a dead-end reshape cannot look cheaper than the work it leaves.
        var best = Double.infinity
        // Every reshape moves cells only, so it runs on the cells' numbers.
        for op in reshapesToTargetRowCount(state) {
            guard let reshaped = op.rearranged(state.grid, cellLimit: .max), reshaped.rowCount == rowCount else { continue }
            if !(op.mayDiscardText && hasLostTargetText(reshaped)) {
                best = min(best, 1 + columnEstimate(reshaped))
            }
        }
        // Two reshapes plus the content work may still beat the best single reshape.
        best = min(best, 2 + contentEstimate(state))
        return best + 0.25 * (1 - positionalMatch(state))
    }

    /// Reshaping operators whose output would have the target's row count, predicted without
    /// applying them.
    private func reshapesToTargetRowCount(_ state: TableState) -> [TableOperator] {
        let rows = state.rowCount
        let width = state.columnCount
        let want = rowCount
        var ops: [TableOperator] = []
        if let inventory {
            if inventory.enables("wrap-every"), rows > want, want > 0, rows % want == 0,
                inventory.wrapSizes(forRowCount: rows).contains(rows / want) {
                ops.append(.wrapEvery(k: rows / want))
            }
            if inventory.enables("wrap-into-one-row"), want == 1, rows > 1 { ops.append(.wrapIntoOneRow) }
            if inventory.enables("transpose"), width == want { ops.append(.transpose) }
            if inventory.enables("fold") {
                for from in 1..<max(1, width - 1) where rows * (width - from) == want { ops.append(.fold(from: from)) }
            }
            if inventory.enables("fold-header"), rows >= 2 {
                for from in 0..<max(0, width - 1) where (rows - 1) * (width - from) == want { ops.append(.foldHeader(from: from)) }
            }
            for c in 0..<width {
                let column = state.column(c)
                if inventory.enables("wrap-on"), Set(column).count == want { ops.append(.wrapOn(column: c)) }
                // A header row plus one row per identity (every column but the key and the last).
                if inventory.enables("unfold-header"), c < width - 1, width == 2 || Self.identities(of: state, key: c, atMost: want - 1) == want - 1 {
                    ops.append(.unfoldHeader(key: c))
                }
                if inventory.enables("delete-rows-with-empty-cell"), column.filter({ !$0.isBlank }).count == want {
                    ops.append(.deleteRowsWithEmptyCell(column: c))
                }
            }
            if inventory.enables("unfold"), width >= 2, Set((0..<rows).map { CellRun(Array(state.grid.row($0).dropLast())) }).count == want {
                ops.append(.unfold)
            }
            if inventory.enables("delete-empty-rows"), (0..<rows).filter({ state.grid.row($0).contains { !$0.isBlank } }).count == want {
                ops.append(.deleteEmptyRows)
            }
        }
        return ops
    }

    /// How many distinct identities (rows without column `key` and the last column) the state's rows
    /// have, counting stopped once it passes `limit`: this runs for every column of every state the
    /// search refines, and only whether the count is `limit` matters.
    private static func identities(of state: TableState, key: Int, atMost limit: Int) -> Int {
        let width = state.columnCount
        var seen = Set<CellRun>()
        var identity: [CellID] = []
        identity.reserveCapacity(width)
        for r in 0..<state.rowCount {
            identity.removeAll(keepingCapacity: true)
            for c in 0..<(width - 1) where c != key { identity.append(state.grid.cell(r, c)) }
            if seen.insert(CellRun(identity)).inserted, seen.count > limit { break }
        }
        return seen.count
    }

    /// Layout-free estimate for when no single reshape fixes the row count: unused cells must be
    /// removed, a column's worth per drop (bounded by the smaller of the two row counts), and missing
    /// target columns must be made.
    private func contentEstimate(_ state: TableState) -> Double {
        var present = [Bool](repeating: false, count: targetCellList.count)
        var useless = 0
        for cell in state.grid.cells where cell != CellPool.empty {
            let f = facts(of: cell)
            if let i = f.exactIndex { present[i] = true } else if f.role == .useless { useless += 1 }
        }
        // A drop removes one column: as many cells as the table has rows, now or after reshaping.
        let perDrop = Double(max(1, min(rowCount, state.rowCount)))
        var h = (Double(useless) / perDrop).rounded(.up)
        let missing = columnValueIndices.filter { $0.contains { !present[$0] } }.count
        if missing > 0 { h += 1 + 0.5 * Double(missing - 1) }
        return h
    }

    /// Whether some letter or digit run of the target occurs in no cell any more. Layout operators
    /// cut text at delimiters and character-class changes and join whole pieces, but never invent
    /// letters or digits, so such a state cannot reach the target (short of rebuilding a run from
    /// fragments split on a letter or digit, which no inventory delimiter does). Cell programs do
    /// write text, but only constants and formats, which a search cannot tell apart from text it
    /// lost: so with them the runs the start table lacks are not asked for, and the runs it holds
    /// still must not be lost, since copying them is the only way a program gets them.
    func hasLostTargetText(_ state: TableState) -> Bool { hasLostTargetText(state.grid) }

    /// `hasLostTargetText` of a table given by its cells' numbers.
    func hasLostTargetText(_ grid: CellGrid<CellID>) -> Bool {
        var reached = [UInt64](repeating: 0, count: (targetAtoms.count + 63) / 64)
        for cell in grid.cells where cell != CellPool.empty {
            let bits = facts(of: cell).contributions
            for i in reached.indices { reached[i] |= bits[i] }
        }
        for i in reached.indices where reached[i] & allReached[i] != allReached[i] { return true }
        return false
    }

    /// Whether target column `column` is worth a cell program on `table` (which has the target's row
    /// count): some cell of it needs text no layout step can produce there. That is a letter or digit
    /// run that is not a whole run of any cell of the table (a constant, a case change, an initial, a
    /// reformatted number), or, when every run is in the cell's own row, a cell that is neither in a
    /// cell of its row nor made around one (the same runs with new text between them). A cell whose
    /// runs sit in other rows is a matter of aligning records, which layout steps do. Synthesis is
    /// the expensive part of a cell step, so this keeps it off the states layout search handles.
    /// On the start table alone a cell that is, or is cut out of, a cell of its row also gets a
    /// program: split and extract cut at a delimiter's first or every occurrence or around a literal
    /// of the example, a token position also after the last `.` or before the k-th word; a column
    /// whose rows copy different source columns is a conditional's choice, not a move; and one
    /// synthesis per target column is cheap next to one per state.
    /// `table` is the state's text.
    func needsCellProgram(_ state: TableState, table: Table, column: Int) -> Bool {
        guard synthesizer != nil else { return false }
        let atStart = isStart(state)
        var tableAtoms: Set<Substring>?
        for (r, targetRow) in target.rows.enumerated() where column < targetRow.count {
            let value = targetRow[column]
            guard !value.isEmpty else { continue }
            let row = table.rows[r]
            if !atStart, row.contains(where: { !$0.isEmpty && ($0 == value || TextSearch.contains($0, value)) }) {
                continue
            }
            let rowAtoms = Set(row.flatMap(Self.atomSlices))
            let atoms = Self.atomSlices(value)
            if atoms.allSatisfy(rowAtoms.contains) { return true }
            if tableAtoms == nil { tableAtoms = Set(table.rows.joined().flatMap(Self.atomSlices)) }
            if let all = tableAtoms, !atoms.allSatisfy(all.contains) { return true }
        }
        return false
    }

    /// Whether `table` is the start table, the one state where cell programs may branch and may cut or
    /// copy a source cell. A program reads whole rows, so a condition learned on the start's rows
    /// already sees every piece that later layout steps cut out of them; asking again on each state
    /// would multiply the costliest part of synthesis by the number of states.
    private func isStart(_ state: TableState) -> Bool { state == startState }

    /// Cell programs that compute target column `column` from each row of `table` (which has the
    /// target's row count), best first. They are learned once per set of columns: states that hold
    /// the same columns in another order (after moves, swaps and drops elsewhere) are most of those a
    /// search expands, and learning is the costliest part of expanding one. The programs are learned
    /// on the columns in a canonical order and renumbered to the state's (`renumberingColumns`).
    func cellPrograms(from state: TableState, table: Table, toColumn column: Int) -> [RankedCellProgram] {
        guard let synthesizer else { return [] }
        let runs = (0..<state.columnCount).map { CellRun(state.column($0)) }
        let order = runs.indices.sorted { a, b in runs[a] == runs[b] ? a < b : Self.precedes(runs[a], runs[b]) }
        let key = ProgramKey(columns: order.map { runs[$0] }, column: column, conditionals: isStart(state))
        let learned: [RankedCellProgram]
        if let known = programsByColumns[key] {
            learned = known
        } else if !key.conditionals, unlearnable[column, default: []].contains(where: { Self.includes($0, key.columns) }) {
            learned = []
            programsByColumns[key] = learned
        } else {
            let rows = table.rows.map { row in order.map { $0 < row.count ? row[$0] : "" } }
            learned = synthesizer.learn(rows: rows, outputs: targetColumns[column], limit: 3, conditionals: key.conditionals)
            programsByColumns[key] = learned
            if learned.isEmpty, !key.conditionals { unlearnable[column, default: []].append(key.columns) }
        }
        return learned.map { ranked in
            var renumbered = ranked
            renumbered.program = ranked.program.renumberingColumns { $0 < order.count ? order[$0] : $0 }
            return renumbered
        }
    }

    /// The canonical order of columns: by their cells' numbers.
    private static func precedes(_ a: CellRun, _ b: CellRun) -> Bool {
        a.ids.lexicographicallyPrecedes(b.ids) { $0.index < $1.index }
    }

    /// Whether every column of `part` is in `whole`, as many times; both in canonical order. A
    /// program over `part`'s columns is, renumbered, a program over `whole`'s (the language treats
    /// columns alike and reads nothing but them), so where `whole` has none, `part` has none.
    private static func includes(_ whole: [CellRun], _ part: [CellRun]) -> Bool {
        guard part.count <= whole.count else { return false }
        var i = 0
        for run in part {
            while i < whole.count, whole[i] != run {
                guard precedes(whole[i], run) else { return false }
                i += 1
            }
            guard i < whole.count else { return false }
            i += 1
        }
        return true
    }

    /// For a table with the target's row count: drops for columns the target never uses (one step for
    /// all blank columns together), one step per
    /// two target columns not yet present, and `n − LIS` moves to put the present ones in order.
    private func columnEstimate(_ grid: CellGrid<CellID>) -> Double {
        let width = grid.width
        let columns = (0..<width).map(grid.column)
        var byContent: [CellRun: [Int]] = [:]
        for (c, column) in columns.enumerated() { byContent[CellRun(column), default: []].append(c) }
        var order: [Int] = []
        var missingColumns: [Int] = []
        var used = Set<Int>()
        for (j, content) in targetColumnIDs.enumerated() {
            if let candidates = byContent[CellRun(content)], let c = candidates.first(where: { !used.contains($0) }) {
                used.insert(c)
                order.append(c)
            } else {
                missingColumns.append(j)
            }
        }
        let missing = missingColumns.count
        var drops = 0
        var blank = 0
        for c in 0..<width where !used.contains(c) {
            let column = columns[c]
            if column.allSatisfy({ $0 == CellPool.empty }) {
                blank += 1
            } else if missing == 0 || column.allSatisfy({ $0 == CellPool.empty || role(of: $0) == .useless }) {
                // With every target column present, anything left over (junk or a duplicate) must go.
                drops += 1
            }
        }
        if blank > 0 { drops += 1 }
        let moves = order.count - Self.longestIncreasingRun(order)
        var creations = missing == 0 ? 0 : (missing + 1) / 2
        // A missing cell must be made from text in its own row (split, extract, merge); when some
        // cannot, records are still misaligned and another reshape is needed.
        if missing > 0, !cellsDerivableFromOwnRow(grid, columns: missingColumns) { creations += 1 }
        return max(Double(drops + moves + creations), 1)
    }

    /// Whether every non-empty target cell in `columns` is equal to, inside, or made of a cell of the
    /// same row of `table`.
    private func cellsDerivableFromOwnRow(_ grid: CellGrid<CellID>, columns: [Int]) -> Bool {
        for (r, targetRow) in target.rows.enumerated() {
            let row = grid.row(r).map(pool.text(of:))
            for j in columns where j < targetRow.count {
                let value = targetRow[j]
                if value.isEmpty { continue }
                let derivable = row.contains { cell in
                    !cell.isEmpty && (cell == value || TextSearch.contains(cell, value) || TextSearch.contains(value, cell))
                }
                if !derivable { return false }
            }
        }
        return true
    }

    /// Length of the longest strictly increasing subsequence.
    static func longestIncreasingRun(_ values: [Int]) -> Int {
        var tails: [Int] = []
        for v in values {
            var low = 0
            var high = tails.count
            while low < high {
                let mid = (low + high) / 2
                if tails[mid] < v { low = mid + 1 } else { high = mid }
            }
            if low == tails.count { tails.append(v) } else { tails[low] = v }
        }
        return tails.count
    }

    /// The maximal runs of letters and of digits in a text, as slices of it.
    static func atomSlices(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start: String.UnicodeScalarView.Index?
        var kind = 0
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        while i != scalars.endIndex {
            let scalar = scalars[i]
            let k = CharacterClassTest.isLetter(scalar) ? 1 : CharacterClassTest.isDigit(scalar) ? 2 : 0
            if k != kind {
                if let s = start { out.append(Substring(scalars[s..<i])) }
                start = k == 0 ? nil : i
                kind = k
            }
            i = scalars.index(after: i)
        }
        if let s = start { out.append(Substring(scalars[s..<scalars.endIndex])) }
        return out
    }

    /// The maximal runs of letters and of digits in a text.
    static func atoms(_ text: String) -> [String] {
        var atoms: [String] = []
        var run = String.UnicodeScalarView()
        var kind = 0
        for scalar in text.unicodeScalars {
            let k = CharacterClassTest.isLetter(scalar) ? 1 : CharacterClassTest.isDigit(scalar) ? 2 : 0
            if k != kind, !run.isEmpty {
                atoms.append(String(run))
                run = String.UnicodeScalarView()
            }
            kind = k
            if k != 0 { run.append(scalar) }
        }
        if !run.isEmpty { atoms.append(String(run)) }
        return atoms
    }

    /// Whether `value` occurs in `cell` where an operator could cut it out: each end of the occurrence
    /// is the end of the cell or a change of character kind (letter, digit, other), as a delimiter
    /// split or a character-class extract requires.
    static func occursAtTokenBoundaries(_ value: String, in cell: String) -> Bool {
        guard !value.isEmpty, cell.utf8.count > value.utf8.count else { return false }
        let c = Array(cell.unicodeScalars)
        let v = Array(value.unicodeScalars)
        guard c.count >= v.count else { return false }
        var start = 0
        while start + v.count <= c.count {
            if c[start..<(start + v.count)].elementsEqual(v) {
                let end = start + v.count
                let left = start == 0 || Self.kind(c[start - 1]) != Self.kind(v[0]) || Self.kind(v[0]) == 2
                let right = end == c.count || Self.kind(c[end]) != Self.kind(v[v.count - 1]) || Self.kind(v[v.count - 1]) == 2
                if left && right { return true }
            }
            start += 1
        }
        return false
    }

    /// Share of target cells already present at the same position.
    private func positionalMatch(_ state: TableState) -> Double {
        guard cellCount > 0 else { return 0 }
        var same = 0
        for r in 0..<min(targetState.rowCount, state.rowCount) {
            let row = targetState.grid.row(r), other = state.grid.row(r)
            for c in 0..<min(row.count, other.count) where other[other.startIndex + c] == row[row.startIndex + c] { same += 1 }
        }
        return Double(same) / Double(cellCount)
    }
}
