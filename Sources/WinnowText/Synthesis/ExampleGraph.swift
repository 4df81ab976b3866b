/// FlashFill's version space for the outputs seen so far: a DAG whose paths are the concatenations
/// that produce them.
///
/// For one example, nodes are the offsets 0…n of the output and an edge i → j holds every way to
/// produce `output[i..<j]`: the constant, the substrings of source cells that equal it (with every
/// symbolic position that names their ends), and the whole-cell, number, date and truth parts that
/// print it. Intersecting two graphs keeps the programs consistent with both: a product node pairs
/// an offset in each output, and an edge survives when both sides share a constant, a substring with
/// common start and end positions, or the same part. Because positions are symbolic, the intersection
/// is exact set intersection, and the result stays small enough to rank by dynamic programming.
struct ExampleGraph {
    /// `edges[node]`: edges leaving the node, to later nodes.
    var edges: [[Edge]]
    let start: Int
    let end: Int

    struct Edge {
        var to: Int
        var atoms: EdgeAtoms
    }

    var nodeCount: Int { edges.count }
}

/// The ways one edge can produce its text, for every example intersected so far.
struct EdgeAtoms {
    /// The constant text, when every example's text on this edge is the same.
    var constant: String?
    /// Whether, in some example, the constant begins or ends inside a number of the output
    /// (`ProgramCost.insideNumber`).
    var constantSplicesNumber = false
    /// Whether, in some example, it begins or ends inside a number or a run of letters
    /// (`ProgramCost.insideWord`).
    var constantSplicesWord = false
    var substrings: [SubstringChoice]
    /// Parts that are not substrings: whole cells, numbers, dates, truth values.
    var parts: Set<CellPart>

    var isEmpty: Bool { constant == nil && substrings.isEmpty && parts.isEmpty }

    /// Whether the two share a way to produce their text, decided without building the intersection.
    /// A product of two graphs tries every pair of edges leaving a pair of nodes and almost all share
    /// nothing; building each empty intersection (arrays and sets, their retains and releases) was
    /// most of the cost of synthesis on long cells.
    func meets(_ other: EdgeAtoms) -> Bool {
        if let constant, constant == other.constant { return true }
        if !parts.isEmpty, !other.parts.isEmpty, !parts.isDisjoint(with: other.parts) { return true }
        guard !substrings.isEmpty, !other.substrings.isEmpty else { return false }
        // Through buffers, so that no choice is copied (and its two lists retained) per pair.
        return substrings.withUnsafeBufferPointer { mine in
            other.substrings.withUnsafeBufferPointer { theirs in
                for i in mine.indices {
                    for j in theirs.indices where mine[i].mayMeet(theirs[j]) {
                        if mine[i].starts.sharesElement(with: theirs[j].starts), mine[i].ends.sharesElement(with: theirs[j].ends) {
                            return true
                        }
                    }
                }
                return false
            }
        }
    }

    func intersected(with other: EdgeAtoms) -> EdgeAtoms {
        var substrings: [SubstringChoice] = []
        if !self.substrings.isEmpty, !other.substrings.isEmpty {
            for a in self.substrings {
                for b in other.substrings where a.mayMeet(b) {
                    let starts = a.starts.sortedIntersection(b.starts)
                    guard !starts.isEmpty else { continue }
                    let ends = a.ends.sortedIntersection(b.ends)
                    guard !ends.isEmpty else { continue }
                    let choice = SubstringChoice(
                        column: a.column, caseMap: a.caseMap, starts: starts, ends: ends, keeping: a.keeping,
                        dropsInside: a.dropsInside || b.dropsInside)
                    if !substrings.contains(choice) { substrings.append(choice) }
                }
            }
        }
        let shared = constant != nil && constant == other.constant
        return EdgeAtoms(
            constant: shared ? constant : nil, constantSplicesNumber: shared && (constantSplicesNumber || other.constantSplicesNumber),
            constantSplicesWord: shared && (constantSplicesWord || other.constantSplicesWord),
            substrings: substrings, parts: parts.isEmpty || other.parts.isEmpty ? [] : parts.intersection(other.parts))
    }
}

/// A substring of one column under one case map, or the characters of one class in it, with every
/// start and end position that cuts it out in every example so far.
struct SubstringChoice: Hashable {
    var column: Int
    var caseMap: CaseMap
    /// Ids in the run's `PositionTable`, sorted.
    var starts: [Int]
    var ends: [Int]
    /// The class a filter keeps; `nil` for a plain substring.
    var keeping: TextToken?
    /// Whether some example's kept characters have others between them in the source: only then
    /// did an example show the filter at work, and only then is it offered.
    var dropsInside: Bool
    /// One bit per id modulo 64: two choices whose bits do not meet share no position, which rejects
    /// most pairs in the intersection without merging the id lists.
    var startBits: UInt64
    var endBits: UInt64

