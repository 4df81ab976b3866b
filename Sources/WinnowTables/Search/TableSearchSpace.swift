import BitCollections
import Dispatch
import WinnowCore
import WinnowText
import WinnowSearch

/// The table domain as a search space: states are tables (numbered by the goal's cell pool,
/// `TableState`), steps are inventory operators.
///
/// Expansion proposes, for each state, the inventory's operators with parameters that can matter
/// there (a delimiter that occurs in the column, a merge whose text the target contains, an extract
/// pattern inferred from a target column), applies them, and prunes results that are not applicable,
/// change nothing, derive an all-empty column the target does not have, have lost target text that
/// no operator could bring back, or grow far beyond the tables in play. Applying candidates is spread over the available cores when a table is big enough for
/// that to pay; results are merged in candidate order, so the search stays deterministic.
struct TableSearchSpace: SearchSpace {
    let inventory: Inventory
    let goal: TableGoal
    let parallel: Bool
    let maxCells: Int
    let maxColumns: Int
    private let inference: PatternInference
    private let targetRepeatsText: Bool
    private let rowPrograms: RowProgramInference

    init(inventory: Inventory, start: Table, target: Table, parallel: Bool, deadline: ContinuousClock.Instant? = nil) {
        self.inventory = inventory
        self.goal = TableGoal(target, inventory: inventory, start: start, deadline: deadline)
        self.parallel = parallel
        let startCells = start.rows.reduce(0) { $0 + $1.count }
        maxCells = 4 * max(startCells, goal.cellCount) + 16
        // Wrapping a whole table into one row legitimately makes one column per input cell.
        maxColumns = max(2 * max(start.columnCount, goal.columnCount), startCells) + 4
        inference = PatternInference(tokens: inventory.extractTokens, allowContext: inventory.extractContext)
        var owners: [String: Int] = [:]
        var repeats = false
        for (c, values) in goal.columnValues.enumerated() {
            for v in values {
                if let other = owners[v], other != c { repeats = true }
                owners[v] = c
            }
        }
        targetRepeatsText = repeats
        rowPrograms = RowProgramInference(target: target, inventory: inventory)
    }

    /// `table` as a state of this space's searches.
    func state(_ table: Table) -> TableState { goal.state(table) }

    func estimate(_ state: TableState) -> Double { goal.estimate(state) }

    func refinedEstimate(_ state: TableState) -> Double { goal.refinedEstimate(state) }

    func isGoal(_ state: TableState) -> Bool { goal.isGoal(state) }

    func expand(_ state: TableState) -> [(step: TableOperator, state: TableState)] {
        expand(state, within: nil)
    }

    /// One expansion of a wide table can take longer than the whole budget, so a large state checks
    /// the budget before each candidate it applies and each result it prunes.
    func expand(_ state: TableState, within monitor: BudgetMonitor) -> [(step: TableOperator, state: TableState)] {
        expand(state, within: Optional(monitor))
    }

    private func expand(_ state: TableState, within monitor: BudgetMonitor?) -> [(step: TableOperator, state: TableState)] {
        let table = goal.table(of: state)
        guard !table.rows.isEmpty else { return [] }
        let cells = table.rows.reduce(0) { $0 + $1.count }
        let outOfBudget: @Sendable () -> Bool = { monitor?.exceeded() ?? false }
        let large = cells >= Self.checkedCells
        let candidates = candidates(for: state, table: table, outOfBudget: { large && outOfBudget() })
        let results: [Made?]
        let limit = maxCells
        if parallel, candidates.count * cells >= 4_096 {
            let slots = ResultSlots<Made?>(count: candidates.count)
            DispatchQueue.concurrentPerform(iterations: candidates.count) { i in
                // Large tables are checked at every candidate (small ones cost less than the check); a candidate skipped for the budget counts as not applicable.
                slots[i] = large && outOfBudget() ? .some(nil) : Self.apply(candidates[i], to: state, table: table, cellLimit: limit)
            }
            results = slots.values
        } else {
            var applied: [Made?] = []
            applied.reserveCapacity(candidates.count)
            for op in candidates {
                if large, outOfBudget() { break }
                applied.append(Self.apply(op, to: state, table: table, cellLimit: limit))
            }
            results = applied
        }
        let emptyBefore = max(emptyColumnCount(state.grid), goal.emptyColumns)
        var successors: [(step: TableOperator, state: TableState)] = []
        successors.reserveCapacity(candidates.count)
        for (op, result) in zip(candidates, results) {
            if large, outOfBudget() { break }
            guard let result else { continue }
            let size = result.size
            guard size.columns <= maxColumns, size.cells <= maxCells else { continue }
            let next: TableState
            switch result {
            case .moved(let moved): next = TableState(grid: moved)
            case .written(let made): next = goal.state(made, from: state, source: table)
            }
            guard next != state else { continue }
            if op.generatesColumns, emptyColumnCount(next.grid) > emptyBefore { continue }
            if op.mayDiscardText, goal.hasLostTargetText(next) { continue }
            successors.append((op, next))
        }
        return successors
    }

