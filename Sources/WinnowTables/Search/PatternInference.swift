import WinnowCore

/// Infers `extract` patterns from the target: which pattern, applied to a current column, yields
/// exactly the texts a target column holds.
///
/// Candidates come from the token shape of a target value (runs of letters/digits become character
/// classes, other characters stay literal) and, when no context-free pattern works, from the text
/// just before or after the value in its source cell. A pattern survives only if every value of the
/// target column matches it whole and everything it extracts from the source column is a target value.
struct PatternInference {
    var tokens: [TokenClass]
    var allowContext: Bool
    /// Bound on the cartesian product of class choices per value shape.
    var maxPatterns = 24

    func patterns(source: [String], targetValues: [String]) -> [ExtractPattern] {
        let cells = source.filter { !$0.isEmpty }
        guard let first = targetValues.first, !cells.isEmpty else { return [] }
        let joined = cells.joined(separator: "\u{1}")
        let exact = Set(cells)
        guard targetValues.allSatisfy({ TextSearch.contains(joined, $0) && !exact.contains($0) }) else { return [] }
        let wanted = Set(targetValues)

        let shapes = candidates(for: first).filter { p in targetValues.allSatisfy { p.matchesWhole($0) } }
        var found = shapes.filter { extractsOnlyWanted($0, cells, wanted) }
        if !found.isEmpty || !allowContext { return found }

        for shape in shapes.prefix(4) {
            var prefixes: [String] = []
            var suffixes: [String] = []
            for cell in cells {
                guard let range = cell.range(of: first) else { continue }
                let before = Self.token(before: cell[..<range.lowerBound])
                let after = Self.token(after: cell[range.upperBound...])
                if !before.isEmpty, !prefixes.contains(before) { prefixes.append(before) }
                if !after.isEmpty, !suffixes.contains(after) { suffixes.append(after) }
            }
            for prefix in prefixes {
                let p = ExtractPattern(prefix: prefix, tokens: shape.tokens)
                if extractsOnlyWanted(p, cells, wanted) { found.append(p) }
            }
            for suffix in suffixes {
                let p = ExtractPattern(tokens: shape.tokens, suffix: suffix)
                if extractsOnlyWanted(p, cells, wanted) { found.append(p) }
            }
            if !found.isEmpty { break }
        }
        return found
    }

    private func extractsOnlyWanted(_ pattern: ExtractPattern, _ cells: [String], _ wanted: Set<String>) -> Bool {
        var hit = false
        for cell in cells {
            guard let value = pattern.firstMatch(in: cell) else { continue }
            guard wanted.contains(value) else { return false }
            hit = true
        }
        return hit
    }

    /// Token shapes for one value: alternating runs (letters, digits, spaces) and literal characters.
    func candidates(for value: String) -> [ExtractPattern] {
        var pieces: [[ExtractPattern.Token]] = []
        var run: [Unicode.Scalar] = []
        func closeRun() {
            guard !run.isEmpty else { return }
            let text = String(String.UnicodeScalarView(run))[...].unicodeScalars
            let options = tokens.filter { $0.matchesWhole(text) }.map { ExtractPattern.Token.run($0) }
            pieces.append(options)
            run = []
        }
        for scalar in value.unicodeScalars {
            if CharacterClassTest.isAlphanumeric(scalar) || scalar == " " {
                run.append(scalar)
            } else {
                closeRun()
                pieces.append([.literal(scalar)])
            }
        }
        closeRun()
        guard !pieces.isEmpty, pieces.allSatisfy({ !$0.isEmpty }) else { return [] }
        var sequences: [[ExtractPattern.Token]] = [[]]
        for options in pieces {
            sequences = sequences.flatMap { prefix in options.map { prefix + [$0] } }
            if sequences.count > maxPatterns { sequences = Array(sequences.prefix(maxPatterns)) }
        }
        return sequences.map { ExtractPattern(tokens: $0) }
    }

    /// The text right before a match: separators, then the word before them. A word of digits is
    /// data, not a label (`938-` in `938-242-504`), so the context stops at the separators.
    static func token(before text: Substring) -> String {
        let scalars = Array(text.unicodeScalars)
        var i = scalars.count
        while i > 0, !CharacterClassTest.isAlphanumeric(scalars[i - 1]) { i -= 1 }
        let separators = i
        while i > 0, CharacterClassTest.isAlphanumeric(scalars[i - 1]) { i -= 1 }
        if scalars[i..<separators].allSatisfy(CharacterClassTest.isDigit) { i = separators }
        return String(String.UnicodeScalarView(scalars[i...]))
    }

    /// The text right after a match: separators, then the word after them (not a word of digits,
    /// as for `token(before:)`).
    static func token(after text: Substring) -> String {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count, !CharacterClassTest.isAlphanumeric(scalars[i]) { i += 1 }
        let separators = i
        while i < scalars.count, CharacterClassTest.isAlphanumeric(scalars[i]) { i += 1 }
        if scalars[separators..<i].allSatisfy(CharacterClassTest.isDigit) { i = separators }
        return String(String.UnicodeScalarView(scalars[..<i]))
    }
}

extension ExtractPattern {
    /// Whether the whole text is matched by the pattern's extracted part.
    func matchesWhole(_ text: String) -> Bool {
        ExtractPattern(tokens: tokens).firstMatch(in: text) == text
    }
}
