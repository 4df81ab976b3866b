extension CaseMap {
    /// The text with its ASCII letters' case changed; other characters are left alone so that the
    /// length in scalars never changes and Swift and Python agree.
    public func apply(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        switch self {
        case .keep: return text
        case .lower: return text.map(Self.lowered)
        case .upper: return text.map(Self.uppered)
        case .capitalize:
            guard let first = text.firstIndex(where: TextToken.letters.contains) else { return text }
            var out = text
            out[first] = Self.uppered(out[first])
            return out
        case .title:
            var out = text
            var inWord = false
            for i in out.indices {
                let letter = TextToken.letters.contains(out[i])
                if letter { out[i] = inWord ? Self.lowered(out[i]) : Self.uppered(out[i]) }
                inWord = letter
            }
            return out
        }
    }

    static func lowered(_ s: Unicode.Scalar) -> Unicode.Scalar {
        s.value >= 65 && s.value <= 90 ? Unicode.Scalar(s.value + 32)! : s
    }

    static func uppered(_ s: Unicode.Scalar) -> Unicode.Scalar {
        s.value >= 97 && s.value <= 122 ? Unicode.Scalar(s.value - 32)! : s
    }
}

extension Spacing {
    /// The text with its whitespace cleaned up; whitespace is the ASCII set Python's `str.split()` uses
    /// for ASCII text.
    public func apply(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        switch self {
        case .keep:
            return text
        case .trim:
            guard let first = text.firstIndex(where: { !TextToken.whitespace.contains($0) }),
                let last = text.lastIndex(where: { !TextToken.whitespace.contains($0) })
            else { return [] }
            return Array(text[first...last])
        case .collapse:
            var out: [Unicode.Scalar] = []
            for word in TokenMatches.find(.whitespace, in: text).complement(length: text.count) {
                if !out.isEmpty { out.append(" ") }
                out += text[word]
            }
            return out
        }
    }
}

extension Array where Element == Range<Int> {
    /// The non-empty gaps between sorted, disjoint ranges inside `0..<length`.
    func complement(length: Int) -> [Range<Int>] {
        var gaps: [Range<Int>] = []
        var start = 0
        for range in self {
            if range.lowerBound > start { gaps.append(start..<range.lowerBound) }
            start = range.upperBound
        }
        if start < length { gaps.append(start..<length) }
        return gaps
    }
}
