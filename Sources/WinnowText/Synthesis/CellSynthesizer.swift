/// Learns cell programs from example cells: each row of sources maps to its output text.
///
/// The method is FlashFill's (Gulwani, POPL 2011): build each example's version space as a DAG of
/// every way to produce its output, intersect the examples' DAGs, and take the cheapest path under
/// `ProgramCost`. A version space suits this language better than bottom-up enumeration: the output
/// text itself says where the pieces are, so the space is built in time polynomial in the text's
/// length instead of exponential in the program's size, and one example already holds every
/// consistent program, which is what ranking needs in order to generalise from it. When no single
/// program explains all the rows, the rows are grouped so that each group has one, and a branch
/// condition is learned that tells the groups apart (FlashFill's conditionals).
public struct CellSynthesizer: Sendable {
    public var inventory: TextInventory

    /// The wall-clock budget of the solve this synthesis serves: learning from thousands of rows
    /// takes seconds, so it gives up (no program) once the budget is spent rather than overrun it.
    public var deadline: ContinuousClock.Instant?

    public init(inventory: TextInventory = .standard) {
        self.inventory = inventory
    }

    /// Whether `deadline` has passed: synthesis then stops and reports what it has (usually nothing).
    private var pastDeadline: Bool { deadline.map { ContinuousClock.now >= $0 } ?? false }

    /// Outputs longer than this are not learned: a version space grows with the square of the output's
    /// length, and a cell this long is a document, not a spreadsheet value.
    public static let maxOutputLength = 256

    /// The price the ranking gives a program; cheaper is simpler and ranked first.
    public func cost(of program: CellProgram) -> Double {
        ProgramCost.program(program, inventory: inventory)
    }

    /// The price of a program learned from `rows`: a truth value is priced by what it says on them,
    /// which a test the rows could not fail says nothing (`ProgramCost.truth`), and a number by the
    /// digits beside its constants and the numbers the rows hold (`ProgramCost.numberCharges`).
    /// `records`: each row as the example input held it, when the rows are the input's rows in place
    /// after earlier layout steps (`RowNumbers`).
    public func cost(of program: CellProgram, rows: [[String]], records: [[String]]? = nil) -> Double {
        ProgramCost.program(program, rows: rows, records: records, inventory: inventory)
    }

    /// Up to `limit` distinct programs that map every row to its output, best first; empty when none
    /// does. `rows[i]` are the source cells of example `i` and `outputs[i]` the cell it should produce.
    /// A program that reads no column (a constant) is offered only when at least two rows agree on it.
    /// `conditionals: false` skips grouping the rows into branches, which is most of the work when a
    /// caller asks about many tables. Branches are not tried either when a single program already
    /// costs no more than a branch alone, since no conditional can then rank first.
    public func learn(rows: [[String]], outputs: [String], limit: Int = 3, conditionals: Bool = true) -> [RankedCellProgram] {
        guard limit > 0, let space = versionSpace(rows: rows, outputs: outputs) else { return [] }
        let found = candidates(space, rows: rows, outputs: outputs, limit: limit, conditionals: conditionals)
        return consistent(found, rows: rows, outputs: outputs, limit: limit)
    }

    /// `learn`'s candidates, ranked by the version space's own ranking, before they are checked.
    private func candidates(
        _ space: VersionSpace, rows: [[String]], outputs: [String], limit: Int, conditionals: Bool
    ) -> [(program: CellProgram, rank: Double)] {
        var found: [(program: CellProgram, rank: Double)] = []
        if let all = space.all {
            var ranking = GraphRanking(graph: all, inventory: inventory, rows: rows, positions: space.table.positions)
            // A constant alone is offered only when rows agree on it (`offered`); when the cheapest
            // paths are such constants, the cheapest that read the row are tried instead.
            for reading in [false, true] where found.isEmpty {
                for (parts, rank) in ranking.top(limit * 2, reading: reading) {
                    let program = CellProgram(otherwise: parts)
                    guard Self.offered(program, rows: rows, outputs: outputs) else { continue }
                    found.append((program, rank))
                }
            }
        }
        let cheapest = found.map { cost(of: $0.program, rows: rows) }.min() ?? .infinity
        if conditionals, rows.count >= 2, inventory.enables("conditional"), cheapest > inventory.cost("conditional"), !pastDeadline {
            let branched = conditional(rows: rows, graphs: space.graphs, width: space.width, positions: space.table.positions)
            found += branched.map { ($0, cost(of: $0, rows: rows)) }
        }
        return found
    }

