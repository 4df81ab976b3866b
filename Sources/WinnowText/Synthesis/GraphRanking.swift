/// Picks the cheapest programs out of a version space.
struct GraphRanking {
    let graph: ExampleGraph
    let inventory: TextInventory
    /// The first example's sources, to price a truth value by what it says on them.
    let row: [String]
    private var best: [Int: (cost: Double, edge: Int, part: CellPart)] = [:]

    init(graph: ExampleGraph, inventory: TextInventory, row: [String]) {
        self.graph = graph
        self.inventory = inventory
        self.row = row
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
        for part in atoms.parts {
            var cost = ProgramCost.part(part, inventory: inventory)
            if case .truth(let predicate, _) = part, let value = predicate.evaluate(row) {
                cost += ProgramCost.truth(predicate, value: value) - ProgramCost.predicate(predicate)
            }
            found.append((part, cost))
        }
        var seen = Set<CellPart>()
        return found.filter { seen.insert($0.part).inserted }.sorted {
            $0.cost != $1.cost ? $0.cost < $1.cost : $0.part.description < $1.part.description
        }
    }

    /// The two best (start, end) pairs of a substring. Both ends should count from the same end of
    /// the cell: "up to the first space" from the start, "after the last slash" to the end, "the
    /// second capital" for both ends of a letter; when nothing else decides, from the start.
    private func pairs(_ choice: SubstringChoice) -> [(Position, Position)] {
        func fromEnd(_ p: Position) -> Bool {
            switch p {
            case .fromEnd: true
            case .fromStart: false
            case .matchStart(_, let k), .matchEnd(_, let k): k < 0
            }
        }
        func cost(_ p: Position) -> Double { ProgramCost.position(p) + (fromEnd(p) && p != .fromEnd(0) ? 0.01 : 0) }
        func ranked(_ positions: Set<Position>) -> [Position] {
            Array(positions.sorted { cost($0) != cost($1) ? cost($0) < cost($1) : $0.description < $1.description }.prefix(6))
        }
        var scored: [(start: Position, end: Position, cost: Double)] = []
        for start in ranked(choice.starts) {
            for end in ranked(choice.ends) {
                scored.append((start, end, cost(start) + cost(end) + (fromEnd(start) != fromEnd(end) ? 0.05 : 0)))
            }
        }
        scored.sort { $0.cost != $1.cost ? $0.cost < $1.cost : ($0.start.description, $0.end.description) < ($1.start.description, $1.end.description) }
        return scored.prefix(2).map { ($0.start, $0.end) }
    }

    /// The cheapest path from a node to the end, memoised; `nil` when the end is unreachable.
    private mutating func cheapest(from node: Int) -> (cost: Double, edge: Int, part: CellPart)? {
        if let known = best[node] { return known.cost.isFinite ? known : nil }
        var result: (cost: Double, edge: Int, part: CellPart)?
        for (index, edge) in graph.edges[node].enumerated() {
            guard let first = choices(edge.atoms).first else { continue }
            let rest: Double
            if edge.to == graph.end {
                rest = 0
            } else if let tail = cheapest(from: edge.to) {
                rest = tail.cost
            } else {
                continue
            }
            let total = first.cost + rest
            if result == nil || total < result!.cost { result = (total, index, first.part) }
        }
        best[node] = result ?? (.infinity, -1, .constant(""))
        return result
    }

    /// Up to `limit` programs, cheapest first: the best path, then the best path with one edge's part
    /// swapped for that edge's next choice, which is where one example leaves real doubt (which
    /// position, which token).
    mutating func top(_ limit: Int) -> [(parts: [CellPart], cost: Double)] {
        if graph.start == graph.end { return [([], 0)] }
        guard let head = cheapest(from: graph.start) else { return [] }
        var path: [(edge: ExampleGraph.Edge, part: CellPart)] = []
        var node = graph.start
        var step = head
        while true {
            let edge = graph.edges[node][step.edge]
            path.append((edge, step.part))
            if edge.to == graph.end { break }
            node = edge.to
            step = cheapest(from: node)!
        }
        let parts = path.map(\.part)
        var programs: [(parts: [CellPart], cost: Double)] = [(parts, head.cost)]
        for (i, item) in path.enumerated() {
            let options = choices(item.edge.atoms)
            guard options.count > 1 else { continue }
            var changed = parts
            changed[i] = options[1].part
            programs.append((changed, head.cost - options[0].cost + options[1].cost))
        }
        return Array(programs.sorted { $0.cost < $1.cost }.prefix(limit))
    }
}
