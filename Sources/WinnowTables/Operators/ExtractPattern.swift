/// The pattern language `extract` uses: a sequence of character-class runs and literal characters,
/// optionally anchored by literal context before and after.
///
/// It is deliberately a small regular subset (what Foofah infers from example cells) rather than
/// arbitrary regexes: patterns are inferred, compared and hashed during search, and each one compiles
/// to an equivalent Python `re` pattern for exported programs.
public struct ExtractPattern: Hashable, Sendable {
    /// One element of the pattern.
    public enum Token: Hashable, Sendable {
        /// One or more characters of a class (greedy, as in `re`).
        case run(TokenClass)
        /// Exactly this character.
        case literal(Unicode.Scalar)
    }

    /// Literal text that must precede the match; not part of the extracted text.
    public var prefix: String
    /// The part that is extracted.
    public var tokens: [Token]
    /// Literal text that must follow the match; not part of the extracted text.
    public var suffix: String

    public init(prefix: String = "", tokens: [Token], suffix: String = "") {
        self.prefix = prefix
        self.tokens = tokens
        self.suffix = suffix
    }

    /// The equivalent Python regular expression, with the extracted part as group 1.
    public var regex: String {
        let body = tokens.map { token -> String in
            switch token {
            case .run(let cls): cls.regex + "+"
            case .literal(let scalar): Self.escape(String(scalar))
            }
        }.joined()
        return Self.escape(prefix) + "(" + body + ")" + Self.escape(suffix)
    }

    /// Escapes text for Python's `re` the way `re.escape` does for ASCII punctuation.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, !(CharacterClassTest.isAlphanumeric(scalar) || scalar == "_") {
                out += "\\"
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Leftmost match with greedy runs and backtracking, as Python's `re.search` would find it;
    /// returns the extracted part or `nil`.
    public func firstMatch(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        return firstMatch(in: scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    /// Where the extracted part of the leftmost match lies in `scalars`, or `nil` without a match.
    func firstMatch(in scalars: [Unicode.Scalar]) -> Range<Int>? {
        let pre = Array(prefix.unicodeScalars)
        let post = Array(suffix.unicodeScalars)
        guard !tokens.isEmpty, scalars.count >= pre.count + tokens.count + post.count else { return nil }
        for start in 0...(scalars.count - pre.count) {
            guard Self.hasLiteral(pre, in: scalars, at: start) else { continue }
            let bodyStart = start + pre.count
            if let end = matchTokens(0, scalars, bodyStart, post) { return bodyStart..<end }
        }
        return nil
    }

    private static func hasLiteral(_ literal: [Unicode.Scalar], in text: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + literal.count <= text.count else { return false }
        for (offset, scalar) in literal.enumerated() where text[index + offset] != scalar { return false }
        return true
    }

    /// Matches tokens[k...] then the suffix from `position`; returns where the body ends.
    private func matchTokens(_ k: Int, _ text: [Unicode.Scalar], _ position: Int, _ post: [Unicode.Scalar]) -> Int? {
        if k == tokens.count {
            return Self.hasLiteral(post, in: text, at: position) ? position : nil
        }
        switch tokens[k] {
        case .literal(let scalar):
            guard position < text.count, text[position] == scalar else { return nil }
            return matchTokens(k + 1, text, position + 1, post)
        case .run(let cls):
            var end = position
            while end < text.count, cls.contains(text[end]) { end += 1 }
            while end > position {
                if let found = matchTokens(k + 1, text, end, post) { return found }
                end -= 1
            }
            return nil
        }
    }
}

/// Character classes a pattern run may use. All are ASCII, matching the exported Python exactly.
public enum TokenClass: String, Hashable, Sendable, CaseIterable, Codable {
    case digits
    case upper
    case lower
    case letters
    case alphanumeric
    case word
    case alphanumericSpace = "alphanumeric-space"

    public var regex: String {
        switch self {
        case .digits: "[0-9]"
        case .upper: "[A-Z]"
        case .lower: "[a-z]"
        case .letters: "[A-Za-z]"
        case .alphanumeric: "[A-Za-z0-9]"
        case .word: "[A-Za-z0-9_]"
        case .alphanumericSpace: "[A-Za-z0-9 ]"
        }
    }

    public func contains(_ s: Unicode.Scalar) -> Bool {
        switch self {
        case .digits: CharacterClassTest.isDigit(s)
        case .upper: s.value >= 65 && s.value <= 90
        case .lower: s.value >= 97 && s.value <= 122
        case .letters: CharacterClassTest.isLetter(s)
        case .alphanumeric: CharacterClassTest.isAlphanumeric(s)
        case .word: CharacterClassTest.isAlphanumeric(s) || s == "_"
        case .alphanumericSpace: CharacterClassTest.isAlphanumeric(s) || s == " "
        }
    }

    /// True when every character of `text` is in the class (and there is at least one).
    public func matchesWhole(_ text: Substring.UnicodeScalarView) -> Bool {
        !text.isEmpty && text.allSatisfy(contains)
    }
}

/// ASCII character tests shared by `divide`, `extract` and pattern inference.
enum CharacterClassTest {
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    static func isLetter(_ s: Unicode.Scalar) -> Bool { (s.value >= 65 && s.value <= 90) || (s.value >= 97 && s.value <= 122) }
    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool { isDigit(s) || isLetter(s) }
}