    /// A step's result before the search numbers it: cells a layout step moved (as numbers), or a
    /// table a step wrote text into.
    private enum Made: Sendable {
        case moved(CellGrid<CellID>)
        case written(Table)

        /// The widest row's width and the number of cells.
        var size: (columns: Int, cells: Int) {
            switch self {
            case .moved(let grid):
                return (grid.width, grid.cells.count)
            case .written(let table):
                var columns = 0, cells = 0
                for row in table.rows {
                    columns = max(columns, row.count)
                    cells += row.count
                }
                return (columns, cells)
            }
        }
    }

    /// Runs `op` on `state` (whose text is `table`): a layout step on the cells' numbers, any other
    /// step on the text.
    private static func apply(_ op: TableOperator, to state: TableState, table: Table, cellLimit: Int) -> Made? {
        if op.movesCellsOnly {
            return op.rearranged(state.grid, cellLimit: cellLimit).map(Made.moved)
        }
        return op.apply(table, cellLimit: cellLimit).map(Made.written)
    }

    /// States with at least this many cells check the budget before each candidate.
    static let checkedCells = 4_096

    private func emptyColumnCount(_ grid: CellGrid<CellID>) -> Int {
        var count = 0
        for c in 0..<grid.width where (0..<grid.rowCount).allSatisfy({ grid.cell($0, c).isBlank }) { count += 1 }
        return count
    }