    /// Whether the two may share a start and an end: the same column, case map and kept class, and
    /// position bits that meet. Cheap, so it runs before the id lists are merged.
    func mayMeet(_ other: SubstringChoice) -> Bool {
        startBits & other.startBits != 0 && endBits & other.endBits != 0 && column == other.column && caseMap == other.caseMap
            && keeping == other.keeping
    }

    init(column: Int, caseMap: CaseMap, starts: [Int], ends: [Int], keeping: TextToken? = nil, dropsInside: Bool = false) {
        self.column = column
        self.caseMap = caseMap
        self.starts = starts
        self.ends = ends
        self.keeping = keeping
        self.dropsInside = dropsInside
        startBits = starts.reduce(0) { $0 | 1 << UInt64($1 & 63) }
        endBits = ends.reduce(0) { $0 | 1 << UInt64($1 & 63) }
    }
}

extension ExampleGraph {
    /// The graph of one example: every way to produce `output` from `sources`.
    static func build(
        sources: [SourceCell], row: [String], output: String, inventory: TextInventory
    ) -> ExampleGraph {
        let out = Array(output.unicodeScalars)
        let n = out.count
        var atoms = [[EdgeAtoms]](
            repeating: [EdgeAtoms](repeating: EdgeAtoms(constant: nil, substrings: [], parts: []), count: n + 1), count: n + 1)
        if inventory.enables("constant") {
            let insideNumber = ProgramCost.insideNumber(out)
            let insideWord = ProgramCost.insideWord(out, insideNumber: insideNumber)
            for i in 0..<n {
                for j in (i + 1)...n {
                    atoms[i][j].constant = CellPart.string(Array(out[i..<j]))
                    atoms[i][j].constantSplicesNumber = insideNumber[i] || insideNumber[j]
                    atoms[i][j].constantSplicesWord = insideWord[i] || insideWord[j]
                }
            }
        }
        if inventory.enables("substring") {
            for source in sources {
                for (map, text) in source.cased {
                    // Longest common extension of out[i...] and text[p...], for every i and p.
                    for p in 0..<text.count {
                        for i in 0..<n where out[i] == text[p] {
                            var length = 0
                            while i + length < n, p + length < text.count, out[i + length] == text[p + length] { length += 1 }
                            for l in 1...length {
                                let choice = SubstringChoice(
                                    column: source.column, caseMap: map, starts: source.positions[p], ends: source.positions[p + l])
                                atoms[i][i + l].substrings.append(choice)
                            }
                        }
                    }
                }
            }
        }
        if inventory.enables("filter") {
            for source in sources {
                for token in inventory.filterClasses {
                    for (i, j, choice) in filters(source, keeping: token, output: out) { atoms[i][j].substrings.append(choice) }
                }
            }
        }
        for (i, j, part) in wholeParts(sources: sources, row: row, output: out, inventory: inventory) {
            atoms[i][j].parts.insert(part)
        }
        var edges = [[Edge]](repeating: [], count: n + 1)
        for i in 0..<n {
            for j in (i + 1)...n where !atoms[i][j].isEmpty { edges[i].append(Edge(to: j, atoms: atoms[i][j])) }
        }
        return ExampleGraph(edges: edges, start: 0, end: n)
    }

    /// Every piece of the output that is the characters of one class from a span of the source. A span
    /// is named by its first and last kept characters; it may start anywhere after the kept character
    /// before it and end anywhere before the next, so its positions are those of the whole gap.
    private static func filters(
        _ source: SourceCell, keeping token: TextToken, output: [Unicode.Scalar]
    ) -> [(Int, Int, SubstringChoice)] {
        let text = source.scalars
        let kept = text.indices.filter { token.contains(text[$0]) }
        guard !kept.isEmpty, !output.isEmpty else { return [] }
        func union(_ offsets: ClosedRange<Int>) -> [Int] { Array(Set(offsets.flatMap { source.positions[$0] })).sorted() }
        var endsOf: [[Int]?] = Array(repeating: nil, count: kept.count)
        var found: [(Int, Int, SubstringChoice)] = []
        for a in kept.indices {
            let starts = union((a == 0 ? 0 : kept[a - 1] + 1)...kept[a])
            for i in output.indices where output[i] == text[kept[a]] {
                var b = a
                while true {
                    let ends = endsOf[b] ?? union((kept[b] + 1)...(b + 1 < kept.count ? kept[b + 1] : text.count))
                    endsOf[b] = ends
                    let length = b - a + 1
                    found.append((i, i + length, SubstringChoice(
                        column: source.column, caseMap: .keep, starts: starts, ends: ends, keeping: token,
                        dropsInside: kept[b] - kept[a] != b - a)))
                    guard b + 1 < kept.count, i + length < output.count, output[i + length] == text[kept[b + 1]] else { break }
                    b += 1
                }
            }
        }
        return found
    }