    /// The first `limit` distinct candidates that map every row to its output, by rank (ties by the
    /// printed program, so the order is deterministic).
    private func consistent(
        _ found: [(program: CellProgram, rank: Double)], rows: [[String]], outputs: [String], limit: Int
    ) -> [RankedCellProgram] {
        var seen = Set<CellProgram>()
        return found.filter { candidate in
            seen.insert(candidate.program).inserted
                && rows.indices.allSatisfy { candidate.program.apply(rows[$0]) == outputs[$0] }
        }
        .sorted { $0.rank != $1.rank ? $0.rank < $1.rank : $0.program.description < $1.program.description }
        .prefix(limit)
        .map { RankedCellProgram(program: $0.program, cost: cost(of: $0.program, rows: rows)) }
    }

    /// Up to `limit` distinct programs that map every row to its output and cost at most `slack` more
    /// than the cheapest, cheapest first: the consistent programs a caller needs to see whether the
    /// rows pin the program down. `learn` gives the few best for the search; this goes on down the
    /// version space, across every way to cut the output into parts. Conditionals are those `learn`
    /// finds.
    public func alternatives(rows: [[String]], outputs: [String], limit: Int = 32, slack: Double = 3) -> [RankedCellProgram] {
        guard limit > 0, let space = versionSpace(rows: rows, outputs: outputs) else { return [] }
        let learned = candidates(space, rows: rows, outputs: outputs, limit: limit, conditionals: true)
        var found = consistent(learned, rows: rows, outputs: outputs, limit: limit).map { (program: $0.program, rank: $0.cost) }
        if let all = space.all {
            var ranking = GraphRanking(graph: all, inventory: inventory, rows: rows, positions: space.table.positions)
            for (parts, _) in ranking.alternatives(limit, slack: slack) {
                let program = CellProgram(otherwise: parts)
                guard Self.offered(program, rows: rows, outputs: outputs) else { continue }
                found.append((program, cost(of: program, rows: rows)))
            }
        }
        return consistent(found, rows: rows, outputs: outputs, limit: limit)
    }

    /// Every row's version space over one shared table of symbolic positions, and their
    /// intersection (nil when no single program explains every row).
    private struct VersionSpace {
        var graphs: [ExampleGraph]
        var table: PositionTable
        var all: ExampleGraph?
        var width: Int
    }

    /// The rows' version space; nil for rows that cannot be learned from (none, a count that does
    /// not match the outputs, or an output longer than `maxOutputLength`).
    private func versionSpace(rows: [[String]], outputs: [String]) -> VersionSpace? {
        guard !rows.isEmpty, rows.count == outputs.count, outputs.allSatisfy({ $0.unicodeScalars.count <= Self.maxOutputLength })
        else { return nil }
        let width = rows.map(\.count).max() ?? 0
        let literals = inventory.literalTokens ? SourceCell.literalTokens(in: rows.flatMap { $0 }) : []
        let tokens = inventory.tokens + literals
        let caseMaps = inventory.enables("case") ? inventory.caseMaps : []
        let table = PositionTable()
        var graphs: [ExampleGraph] = []
        graphs.reserveCapacity(rows.count)
        for i in rows.indices {
            if let deadline, ContinuousClock.now >= deadline { return nil }
            let sources = (0..<width).map {
                SourceCell(column: $0, text: CellPart.cell(rows[i], $0), tokens: tokens, caseMaps: caseMaps, row: rows[i], table: table)
            }
            graphs.append(ExampleGraph.build(sources: sources, row: rows[i], output: outputs[i], inventory: inventory))
        }
        return VersionSpace(graphs: graphs, table: table, all: Self.intersect(graphs[...], until: deadline), width: width)
    }

    private static func intersect(_ graphs: ArraySlice<ExampleGraph>, until deadline: ContinuousClock.Instant? = nil) -> ExampleGraph? {
        guard var result = graphs.first else { return nil }
        for graph in graphs.dropFirst() {
            if let deadline, ContinuousClock.now >= deadline { return nil }
            guard let next = result.intersected(with: graph) else { return nil }
            result = next
        }
        return result
    }

    /// Whether a branch-free program is offered: one that reads no column (a constant) needs two rows
    /// that agree on it, and one that replaces a text with words of its own needs two rows.
    private static func offered(_ program: CellProgram, rows: [[String]], outputs: [String]) -> Bool {
        if program.columns.isEmpty && Set(outputs).count == outputs.count { return false }
        return rows.count >= 2 || !replacesWithWords(program.otherwise)
    }

    /// Whether a body may explain a group of one row: it must read a column, and must not replace a
    /// text with words of its own. Either would be the row's output written out (a constant, or
    /// `BRD` → `Branding`), and a branch per row of those is a lookup table of the examples, not a rule.
    private static func generalises(_ parts: [CellPart]) -> Bool {
        !CellProgram(otherwise: parts).columns.isEmpty && !replacesWithWords(parts)
    }