    /// Operators worth trying on `numbered` (whose text is `state`), in a fixed order. Inferring
    /// extract patterns reads every cell of a column, so on a large state `outOfBudget` is asked
    /// before each column's inference, and the columns left when it says yes get none.
    func candidates(for numbered: TableState, table state: Table, outOfBudget: () -> Bool = { false }) -> [TableOperator] {
        let width = state.columnCount
        let columnIDs = (0..<width).map { numbered.column($0) }
        var ops: [TableOperator] = []
        let inv = inventory

        if inv.enables("drop"), width > 1 { ops += (0..<width).map { .drop(column: $0) } }
        if inv.enables("move"), width > 1 {
            let anywhere = width == goal.columnCount
            for c in 0..<width {
                for to in 0..<width where to != c && (anywhere || to == 0 || to == width - 1) {
                    ops.append(.move(column: c, to: to))
                }
            }
        }
        if inv.enables("copy"), targetRepeatsText { ops += (0..<width).map { .copy(column: $0) } }
        if inv.enables("merge"), width > 1 {
            for c in 0..<(width - 1) {
                if let row = state.rows.first(where: { c + 1 < $0.count && !$0[c].isEmpty && !$0[c + 1].isEmpty }) {
                    for separator in inv.mergeSeparators where goal.occursInTarget(row[c] + separator + row[c + 1]) {
                        ops.append(.merge(column: c, separator: separator))
                    }
                } else if inv.mergeSeparators.contains("") {
                    // No row fills both columns: merging them without a separator coalesces the two.
                    ops.append(.merge(column: c, separator: ""))
                }
            }
        }
        if inv.enables("split") {
            for (c, column) in columnIDs.enumerated() {
                var present = BitSet(), doubled = BitSet()
                for id in Set(column) {
                    let traits = goal.traits(of: id)
                    present.formUnion(traits.delimiters)
                    doubled.formUnion(traits.doubled)
                }
                for (i, delimiter) in inv.splitDelimiters.enumerated() where present.contains(i) {
                    for mode in inv.splitModes where mode != .runs || doubled.contains(i) {
                        ops.append(.split(column: c, delimiter: delimiter, mode: mode))
                    }
                }
            }
        }
        if inv.enables("divide") {
            for (c, column) in columnIDs.enumerated() {
                let filled = column.filter { !$0.isBlank }.map(goal.traits(of:))
                for (i, cls) in inv.divideClasses.enumerated() {
                    let hits = filled.filter { $0.classes.contains(i) }.count
                    if hits > 0, hits < filled.count { ops.append(.divide(column: c, by: cls)) }
                }
            }
        }
        if inv.enables("extract") {
            for (c, column) in columnIDs.enumerated() {
                if outOfBudget() { break }
                ops += goal.extractPatterns(from: column, using: inference).map { .extract(column: c, pattern: $0) }
            }
        }
        if inv.enables("fold") { ops += (1..<max(1, width - 1)).map { .fold(from: $0) } }
        if inv.enables("fold-header"), state.rowCount >= 2 { ops += (0..<max(0, width - 1)).map { .foldHeader(from: $0) } }
        if inv.enables("unfold") { ops.append(.unfold) }
        if inv.enables("unfold-header") { ops += (0..<max(0, width - 1)).map { .unfoldHeader(key: $0) } }
        if inv.enables("fill-down") {
            for (c, column) in columnIDs.enumerated() where column.contains(where: \.isBlank) { ops.append(.fillDown(column: c)) }
        }
        if inv.enables("delete-rows-with-empty-cell") {
            for (c, column) in columnIDs.enumerated() where column.contains(where: \.isBlank) {
                ops.append(.deleteRowsWithEmptyCell(column: c))
            }
        }
        if inv.enables("delete-empty-columns") { ops.append(.deleteEmptyColumns) }
        if inv.enables("delete-empty-rows") { ops.append(.deleteEmptyRows) }
        if inv.enables("wrap-every") { ops += inv.wrapSizes(forRowCount: state.rowCount).map { .wrapEvery(k: $0) } }
        if inv.enables("wrap-on") {
            // On a column of distinct values wrap-on only moves that column to the front.
            let moves = inv.enables("move")
            for (c, column) in columnIDs.enumerated() where !moves || Set(column).count < column.count {
                ops.append(.wrapOn(column: c))
            }
        }
        if inv.enables("wrap-into-one-row") { ops.append(.wrapIntoOneRow) }
        if inv.enables("transpose") { ops.append(.transpose) }
        ops += cellProgramCandidates(for: numbered, table: state, columns: columnIDs)
        ops += rowPrograms.candidates(for: state)
        return ops
    }

    /// The pipelines FlashFill would write for a target whose every column is a cell program of the
    /// start's rows: derive each target column after the start's columns, in order, then drop the
    /// start's columns. The first takes each column's best program; the others swap one column's
    /// program for a runner-up, since the best may not run on a held-out input, and the search's
    /// own path to the same table would then be pruned as a state already seen. Empty when a column
    /// has no program or the rows do not line up. They are seeds (`BestFirstSearch.run(seeds:)`), the
    /// runner-ups tried only when the best does not fit: the search can then only replace the
    /// accepted one with something cheaper, and a task whose output needs
    /// a costly cell program (a conditional) is not left to a search that runs out of budget among
    /// cheaper layout states first.
    func directCellSeeds(from start: Table) -> [[TableOperator]] {
        guard inventory.enables("derive"), inventory.enables("drop"), start.rowCount == goal.rowCount, start.rowCount > 0,
            !goal.targetColumns.isEmpty
        else { return [] }
        let width = start.columnCount
        let numbered = state(start)
        let programs = goal.targetColumns.indices.map { goal.cellPrograms(from: numbered, table: start, toColumn: $0).map(\.program) }
        guard programs.allSatisfy({ !$0.isEmpty }) else { return [] }
        let drops = Array(repeating: TableOperator.drop(column: 0), count: width)
        func seed(_ choice: [CellProgram]) -> [TableOperator] {
            choice.enumerated().map { TableOperator.derive(program: $0.element, at: width + $0.offset) } + drops
        }
        let best = programs.map { $0[0] }
        var seeds = [seed(best)]
        for (j, options) in programs.enumerated() {
            for runnerUp in options.dropFirst() {
                var choice = best
                choice[j] = runnerUp
                seeds.append(seed(choice))
            }
        }
        return seeds
    }

