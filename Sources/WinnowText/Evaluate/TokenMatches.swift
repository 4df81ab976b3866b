/// The matches of a token in a cell, as scalar offsets, left to right.
///
/// Classes match maximal runs; a literal matches its own text without overlaps, scanning on from
/// the end of each match, which is what Python's `str.find` loop in the exported script does.
enum TokenMatches {
    static func find(_ token: TextToken, in cell: [Unicode.Scalar]) -> [Range<Int>] {
        if case .literal(let text) = token { return literal(Array(text.unicodeScalars), in: cell) }
        var matches: [Range<Int>] = []
        var i = 0
        while i < cell.count {
            guard token.contains(cell[i]) else { i += 1; continue }
            var j = i + 1
            while j < cell.count, token.contains(cell[j]) { j += 1 }
            matches.append(i..<j)
            i = j
        }
        return matches
    }

    static func literal(_ needle: [Unicode.Scalar], in cell: [Unicode.Scalar]) -> [Range<Int>] {
        guard !needle.isEmpty, needle.count <= cell.count else { return [] }
        var matches: [Range<Int>] = []
        var i = 0
        while i + needle.count <= cell.count {
            if cell[i] == needle[0], cell[i..<(i + needle.count)].elementsEqual(needle) {
                matches.append(i..<(i + needle.count))
                i += needle.count
            } else {
                i += 1
            }
        }
        return matches
    }

    /// The k-th match (1-based; negative counts from the last), if there are that many.
    static func pick(_ matches: [Range<Int>], _ k: Int) -> Range<Int>? {
        let index = k > 0 ? k - 1 : matches.count + k
        return k != 0 && index >= 0 && index < matches.count ? matches[index] : nil
    }
}

extension Position {
    /// The scalar offset this position names in the cell, or `nil` when it does not exist there.
    func resolve(in cell: [Unicode.Scalar], row: [String]) -> Int? {
        switch self {
        case .columnValue(let c, let fromEnd):
            guard let k = Self.count(in: CellPart.cell(row, c)), k <= cell.count else { return nil }
            return fromEnd ? cell.count - k : k
        case .fromStart(let k): return k >= 0 && k <= cell.count ? k : nil
        case .fromEnd(let k): return k >= 0 && k <= cell.count ? cell.count - k : nil
        case .matchStart(let token, let k): return TokenMatches.pick(TokenMatches.find(token, in: cell), k)?.lowerBound
        case .matchEnd(let token, let k): return TokenMatches.pick(TokenMatches.find(token, in: cell), k)?.upperBound
        }
    }

    /// The column a `columnValue` position reads its count from.
    var countColumn: Int? {
        if case .columnValue(let c, _) = self { return c }
        return nil
    }

    /// A cell read as a character count: one to nine ASCII digits and nothing else.
    static func count(in cell: String) -> Int? {
        let scalars = cell.unicodeScalars
        guard (1...9).contains(scalars.count), scalars.allSatisfy(TextToken.digits.contains) else { return nil }
        return Int(cell)
    }
}
