/// One source cell of one example, with what synthesis looks up in it again and again: its scalars,
/// its case-changed copies, and every position (symbolic) that names each offset.
struct SourceCell {
    let column: Int
    let scalars: [Unicode.Scalar]
    /// The cell under each case map that changes it, for finding output text copied with a case change.
    let cased: [(map: CaseMap, scalars: [Unicode.Scalar])]
    /// `positions[p]` holds every position that resolves to offset `p` in this cell.
    let positions: [Set<Position>]

    init(column: Int, text: String, tokens: [TextToken], caseMaps: [CaseMap]) {
        self.column = column
        let scalars = Array(text.unicodeScalars)
        self.scalars = scalars
        var cased: [(map: CaseMap, scalars: [Unicode.Scalar])] = [(.keep, scalars)]
        for map in caseMaps where map != .keep {
            let changed = map.apply(scalars)
            if changed != scalars { cased.append((map, changed)) }
        }
        self.cased = cased
        var positions = [Set<Position>](repeating: [], count: scalars.count + 1)
        for p in 0...scalars.count {
            positions[p].insert(.fromStart(p))
            positions[p].insert(.fromEnd(scalars.count - p))
        }
        for token in tokens {
            let matches = TokenMatches.find(token, in: scalars)
            for (q, match) in matches.enumerated() {
                positions[match.lowerBound].insert(.matchStart(token, q + 1))
                positions[match.lowerBound].insert(.matchStart(token, q - matches.count))
                positions[match.upperBound].insert(.matchEnd(token, q + 1))
                positions[match.upperBound].insert(.matchEnd(token, q - matches.count))
            }
        }
        self.positions = positions
    }

    /// Literal tokens worth looking for: every maximal run of characters that are neither letters nor
    /// digits, and each such character on its own, from all the given cells, in a fixed order.
    static func literalTokens(in cells: [String], limit: Int = 24) -> [TextToken] {
        var seen = Set<String>()
        var found: [String] = []
        for cell in cells {
            let scalars = Array(cell.unicodeScalars)
            for run in TokenMatches.find(.alphanumeric, in: scalars).complement(length: scalars.count) {
                let text = CellPart.string(Array(scalars[run]))
                if seen.insert(text).inserted { found.append(text) }
                if run.count > 1 {
                    for s in scalars[run] where seen.insert(String(s)).inserted { found.append(String(s)) }
                }
            }
        }
        return found.prefix(limit).map { .literal($0) }
    }
}
