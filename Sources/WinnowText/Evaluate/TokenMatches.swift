/// A cell's text as scalars at offsets from 0: an array of decoded scalars, or the bytes of an ASCII
/// cell, where each byte is a scalar and positions resolve without decoding (`ASCIIScalars`).
protocol ScalarCell: RandomAccessCollection where Element == Unicode.Scalar, Index == Int {}

extension Array: ScalarCell where Element == Unicode.Scalar {}

/// The bytes of a cell known to be ASCII, read as scalars.
struct ASCIIScalars: ScalarCell {
    let bytes: UnsafeBufferPointer<UInt8>
    var startIndex: Int { 0 }
    var endIndex: Int { bytes.count }
    subscript(position: Int) -> Unicode.Scalar { Unicode.Scalar(bytes[position]) }

    /// `body` of the text's bytes read as scalars when the text is ASCII; `nil` otherwise, for the
    /// caller to decode its scalars instead. What runs on every row of an `--apply` reads a cell
    /// this way rather than decoding it into an array first.
    static func reading<Result>(_ text: String, _ body: (ASCIIScalars) -> Result) -> Result? {
        let read = text.utf8.withContiguousStorageIfAvailable { bytes -> Result? in
            bytes.allSatisfy { $0 < 0x80 } ? body(ASCIIScalars(bytes: bytes)) : nil
        }
        return read ?? nil
    }
}

/// The matches of a token in a cell, as scalar offsets, left to right.
///
/// Classes match maximal runs; a literal matches its own text without overlaps, scanning on from
/// the end of each match, which is what Python's `str.find` loop in the exported script does.
enum TokenMatches {
    static func find(_ token: TextToken, in cell: some ScalarCell) -> [Range<Int>] {
        var matches: [Range<Int>] = []
        scan(token, in: cell) { matches.append($0); return true }
        return matches
    }

    /// The k-th match (1-based; negative counts from the last), found without collecting the matches:
    /// resolving a position is the inner loop of applying a program to every row.
    static func kth(_ token: TextToken, _ k: Int, in cell: some ScalarCell) -> Range<Int>? {
        // No cell has `Int.min.magnitude` matches, and negating it would trap.
        guard k != 0, k != Int.min else { return nil }
        if k < 0, let found = kthFromEnd(token, -k, in: cell) { return found }
        var index = k - 1
        if k < 0 {
            var total = 0
            scan(token, in: cell) { _ in total += 1; return true }
            index = total + k
            guard index >= 0 else { return nil }
        }
        var seen = 0
        var found: Range<Int>?
        scan(token, in: cell) { match in
            if seen == index { found = match; return false }
            seen += 1
            return true
        }
        return found
    }

    /// The k-th match from the end for a class or a one-scalar literal, scanning right to left: their
    /// matches (maximal runs, single scalars) are the same read from either end, so this is one pass
    /// instead of counting every match first. `.some(nil)` when there are fewer than `k` matches;
    /// `nil` for a longer literal, whose left-to-right matching must be replayed from the start.
    private static func kthFromEnd(_ token: TextToken, _ k: Int, in cell: some ScalarCell) -> Range<Int>?? {
        var seen = 0
        if case .literal(let text) = token {
            guard let only = singleScalar(text) else { return nil }
            var i = cell.count - 1
            while i >= 0 {
                if cell[i] == only {
                    seen += 1
                    if seen == k { return .some(i..<(i + 1)) }
                }
                i -= 1
            }
            return .some(nil)
        }
        var j = cell.count
        while j > 0 {
            guard token.contains(cell[j - 1]) else { j -= 1; continue }
            var i = j - 1
            while i > 0, token.contains(cell[i - 1]) { i -= 1 }
            seen += 1
            if seen == k { return .some(i..<j) }
            j = i
        }
        return .some(nil)
    }

    /// The literal's only scalar, when it has one; an ASCII one is recognised by its byte count,
    /// which a native string knows without decoding.
    private static func singleScalar(_ text: String) -> Unicode.Scalar? {
        let utf8 = text.utf8
        if utf8.count == 1 { return utf8.first.map(Unicode.Scalar.init) }
        return utf8.count <= 4 && text.unicodeScalars.count == 1 ? text.unicodeScalars.first : nil
    }

    /// Calls `body` with each match left to right until it returns `false`.
    private static func scan(_ token: TextToken, in cell: some ScalarCell, _ body: (Range<Int>) -> Bool) {
        if case .literal(let text) = token {
            // The common separator (`-`, `/`, a space) without building a needle.
            if let only = singleScalar(text) {
                for i in cell.indices where cell[i] == only {
                    guard body(i..<(i + 1)) else { return }
                }
                return
            }
            scanLiteral(Array(text.unicodeScalars), in: cell, body)
            return
        }
        var i = 0
        while i < cell.count {
            guard token.contains(cell[i]) else { i += 1; continue }
            var j = i + 1
            while j < cell.count, token.contains(cell[j]) { j += 1 }
            guard body(i..<j) else { return }
            i = j
        }
    }

    static func literal(_ needle: [Unicode.Scalar], in cell: some ScalarCell) -> [Range<Int>] {
        var matches: [Range<Int>] = []
        scanLiteral(needle, in: cell) { matches.append($0); return true }
        return matches
    }

    /// Non-overlapping matches of `needle`, scanning on from the end of each, until `body` says stop.
    private static func scanLiteral(_ needle: [Unicode.Scalar], in cell: some ScalarCell, _ body: (Range<Int>) -> Bool) {
        guard !needle.isEmpty, needle.count <= cell.count else { return }
        var i = 0
        while i + needle.count <= cell.count {
            if cell[i] == needle[0], cell[i..<(i + needle.count)].elementsEqual(needle) {
                guard body(i..<(i + needle.count)) else { return }
                i += needle.count
            } else {
                i += 1
            }
        }
    }
}

extension Position {
    /// The scalar offset this position names in the cell, or `nil` when it does not exist there.
    func resolve(in cell: some ScalarCell, row: [String]) -> Int? {
        switch self {
        case .columnValue(let c, let fromEnd):
            guard let k = Self.count(in: CellPart.cell(row, c)), k <= cell.count else { return nil }
            return fromEnd ? cell.count - k : k
        case .fromStart(let k): return k >= 0 && k <= cell.count ? k : nil
        case .fromEnd(let k): return k >= 0 && k <= cell.count ? cell.count - k : nil
        case .matchStart(let token, let k): return TokenMatches.kth(token, k, in: cell)?.lowerBound
        case .matchEnd(let token, let k): return TokenMatches.kth(token, k, in: cell)?.upperBound
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
