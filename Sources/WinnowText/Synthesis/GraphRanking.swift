/// Picks the cheapest programs out of a version space.
struct GraphRanking {
    let graph: ExampleGraph
    let inventory: TextInventory
    /// The examples' sources, to price a truth value by what it says on them.
    let rows: [[String]]
    /// The numbers they hold, to charge an arithmetic constant one of them holds.
    private let numbers: RowNumbers
    /// Each position id's position, and its price in a pair (see `pairs`).
    private let positions: [Position]
    private let startCosts: [Double]
    private let endCosts: [Double]
    private let countsFromEnd: [Bool]
    private var best: [Int: (cost: Double, edge: Int)] = [:]
    private var bestReading: [Int: (cost: Double, edge: Int, reads: Bool)] = [:]
    private var bestClean: [Int: (cost: Double, edge: Int)] = [:]
    private let wholeIds: (start: Int?, end: Int?)

    init(graph: ExampleGraph, inventory: TextInventory, rows: [[String]], positions: [Position]) {
        self.graph = graph
        self.inventory = inventory
        self.rows = rows
        numbers = RowNumbers(rows)
        self.positions = positions
        countsFromEnd = positions.map(\.countsFromEnd)
        let fromEnd = positions.map { p in p != .fromEnd(0) && p.countsFromEnd ? 0.01 : 0 }
        startCosts = positions.indices.map { ProgramCost.position(positions[$0]) + fromEnd[$0] }
        endCosts = positions.indices.map { ProgramCost.position(positions[$0], asEnd: true) + fromEnd[$0] }
        wholeIds = (positions.firstIndex(of: .fromStart(0)), positions.firstIndex(of: .fromEnd(0)))
    }

    /// The price of an edge's cheapest part, without building the parts: the dynamic programme
    /// asks this of every edge, and `choices` is only needed along the paths it picks.
    /// `reading`: only parts that read the row count (every part but the constant).
    func cheapestCost(_ atoms: EdgeAtoms, reading: Bool = false) -> Double {
        var cost = Double.infinity
        if !reading, let text = atoms.constant { cost = constantCost(text, atoms) }
        for choice in atoms.substrings {
            if choice.keeping != nil {
                guard choice.dropsInside else { continue }
                cost = min(cost, inventory.cost("filter") + cheapestPosition(choice.starts, asEnd: false) + cheapestPosition(choice.ends, asEnd: true))
                continue
            }
            let map = ProgramCost.caseMap(choice.caseMap, inventory: inventory)
            if let s = wholeIds.start, let e = wholeIds.end, choice.starts.contains(s), choice.ends.contains(e) {
                cost = min(cost, ProgramCost.part(.whole(column: choice.column, spacing: .keep, case: .keep), inventory: inventory) + map)
                continue
            }
            cost = min(cost, inventory.cost("substring") + cheapestPosition(choice.starts, asEnd: false) + cheapestPosition(choice.ends, asEnd: true) + map)
        }
        for part in atoms.parts { cost = min(cost, price(part)) }
        return cost
    }

    private func cheapestPosition(_ ids: [Int], asEnd: Bool) -> Double {
        ids.reduce(Double.infinity) { min($0, ProgramCost.position(positions[$1], asEnd: asEnd)) }
    }

    private func price(_ part: CellPart) -> Double {
        ProgramCost.part(part, inventory: inventory) + ProgramCost.onRows(part, rows: rows, numbers: numbers, inventory: inventory)
    }

    /// An edge's constant, charged when some example shows it splicing a number.
    private func constantCost(_ text: String, _ atoms: EdgeAtoms) -> Double {
        ProgramCost.constant(text, inventory: inventory) + (atoms.constantSplicesNumber ? inventory.numberSpliceCharge : 0)
    }

    /// Every part one edge offers, cheapest first (ties broken by the printed part, so ranking is
    /// deterministic), with the `pairsPerSubstring` best ways to cut each substring.
    func choices(_ atoms: EdgeAtoms, pairsPerSubstring: Int = 2) -> [(part: CellPart, cost: Double)] {
        var found: [(part: CellPart, cost: Double)] = []
        if let text = atoms.constant { found.append((.constant(text), constantCost(text, atoms))) }
        for choice in atoms.substrings where choice.keeping == nil || choice.dropsInside {
            for (start, end) in pairs(choice, limit: pairsPerSubstring) {
                let part: CellPart =
                    if let token = choice.keeping {
                        .filter(column: choice.column, from: start, to: end, keeping: token)
                    } else if start == .fromStart(0) && end == .fromEnd(0) {
                        .whole(column: choice.column, spacing: .keep, case: choice.caseMap)
                    } else {
                        .substring(column: choice.column, from: start, to: end, case: choice.caseMap)
                    }
                found.append((part, ProgramCost.part(part, inventory: inventory)))
            }
        }
        for part in atoms.parts { found.append((part, price(part))) }
        var seen = Set<CellPart>()
        return found.filter { seen.insert($0.part).inserted }.sorted {
            $0.cost != $1.cost ? $0.cost < $1.cost : $0.part.description < $1.part.description
        }
    }

