/// The predicates synthesis tries, for truth-valued cells and for the conditions of branches.
enum TruthCandidates {
    /// Predicates a truth-valued cell may print: relations between two columns first (they use the
    /// most of the row, so they are the likeliest intent when a cell reports on the others), then
    /// tests of one column.
    static func predicates(columns: Int, row: [String]) -> [CellPredicate] {
        var found: [CellPredicate] = []
        for c in 0..<columns {
            for o in 0..<columns where o != c {
                if c < o { found.append(.equalsColumn(column: c, other: o)) }
                found.append(.containsColumn(column: c, other: o))
            }
        }
        for c in 0..<columns {
            found.append(.isEmpty(column: c))
            for token in TextToken.classes { found.append(.matches(column: c, token: token)) }
        }
        return found
    }

    /// Conditions that hold on every row of `inside` and on none of `outside`, simplest first: tests
    /// for emptiness, then for texts every inside row has in a column (a word, a number or a run of
    /// punctuation, anywhere, at the start or at the end), then for the whole cell being one token.
    static func separating(inside: [[String]], outside: [[String]], columns: Int) -> [CellPredicate] {
        var candidates: [CellPredicate] = []
        for c in 0..<columns {
            candidates.append(.isEmpty(column: c))
            candidates.append(.not(.isEmpty(column: c)))
            let cells = inside.map { CellPart.cell($0, c) }
            let found = cells.map { Set(Self.pieces(of: $0)) }
            guard var common = found.first else { continue }
            for other in found.dropFirst() { common.formIntersection(other) }
            for text in common.sorted() {
                candidates.append(.endsWith(column: c, text: text))
                candidates.append(.startsWith(column: c, text: text))
                candidates.append(.contains(column: c, text: text))
                candidates.append(.not(.contains(column: c, text: text)))
            }
            for token in TextToken.classes {
                candidates.append(.matches(column: c, token: token))
                candidates.append(.not(.matches(column: c, token: token)))
            }
        }
        return candidates.filter { p in
            inside.allSatisfy { p.evaluate($0) == true } && outside.allSatisfy { p.evaluate($0) == false }
        }
    }

    /// The maximal runs of one class (letters, digits, whitespace, other) in a cell.
    static func pieces(of cell: String) -> [String] {
        let scalars = Array(cell.unicodeScalars)
        func kind(_ s: Unicode.Scalar) -> Int {
            TextToken.letters.contains(s) ? 0 : TextToken.digits.contains(s) ? 1 : TextToken.whitespace.contains(s) ? 2 : 3
        }
        var found: [String] = []
        var i = 0
        while i < scalars.count {
            var j = i + 1
            while j < scalars.count, kind(scalars[j]) == kind(scalars[i]) { j += 1 }
            if kind(scalars[i]) != 2 { found.append(CellPart.string(Array(scalars[i..<j]))) }
            i = j
        }
        return found
    }
}

extension CellPredicate {
    /// The literal text a predicate looks for, if it looks for one.
    var testedText: String? {
        switch self {
        case .contains(_, let text), .startsWith(_, let text), .endsWith(_, let text): text
        case .not(let inner): inner.testedText
        default: nil
        }
    }
}
