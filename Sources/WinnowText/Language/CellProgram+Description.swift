extension CellProgram: CustomStringConvertible {
    /// One line a person can read back: `"Dr. " + substring(column: 0, from: start, to: end(letters, 1))`.
    public var description: String {
        var text = ""
        for branch in branches { text += "if \(branch.condition) then \(Self.describe(branch.parts)) else " }
        return text + Self.describe(otherwise)
    }

    static func describe(_ parts: [CellPart]) -> String {
        parts.isEmpty ? "\"\"" : parts.map(\.description).joined(separator: " + ")
    }
}

extension CellPart: CustomStringConvertible {
    public var description: String {
        switch self {
        case .constant(let text): return quotedText(text)
        case .substring(let c, let from, let to, let caseMap):
            return "substring(column: \(c), from: \(from), to: \(to)\(caseMap == .keep ? "" : ", case: \(caseMap.rawValue)"))"
        case .filter(let c, let from, let to, let token):
            return "filter(column: \(c), from: \(from), to: \(to), keeping: \(token))"
        case .whole(let c, let spacing, let caseMap):
            var options = ""
            if spacing != .keep { options += ", spacing: \(spacing.rawValue)" }
            if caseMap != .keep { options += ", case: \(caseMap.rawValue)" }
            return "cell(column: \(c)\(options))"
        case .substitute(let c, let characters, let replacement):
            return "substitute(column: \(c), characters: \(quotedText(characters)), with: \(quotedText(replacement)))"
        case .replaceText(let c, let text, let replacement):
            return "substitute(column: \(c), text: \(quotedText(text)), with: \(quotedText(replacement)))"
        case .number(let term, let format): return "format(\(term), \(format))"
        case .date(let c, let reading, let format): return "date(column: \(c), read: \(reading), write: \(format))"
        case .truth(let predicate, let style): return "truth(\(predicate), style: \(style.rawValue))"
        }
    }
}

extension Position: CustomStringConvertible {
    public var description: String {
        switch self {
        case .fromStart(0): "start"
        case .fromEnd(0): "end"
        case .columnValue(let c, false): "index(column: \(c))"
        case .columnValue(let c, true): "index(column: \(c), from: end)"
        case .fromStart(let k): "char(\(k))"
        case .fromEnd(let k): "char(-\(k))"
        case .matchStart(let token, let k): "start(\(token), \(k))"
        case .matchEnd(let token, let k): "end(\(token), \(k))"
        }
    }
}

extension TextToken: CustomStringConvertible {
    public var description: String {
        if case .literal(let text) = self { return quotedText(text) }
        return name
    }
}

extension CellPredicate: CustomStringConvertible {
    public var description: String {
        switch self {
        case .isEmpty(let c): "empty(column: \(c))"
        case .contains(let c, let text): "contains(column: \(c), \(quotedText(text)))"
        case .startsWith(let c, let text): "starts-with(column: \(c), \(quotedText(text)))"
        case .endsWith(let c, let text): "ends-with(column: \(c), \(quotedText(text)))"
        case .matches(let c, let token): "is(column: \(c), \(token))"
        case .containsColumn(let c, let o): "contains(column: \(c), column: \(o))"
        case .equalsColumn(let c, let o): "equals(column: \(c), column: \(o))"
        case .compare(let term, let comparison, let constant): "\(term) \(comparison.rawValue) \(constant)"
        case .not(let inner): "not(\(inner))"
        }
    }
}

/// A string literal as a person would type it, with escapes for quotes, backslashes and control
/// characters. Every other line break (`\u{0B}`, `\u{0C}`, NEL, U+2028, U+2029) and control character
/// is written `\u{hex}`, since a printed program is one step per line and readers that split on any
/// line break would otherwise cut a constant in two.
func quotedText(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
            out += "\\u{" + String(scalar.value, radix: 16) + "}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