    /// The `limit` best (start, end) pairs of a substring. Both ends should count from the same end of
    /// the cell: "up to the first space" from the start, "after the last slash" to the end, "the
    /// second capital" for both ends of a letter; when nothing else decides, from the start.
    private func pairs(_ choice: SubstringChoice, limit: Int) -> [(Position, Position)] {
        func ranked(_ ids: [Int], _ costs: [Double]) -> [Int] {
            Array(ids.sorted { costs[$0] != costs[$1] ? costs[$0] < costs[$1] : $0 < $1 }.prefix(6))
        }
        var scored: [(start: Int, end: Int, cost: Double)] = []
        for start in ranked(choice.starts, startCosts) {
            for end in ranked(choice.ends, endCosts) {
                scored.append((start, end, startCosts[start] + endCosts[end] + (countsFromEnd[start] != countsFromEnd[end] ? 0.05 : 0)))
            }
        }
        scored.sort {
            $0.cost != $1.cost
                ? $0.cost < $1.cost
                : (positions[$0.start].description, positions[$0.end].description) < (positions[$1.start].description, positions[$1.end].description)
        }
        return scored.prefix(limit).map { (positions[$0.start], positions[$0.end]) }
    }

    /// Up to `limit` programs within `slack` of the cheapest, cheapest first, over every path and the
    /// best few parts of every edge. `top` varies one edge of the best path, which is enough to rank;
    /// telling whether one example is ambiguous needs the programs that cut the output differently too
    /// (a constant and a copy, one long substring or two short ones). A path whose suffix from some
    /// node already costs more than `slack` over that node's cheapest suffix cannot come within
    /// `slack` of the cheapest program, so suffixes are pruned node by node.
    mutating func alternatives(_ limit: Int, slack: Double, partsPerEdge: Int = 8) -> [(parts: [CellPart], cost: Double)] {
        if graph.start == graph.end { return [([], 0)] }
        var memo: [Int: [(parts: [CellPart], cost: Double)]] = [:]
        return suffixes(from: graph.start, limit: limit, slack: slack, partsPerEdge: partsPerEdge, memo: &memo)
    }

    private mutating func suffixes(
        from node: Int, limit: Int, slack: Double, partsPerEdge: Int, memo: inout [Int: [(parts: [CellPart], cost: Double)]]
    ) -> [(parts: [CellPart], cost: Double)] {
        if node == graph.end { return [([], 0)] }
        if let known = memo[node] { return known }
        guard let best = cheapest(from: node) else {
            memo[node] = []
            return []
        }
        let bound = best.cost + slack + 1e-9
        var found: [(parts: [CellPart], cost: Double)] = []
        for edge in graph.edges[node] {
            let first = cheapestCost(edge.atoms)
            guard first.isFinite else { continue }
            let restBest = edge.to == graph.end ? 0 : (cheapest(from: edge.to)?.cost ?? .infinity)
            guard first + restBest <= bound else { continue }
            let tails = suffixes(from: edge.to, limit: limit, slack: slack, partsPerEdge: partsPerEdge, memo: &memo)
            for choice in choices(edge.atoms, pairsPerSubstring: partsPerEdge).prefix(partsPerEdge) where choice.cost + restBest <= bound {
                for tail in tails where choice.cost + tail.cost <= bound {
                    found.append(([choice.part] + tail.parts, choice.cost + tail.cost))
                }
            }
        }
        found.sort { a, b in
            a.cost != b.cost ? a.cost < b.cost : a.parts.map(\.description).lexicographicallyPrecedes(b.parts.map(\.description))
        }
        let kept = Array(found.prefix(limit))
        memo[node] = kept
        return kept
    }

    /// The cheapest path from a node to the end, memoised; `nil` when the end is unreachable.
    private mutating func cheapest(from node: Int) -> (cost: Double, edge: Int)? {
        if let known = best[node] { return known.cost.isFinite ? known : nil }
        var result: (cost: Double, edge: Int)?
        for (index, edge) in graph.edges[node].enumerated() {
            let first = cheapestCost(edge.atoms)
            guard first.isFinite else { continue }
            let rest: Double
            if edge.to == graph.end {
                rest = 0
            } else if let tail = cheapest(from: edge.to) {
                rest = tail.cost
            } else {
                continue
            }
            let total = first + rest
            if result == nil || total < result!.cost { result = (total, index) }
        }
        best[node] = result ?? (.infinity, -1)
        return result
    }