    /// Parts that print a whole piece of the output at once: cleaned-up whole cells, truth values,
    /// and numbers and dates (asked of `ValueLearner` only for pieces that start and end at token
    /// boundaries, which is where such values sit in real text).
    private static func wholeParts(
        sources: [SourceCell], row: [String], output: [Unicode.Scalar], inventory: TextInventory
    ) -> [(Int, Int, CellPart)] {
        let n = output.count
        var found: [(Int, Int, CellPart)] = []
        let spacings: [Spacing] = [.keep] + (inventory.enables("whitespace") ? inventory.spacings.filter { $0 != .keep } : [])
        let caseMaps: [CaseMap] = [.keep] + (inventory.enables("case") ? inventory.caseMaps.filter { $0 != .keep } : [])
        var cleaned: [String: Set<CellPart>] = [:]
        for source in sources {
            for spacing in spacings {
                let spaced = spacing.apply(source.scalars)
                for map in caseMaps {
                    if spacing == .keep && map == .keep { continue }
                    cleaned[CellPart.string(map.apply(spaced)), default: []].insert(.whole(column: source.column, spacing: spacing, case: map))
                }
            }
        }
        let outputText = CellPart.string(output)
        if inventory.enables("substitute") {
            for source in sources {
                for part in substitutions(source, output: output) { found.append((0, n, part)) }
            }
        }
        if inventory.enables("truth"), n > 0 {
            for style in inventory.truthStyles {
                for value in [true, false] where style.render(value) == outputText {
                    for predicate in TruthCandidates.predicates(columns: sources.count, row: row) where predicate.evaluate(row) == value {
                        found.append((0, n, .truth(predicate, style)))
                    }
                }
            }
        }
        guard n > 0 else { return found }
        var values = RowValues(row: row, inventory: inventory)
        for i in 0..<n where i == 0 || boundary(output[i - 1], output[i]) {
            for j in (i + 1)...n where j == n || boundary(output[j - 1], output[j]) {
                let text = CellPart.string(Array(output[i..<j]))
                for part in cleaned[text] ?? [] { found.append((i, j, part)) }
                for part in ValueLearner.parts(values: &values, text: text, inventory: inventory) { found.append((i, j, part)) }
            }
        }
        return found
    }

    /// Substitutions that turn the whole source into the output: deleting every occurrence of some
    /// characters, or replacing every occurrence of one non-alphanumeric character by a short text.
    private static func substitutions(_ source: SourceCell, output: [Unicode.Scalar]) -> [CellPart] {
        let text = source.scalars
        guard text != output, !text.isEmpty else { return [] }
        var found: [CellPart] = []
        if output.count < text.count {
            var deleted: [Unicode.Scalar] = []
            var o = 0
            for s in text {
                if o < output.count, output[o] == s { o += 1 } else if !deleted.contains(s) { deleted.append(s) }
            }
            let removed = text.filter { !deleted.contains($0) }
            if o == output.count, removed == output, deleted.count <= 3, !deleted.contains(where: TextToken.alphanumeric.contains) {
                found.append(.substitute(column: source.column, characters: CellPart.string(deleted), with: ""))
            }
        }
        found += textReplacements(source, output: output)
        var tried = Set<Unicode.Scalar>()
        for c in text where !TextToken.alphanumeric.contains(c) && tried.insert(c).inserted {
            let pieces = text.split(separator: c, omittingEmptySubsequences: false).map(Array.init)
            guard pieces.count > 1, output.count > pieces[0].count, output.starts(with: pieces[0]) else { continue }
            for length in 1...min(8, output.count - pieces[0].count) where length != 1 || output[pieces[0].count] != c {
                let replacement = Array(output[pieces[0].count..<(pieces[0].count + length)])
                var joined = pieces[0]
                for piece in pieces.dropFirst() { joined += replacement + piece }
                if joined == output {
                    found.append(.substitute(column: source.column, characters: String(c), with: CellPart.string(replacement)))
                    break
                }
            }
        }
        return found
    }

