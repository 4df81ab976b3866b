/// Picks the cheapest programs out of a version space.
struct GraphRanking {
    let graph: ExampleGraph
    let inventory: TextInventory
    /// The first example's sources, to price a truth value by what it says on them.
    let row: [String]
    /// Each position id's position, and its price in a pair (see `pairs`).
    private let positions: [Position]
    private let positionCosts: [Double]
    private let countsFromEnd: [Bool]
    private var best: [Int: (cost: Double, edge: Int)] = [:]
    private let wholeIds: (start: Int?, end: Int?)

    init(graph: ExampleGraph, inventory: TextInventory, row: [String], positions: [Position]) {
        self.graph = graph
        self.inventory = inventory
        self.row = row
        self.positions = positions
        countsFromEnd = positions.map(\.countsFromEnd)
        positionCosts = positions.map { p in ProgramCost.position(p) + (p != .fromEnd(0) && p.countsFromEnd ? 0.01 : 0) }
        wholeIds = (positions.firstIndex(of: .fromStart(0)), positions.firstIndex(of: .fromEnd(0)))
    }

    /// The price of an edge's cheapest part, without building the parts: the dynamic programme
    /// asks this of every edge, and `choices` is only needed along the paths it picks.
    func cheapestCost(_ atoms: EdgeAtoms) -> Double {
        var cost = Double.infinity
        if let text = atoms.constant { cost = ProgramCost.constant(text, inventory: inventory) }
        for choice in atoms.substrings {
            let map = ProgramCost.caseMap(choice.caseMap, inventory: inventory)
            if let s = wholeIds.start, let e = wholeIds.end, choice.starts.contains(s), choice.ends.contains(e) {
                cost = min(cost, ProgramCost.part(.whole(column: choice.column, spacing: .keep, case: .keep), inventory: inventory) + map)
                continue
            }
            let start = choice.starts.reduce(Double.infinity) { min($0, ProgramCost.position(positions[$1])) }
            let end = choice.ends.reduce(Double.infinity) { min($0, ProgramCost.position(positions[$1])) }
            cost = min(cost, inventory.cost("substring") + start + end + map)
        }
        for part in atoms.parts { cost = min(cost, price(part)) }
        return cost
    }

    private func price(_ part: CellPart) -> Double {
        var cost = ProgramCost.part(part, inventory: inventory)
        if case .truth(let predicate, _) = part, let value = predicate.evaluate(row) {
            cost += ProgramCost.truth(predicate, value: value) - ProgramCost.predicate(predicate)
        }
        return cost
    }

    /// Every part one edge offers, cheapest first (ties broken by the printed part, so ranking is
    /// deterministic).
    func choices(_ atoms: EdgeAtoms) -> [(part: CellPart, cost: Double)] {
        var found: [(part: CellPart, cost: Double)] = []
        if let text = atoms.constant { found.append((.constant(text), ProgramCost.constant(text, inventory: inventory))) }
        for choice in atoms.substrings {
            for (start, end) in pairs(choice) {
                let part: CellPart =
                    start == .fromStart(0) && end == .fromEnd(0)
                    ? .whole(column: choice.column, spacing: .keep, case: choice.caseMap)
                    : .substring(column: choice.column, from: start, to: end, case: choice.caseMap)
                found.append((part, ProgramCost.part(part, inventory: inventory)))
            }
        }
        for part in atoms.parts { found.append((part, price(part))) }
        var seen = Set<CellPart>()
        return found.filter { seen.insert($0.part).inserted }.sorted {
            $0.cost != $1.cost ? $0.cost < $1.cost : $0.part.description < $1.part.description
        }
    }

    /// The two best (start, end) pairs of a substring. Both ends should count from the same end of
    /// the cell: "up to the first space" from the start, "after the last slash" to the end, "the
    /// second capital" for both ends of a letter; when nothing else decides, from the start.
    private func pairs(_ choice: SubstringChoice) -> [(Position, Position)] {
        func ranked(_ ids: [Int]) -> [Int] {
            Array(ids.sorted { positionCosts[$0] != positionCosts[$1] ? positionCosts[$0] < positionCosts[$1] : $0 < $1 }.prefix(6))
        }
        var scored: [(start: Int, end: Int, cost: Double)] = []
        for start in ranked(choice.starts) {
            for end in ranked(choice.ends) {
                scored.append((start, end, positionCosts[start] + positionCosts[end] + (countsFromEnd[start] != countsFromEnd[end] ? 0.05 : 0)))
            }
        }
        scored.sort {
            $0.cost != $1.cost
                ? $0.cost < $1.cost
                : (positions[$0.start].description, positions[$0.end].description) < (positions[$1.start].description, positions[$1.end].description)
        }
        return scored.prefix(2).map { (positions[$0.start], positions[$0.end]) }
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

    /// Up to `limit` programs, cheapest first: the best path, then the best path with one edge's part
    /// swapped for that edge's next choice, which is where one example leaves real doubt (which
    /// position, which token).
    mutating func top(_ limit: Int) -> [(parts: [CellPart], cost: Double)] {
        if graph.start == graph.end { return [([], 0)] }
        guard let head = cheapest(from: graph.start) else { return [] }
        var path: [[(part: CellPart, cost: Double)]] = []
        var node = graph.start
        var step = head
        while true {
            let edge = graph.edges[node][step.edge]
            path.append(choices(edge.atoms))
            if edge.to == graph.end { break }
            node = edge.to
            step = cheapest(from: node)!
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
