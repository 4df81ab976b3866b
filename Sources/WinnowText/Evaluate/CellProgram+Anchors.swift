extension CellProgram {
    /// How many matches each token position of the branch that fires on `row` has in its source
    /// cell, keyed by the position's place in the program (branches in order, then `otherwise`).
    ///
    /// A position that picks "the first space" was only shown cells with as many spaces as the
    /// examples had; on a cell with more, which space it means is a guess the example never
    /// checked. Ranking compares these counts on held-out rows with the examples' (see
    /// `ProgramRanking`). Index and column-value positions count nothing: their price already says
    /// how little they generalise. Empty when no branch can be decided on the row.
    public func anchorCounts(_ row: [String]) -> [Int: Int] {
        var key = 0
        var fired: [CellPart]?
        var firedFrom = 0
        for branch in branches {
            if fired == nil {
                guard let holds = branch.condition.evaluate(row) else { return [:] }
                if holds { (fired, firedFrom) = (branch.parts, key) }
            }
            key += branch.parts.reduce(0) { $0 + $1.tokenPositions.count }
        }
        if fired == nil { (fired, firedFrom) = (otherwise, key) }
        var counts: [Int: Int] = [:]
        for part in fired ?? [] {
            guard let c = part.span?.column ?? part.replacedColumn else { continue }
            let cell = Array(CellPart.cell(row, c).unicodeScalars)
            for token in part.tokenPositions {
                counts[firedFrom] = TokenMatches.find(token, in: cell).count
                firedFrom += 1
            }
        }
        return counts
    }
}

extension CellPart {
    /// The column and the two positions of a part that cuts a span out of a cell.
    var span: (column: Int, from: Position, to: Position)? {
        switch self {
        case .substring(let c, let from, let to, _), .filter(let c, let from, let to, _): (c, from, to)
        default: nil
        }
    }

    /// The column a `replaceText` part looks for its text in.
    var replacedColumn: Int? {
        if case .replaceText(let c, _, _) = self { return c }
        return nil
    }

    /// The tokens this part's positions count matches of, in order (from, then to); for a text
    /// replacement, its text: the examples showed it replacing as many occurrences as they had, and a
    /// row with none (where it changes nothing) or more is one they never checked it on.
    public var tokenPositions: [TextToken] {
        if case .replaceText(_, let text, _) = self { return [.literal(text)] }
        guard let (_, from, to) = span else { return [] }
        return [from, to].compactMap { position in
            switch position {
            case .matchStart(let token, _), .matchEnd(let token, _): token
            case .fromStart, .fromEnd, .columnValue: nil
            }
        }
    }
}