    /// `derive` and `replace` steps for a state whose rows line up with the target's: for each target
    /// column the state does not hold yet and layout steps cannot make (`TableGoal.needsCellProgram`),
    /// the cell programs that compute it from the state's rows.
    /// A `derive` puts the column where the target has it (or last); a `replace` overwrites the one
    /// column a program reads, when that column is not itself a target column. Layout steps come
    /// first, so the search order among them is what it was without cell programs.
    private func cellProgramCandidates(for state: TableState, table: Table, columns: [[CellID]]) -> [TableOperator] {
        let derives = inventory.enables("derive"), replaces = inventory.enables("replace")
        guard derives || replaces, state.rowCount == goal.rowCount else { return [] }
        let present = Set(columns)
        var ops: [TableOperator] = []
        for (j, content) in goal.targetColumnIDs.enumerated() where !present.contains(content) && goal.needsCellProgram(state, table: table, column: j) {
            for ranked in goal.cellPrograms(from: state, table: table, toColumn: j) {
                let program = ranked.program
                if derives { ops.append(.derive(program: program, at: min(j, columns.count))) }
                if replaces, program.columns.count == 1, let c = program.columns.first, c < columns.count,
                    !goal.targetColumnIDs.contains(columns[c]) {
                    ops.append(.replace(column: c, program: program))
                }
            }
        }
        return ops
    }
}

extension TableOperator {
    /// Operators that can remove a letter or digit run from the table: the others move, copy, join or
    /// cut text only at non-alphanumeric or class boundaries, so the lost-text check can skip them.
    var mayDiscardText: Bool {
        switch self {
        case .drop, .deleteRowsWithEmptyCell, .foldHeader, .unfoldHeader, .replace, .dedupe, .filter: true
        case .split(_, let delimiter, _): delimiter.unicodeScalars.contains(where: CharacterClassTest.isAlphanumeric)
        default: false
        }
    }

    /// Operators that derive new columns from a column's text; one that yields an all-empty column
    /// did nothing useful on the example, so the search prunes it (Foofah's rule).
    var generatesColumns: Bool {
        switch self {
        case .split, .divide, .extract, .copy: true
        default: false
        }
    }
}

/// How the table search prices a step: by the inventory's operator costs (the uniform prior, and the
/// default), or by a search prior that normalises over the steps on offer.
enum TablePricing: StepPricing {
    case inventory(Inventory)
    /// A prior reads a state's text, which `space` spells out.
    case prior(any PriorPricer, space: TableSearchSpace)

    /// A step priced as if it were the only one on offer; the search always asks for `prices(of:from:)`.
    func price(of step: TableOperator, from state: TableState) -> Double {
        prices(of: [step], from: state)[0]
    }

    func prices(of steps: [TableOperator], from state: TableState) -> [Double] {
        switch self {
        case .inventory(let inventory): steps.map(inventory.cost(of:))
        case .prior(let pricer, let space): pricer.prices(of: steps, from: space.goal.table(of: state))
        }
    }
}

extension Inventory {
    /// The steps a search toward `target` offers from `state`: the inventory's candidates that apply
    /// there and survive the search's pruning, in the order the search generates them. A search prior
    /// is normalised over exactly these, so training one needs them too.
    public func offeredSteps(from state: Table, toward target: Table) -> [TableOperator] {
        let space = TableSearchSpace(inventory: self, start: state, target: target, parallel: false)
        return space.expand(space.state(state)).map(\.step)
    }
}

/// Fixed-size storage that concurrent iterations fill at distinct indices.
///
/// `@unchecked Sendable` because `concurrentPerform` gives each index to exactly one iteration, so no
/// two threads touch the same slot, and `values` is read only after all iterations have returned. The
/// slots are raw memory rather than an array property so that no exclusivity check spans threads.
final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
    subscript(index: Int) -> Value? {
        get { slots[index] }
        set { slots[index] = newValue }
    }
    var values: [Value] { slots.map { $0! } }
}
