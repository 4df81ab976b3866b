/// One source cell of one example, with what synthesis looks up in it again and again: its scalars,
/// its case-changed copies, and every position (symbolic) that names each offset.
struct SourceCell {
    let column: Int
    let scalars: [Unicode.Scalar]
    /// The cell under each case map that changes it, for finding output text copied with a case change.
    let cased: [(map: CaseMap, scalars: [Unicode.Scalar])]
    /// `positions[p]` holds every position that resolves to offset `p` in this cell, as sorted ids
    /// in the synthesis run's `PositionTable`.
    let positions: [[Int]]

    init(column: Int, text: String, tokens: [TextToken], caseMaps: [CaseMap], row: [String], table: PositionTable) {
        self.column = column
        let scalars = Array(text.unicodeScalars)
        self.scalars = scalars
        var cased: [(map: CaseMap, scalars: [Unicode.Scalar])] = [(.keep, scalars)]
        for map in caseMaps where map != .keep {
            let changed = map.apply(scalars)
            if changed != scalars { cased.append((map, changed)) }
        }
        self.cased = cased
        var positions = [[Int]](repeating: [], count: scalars.count + 1)
        for p in 0...scalars.count {
            positions[p].append(table.id(.fromStart(p)))
            positions[p].append(table.id(.fromEnd(scalars.count - p)))
        }
        for (c, cell) in row.enumerated() where c != column {
            guard let k = Position.count(in: cell), k <= scalars.count else { continue }
            positions[k].append(table.id(.columnValue(column: c, fromEnd: false)))
            positions[scalars.count - k].append(table.id(.columnValue(column: c, fromEnd: true)))
        }
        for token in tokens {
            let matches = TokenMatches.find(token, in: scalars)
            for (q, match) in matches.enumerated() {
                positions[match.lowerBound].append(table.id(.matchStart(token, q + 1)))
                positions[match.lowerBound].append(table.id(.matchStart(token, q - matches.count)))
                positions[match.upperBound].append(table.id(.matchEnd(token, q + 1)))
                positions[match.upperBound].append(table.id(.matchEnd(token, q - matches.count)))
            }
        }
        self.positions = positions.map { Array(Set($0)).sorted() }
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

/// Positions numbered for one synthesis run, so that the position sets the version space intersects
/// over and over are sorted integer arrays rather than hashed sets of enums.
final class PositionTable {
    private var ids: [Position: Int] = [:]
    private(set) var positions: [Position] = []

    func id(_ position: Position) -> Int {
        if let known = ids[position] { return known }
        ids[position] = positions.count
        positions.append(position)
        return positions.count - 1
    }
}

extension Array where Element == Int {
    /// Whether two sorted lists have an element in common; `sortedIntersection` without building it.
    func sharesElement(with other: [Int]) -> Bool {
        var i = 0, j = 0
        while i < count, j < other.count {
            if self[i] == other[j] { return true }
            if self[i] < other[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    /// The common elements of two sorted arrays, sorted.
    func sortedIntersection(_ other: [Int]) -> [Int] {
        var out: [Int] = []
        var i = 0, j = 0
        while i < count, j < other.count {
            if self[i] == other[j] {
                out.append(self[i]); i += 1; j += 1
            } else if self[i] < other[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }
}