    /// An edge's cheapest part on a path whose constants splice no word or number (`ProgramCost.insideWord`).
    private func cleanCost(_ atoms: EdgeAtoms) -> Double {
        atoms.constantSplicesWord ? cheapestCost(atoms, reading: true) : cheapestCost(atoms)
    }

    /// The cheapest path from a node to the end whose constants splice no word or number, memoised;
    /// `nil` when there is none.
    private mutating func cheapestClean(from node: Int) -> (cost: Double, edge: Int)? {
        if let known = bestClean[node] { return known.cost.isFinite ? known : nil }
        var result: (cost: Double, edge: Int)?
        for (index, edge) in graph.edges[node].enumerated() {
            let first = cleanCost(edge.atoms)
            guard first.isFinite, let rest = edge.to == graph.end ? 0 : cheapestClean(from: edge.to)?.cost else { continue }
            if result == nil || first + rest < result!.cost { result = (first + rest, index) }
        }
        bestClean[node] = result ?? (.infinity, -1)
        return result
    }

    /// The cheapest path from a node to the end on which some part reads the row and no constant
    /// splices a word or a number, memoised; `nil` when there is none. Its first edge either gives
    /// that part (its cheapest one that reads, then the cheapest such path on) or writes its constant
    /// (then the cheapest path on that reads); `reads` says which.
    private mutating func cheapestReading(from node: Int) -> (cost: Double, edge: Int, reads: Bool)? {
        if let known = bestReading[node] { return known.cost.isFinite ? known : nil }
        var result: (cost: Double, edge: Int, reads: Bool)?
        for (index, edge) in graph.edges[node].enumerated() {
            let reading = cheapestCost(edge.atoms, reading: true)
            if reading.isFinite, let rest = edge.to == graph.end ? 0 : cheapestClean(from: edge.to)?.cost,
                result == nil || reading + rest < result!.cost
            {
                result = (reading + rest, index, true)
            }
            if let text = edge.atoms.constant, !edge.atoms.constantSplicesWord, edge.to != graph.end,
                let tail = cheapestReading(from: edge.to)
            {
                let total = constantCost(text, edge.atoms) + tail.cost
                if result == nil || total < result!.cost { result = (total, index, false) }
            }
        }
        bestReading[node] = result ?? (.infinity, -1, false)
        return result
    }

    /// Up to `limit` programs, cheapest first: the best path, then the best path with one edge's part
    /// swapped for that edge's next choice, which is where one example leaves real doubt (which
    /// position, which token). `reading`: the best path on which some part reads the row, for a
    /// caller whose cheapest programs were constants it may not offer alone. From one example,
    /// writing the whole output is often cheaper than copying a short piece of it (`3` → `Q3-2024`:
    /// the word `Q3` costs less than `Q` and a copied `3`), which would leave nothing to offer. Where
    /// writing everything was cheapest, copying has little evidence, so such a path splices no word
    /// or number with its constants: `a` → `zebra` is not `zebr` and a copied `a`.
    mutating func top(_ limit: Int, reading: Bool = false) -> [(parts: [CellPart], cost: Double)] {
        if graph.start == graph.end { return [([], 0)] }
        guard reading ? cheapestReading(from: graph.start) != nil : cheapest(from: graph.start) != nil else { return [] }
        var path: [[(part: CellPart, cost: Double)]] = []
        var node = graph.start
        var mustRead = reading
        while node != graph.end {
            if mustRead, let step = cheapestReading(from: node) {
                let edge = graph.edges[node][step.edge]
                path.append(choices(edge.atoms).filter { choice in
                    if case .constant = choice.part { !step.reads } else { step.reads }
                })
                mustRead = !step.reads
                node = edge.to
            } else if reading, let step = cheapestClean(from: node) {
                let edge = graph.edges[node][step.edge]
                path.append(choices(edge.atoms).filter { choice in
                    if case .constant = choice.part { !edge.atoms.constantSplicesWord } else { true }
                })
                node = edge.to
            } else {
                let edge = graph.edges[node][cheapest(from: node)!.edge]
                path.append(choices(edge.atoms))
                node = edge.to
            }
        }
        let parts = path.map(\.[0].part)
        let total = path.reduce(0) { $0 + $1[0].cost }
        var programs: [(parts: [CellPart], cost: Double)] = [(parts, total)]
        for (i, options) in path.enumerated() where options.count > 1 {
            var changed = parts
            changed[i] = options[1].part
            programs.append((changed, total - options[0].cost + options[1].cost))
        }
        return Array(programs.sorted { $0.cost < $1.cost }.prefix(limit))
    }
}

extension Position {
    var countsFromEnd: Bool {
        switch self {
        case .fromEnd: true
        case .fromStart: false
        case .columnValue(_, let fromEnd): fromEnd
        case .matchStart(_, let k), .matchEnd(_, let k): k < 0
        }
    }
}