    /// Replacements of a text by another that turn the whole source into the output: the source and
    /// the output differ in one stretch, that stretch of the source is replaced by the output's
    /// everywhere it occurs, and the result must be the output. The stretch widened to whole words is
    /// tried first (`Street` → `St`, never removing `reet`); only when that fails is the bare stretch
    /// tried, and then only to remove it (`thatwill` → `will` removes `that`; `BRD` → `Branding` is
    /// never `RD` → `randing`). A single character is `substitute(characters:)`'s, which does not
    /// remove letters or digits one by one either, and a stretch that is the whole source would be a
    /// constant.
    private static func textReplacements(_ source: SourceCell, output: [Unicode.Scalar]) -> [CellPart] {
        let text = source.scalars
        var prefix = 0
        while prefix < min(text.count, output.count), text[prefix] == output[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(text.count, output.count) - prefix, text[text.count - 1 - suffix] == output[output.count - 1 - suffix] {
            suffix += 1
        }
        var start = prefix, end = text.count - suffix
        while start > 0, TextToken.alphanumeric.contains(text[start - 1]) { start -= 1 }
        while end < text.count, TextToken.alphanumeric.contains(text[end]) { end += 1 }
        func replacement(_ start: Int, _ end: Int) -> CellPart? {
            guard end - start >= 2, end - start < text.count else { return nil }
            // The output's stretch is the source's with the same context around it.
            let target = CellPart.string(text[start..<end])
            let replacement = CellPart.string(output[start..<(output.count - (text.count - end))])
            let part = CellPart.replaceText(column: source.column, text: target, with: replacement)
            return CellPart.replacing(target, with: replacement, in: CellPart.string(text)).unicodeScalars.elementsEqual(output) ? part : nil
        }
        if let whole = replacement(start, end) { return [whole] }
        guard let bare = replacement(prefix, text.count - suffix), case .replaceText(_, _, "") = bare else { return [] }
        return [bare]
    }

    /// Whether a token boundary lies between two adjacent characters.
    private static func boundary(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        TextToken.alphanumeric.contains(a) != TextToken.alphanumeric.contains(b)
            || TextToken.whitespace.contains(a) != TextToken.whitespace.contains(b)
            || TextToken.digits.contains(a) != TextToken.digits.contains(b)
            || TextToken.punctuation.contains(a) || TextToken.punctuation.contains(b)
    }

    /// The same graph without the nodes that cannot reach the end, renumbered, so that the next
    /// intersection multiplies only what can still become a program; `nil` when the start cannot.
    func pruned() -> ExampleGraph? {
        var incoming = [[Int]](repeating: [], count: nodeCount)
        for node in 0..<nodeCount {
            for edge in edges[node] { incoming[edge.to].append(node) }
        }
        var reaches = [Bool](repeating: false, count: nodeCount)
        reaches[end] = true
        var stack = [end]
        while let node = stack.popLast() {
            for from in incoming[node] where !reaches[from] {
                reaches[from] = true
                stack.append(from)
            }
        }
        guard reaches[start] else { return nil }
        var renumber = [Int](repeating: -1, count: nodeCount)
        var count = 0
        for node in 0..<nodeCount where reaches[node] {
            renumber[node] = count
            count += 1
        }
        var kept = [[Edge]](repeating: [], count: count)
        for node in 0..<nodeCount where reaches[node] {
            kept[renumber[node]] = edges[node].compactMap { reaches[$0.to] ? Edge(to: renumber[$0.to], atoms: $0.atoms) : nil }
        }
        return ExampleGraph(edges: kept, start: renumber[start], end: renumber[end])
    }

    /// The graph of programs consistent with both: the product of the two, restricted to node pairs
    /// reachable from the start that can still reach the end.
    func intersected(with other: ExampleGraph) -> ExampleGraph? {
        var ids: [Int: Int] = [:]
        var pairs: [(Int, Int)] = []
        var edges: [[Edge]] = []
        func id(_ a: Int, _ b: Int) -> Int {
            let key = a * (other.nodeCount + 1) + b
            if let known = ids[key] { return known }
            ids[key] = pairs.count
            pairs.append((a, b))
            edges.append([])
            return pairs.count - 1
        }
        let start = id(start, other.start)
        var stack = [start]
        var visited = Set<Int>([start])
        while let node = stack.popLast() {
            let (a, b) = pairs[node]
            self.edges[a].withUnsafeBufferPointer { mine in
                other.edges[b].withUnsafeBufferPointer { theirs in
                    for i in mine.indices {
                        for j in theirs.indices where mine[i].atoms.meets(theirs[j].atoms) {
                            let common = mine[i].atoms.intersected(with: theirs[j].atoms)
                            let next = id(mine[i].to, theirs[j].to)
                            edges[node].append(Edge(to: next, atoms: common))
                            if visited.insert(next).inserted { stack.append(next) }
                        }
                    }
                }
            }
        }
        guard let end = ids[self.end * (other.nodeCount + 1) + other.end] else { return nil }
        return ExampleGraph(edges: edges, start: start, end: end).pruned()
    }
}