    /// Whether a part replaces a text with words of its own. Like a constant, such a replacement is
    /// learned only when two rows show it (`learn` needs two examples for one, a branch two rows).
    private static func replacesWithWords(_ parts: [CellPart]) -> Bool {
        parts.contains { part in
            guard case .replaceText(_, _, let replacement) = part else { return false }
            return replacement.unicodeScalars.contains(where: TextToken.alphanumeric.contains)
        }
    }

    /// Conditional programs: the rows split into groups that each have one program, and for each
    /// group but the last a condition that holds on its rows and on no row of the later groups. With
    /// few rows every split and every group order is tried, so the cheapest explanation wins and a
    /// branch is only paid for when it is cheaper than one contorted program; with more rows, rows are
    /// grouped greedily (each joins the first group it stays consistent with). A group of one row may
    /// not be explained by constants alone, and no two groups may share a body.
    private func conditional(rows: [[String]], graphs: [ExampleGraph], width: Int, positions: [Position]) -> [CellProgram] {
        let splits: [[[Int]]] =
            rows.count <= 4
            ? Self.partitions(Array(rows.indices)).filter { $0.count >= 2 && $0.count <= inventory.maxBranches + 1 }
            : [greedyGroups(graphs, atMost: inventory.maxBranches + 1)].compactMap { $0 }.filter { $0.count >= 2 }
        var programs: [CellProgram] = []
        for groups in splits {
            var bodies: [[CellPart]] = []
            for group in groups {
                guard let graph = Self.intersect(group.map { graphs[$0] }[...], until: deadline) else { break }
                var ranking = GraphRanking(graph: graph, inventory: inventory, rows: group.map { rows[$0] }, positions: positions)
                guard let body = ranking.top(4).first(where: { candidate in
                    group.count >= 2 || Self.generalises(candidate.parts)
                }) else { break }
                bodies.append(body.parts)
            }
            // Two groups with the same body are one group: the split that merges them explains the
            // same rows without a branch (`if contains "a" then X else X` is X).
            guard bodies.count == groups.count, Set(bodies).count == bodies.count else { continue }
            for order in permutations(Array(groups.indices)) {
                var branches: [CellBranch] = []
                for (position, g) in order.dropLast().enumerated() {
                    let inside = groups[g].map { rows[$0] }
                    let outside = order[(position + 1)...].flatMap { groups[$0].map { rows[$0] } }
                    let conditions = TruthCandidates.separating(inside: inside, outside: outside, columns: width)
                    let choices = conditions.map { CellBranch(condition: $0, parts: bodies[g]) }
                    guard let branch = choices.min(by: { branchCost($0, bodies) < branchCost($1, bodies) }) else { break }
                    branches.append(branch)
                }
                guard branches.count == order.count - 1 else { continue }
                programs.append(CellProgram(branches: branches, otherwise: bodies[order.last!]))
            }
        }
        return programs
    }

    /// A branch's share of the program's price, with the program's other bodies as context.
    private func branchCost(_ branch: CellBranch, _ bodies: [[CellPart]]) -> Double {
        cost(of: CellProgram(branches: [branch], otherwise: bodies.flatMap { $0 })) - cost(of: CellProgram(otherwise: bodies.flatMap { $0 }))
    }

    /// Rows grouped greedily, or `nil` as soon as they need more than `atMost` groups.
    private func greedyGroups(_ graphs: [ExampleGraph], atMost: Int) -> [[Int]]? {
        var groups: [(rows: [Int], graph: ExampleGraph)] = []
        for (i, graph) in graphs.enumerated() {
            if pastDeadline { return nil }
            var joined = false
            for g in groups.indices {
                if let merged = groups[g].graph.intersected(with: graph) {
                    groups[g] = (groups[g].rows + [i], merged)
                    joined = true
                    break
                }
            }
            if !joined {
                guard groups.count < atMost else { return nil }
                groups.append(([i], graph))
            }
        }
        return groups.map(\.rows)
    }

    /// Every way to split the items into non-empty groups, each group in item order.
    static func partitions(_ items: [Int]) -> [[[Int]]] {
        guard let first = items.first else { return [[]] }
        var result: [[[Int]]] = []
        for rest in partitions(Array(items.dropFirst())) {
            result.append([[first]] + rest)
            for i in rest.indices {
                var joined = rest
                joined[i] = [first] + joined[i]
                result.append(joined)
            }
        }
        return result
    }

    private func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { i in
            var rest = items
            let head = rest.remove(at: i)
            return permutations(rest).map { [head] + $0 }
        }
    }
}

/// A consistent program and its price under the inventory (lower is simpler, and ranked first).
public struct RankedCellProgram: Hashable, Sendable {
    public var program: CellProgram
    public var cost: Double
}
