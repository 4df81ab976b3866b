extension CellProgram {
    /// The program as a Python expression over the list of cell strings named `row`, evaluating to the
    /// derived cell or `None` when the program is not applicable, exactly as `apply` decides. It calls
    /// the helpers in `CellPython.prelude`.
    public func python(row: String) -> String {
        let otherwise = CellPart.python(self.otherwise, row: row)
        guard !branches.isEmpty else { return otherwise }
        let arms = branches.map { "(\($0.condition.python(row: row)), \(CellPart.python($0.parts, row: row)))" }
        return "_choose([\(arms.joined(separator: ", "))], \(otherwise))"
    }
}

extension CellPart {
    static func python(_ parts: [CellPart], row: String) -> String {
        parts.count == 1 ? parts[0].python(row: row) : "_cat(\(parts.map { $0.python(row: row) }.joined(separator: ", ")))"
    }

    func python(row: String) -> String {
        switch self {
        case .constant(let text):
            return pythonString(text)
        case .substring(let c, let from, let to, let caseMap):
            return "_sub(_cell(\(row), \(c)), \(from.python(row: row)), \(to.python(row: row)), \(pythonString(caseMap.rawValue)))"
        case .filter(let c, let from, let to, let token):
            return "_filter(_sub(_cell(\(row), \(c)), \(from.python(row: row)), \(to.python(row: row)), 'keep'), \(token.python))"
        case .whole(let c, let spacing, let caseMap):
            return "_case(_space(_cell(\(row), \(c)), \(pythonString(spacing.rawValue))), \(pythonString(caseMap.rawValue)))"
        case .substitute(let c, let characters, let replacement):
            return "_substitute(_cell(\(row), \(c)), \(pythonString(characters)), \(pythonString(replacement)))"
        case .replaceText(let c, let text, let replacement):
            return "_replace_text(_cell(\(row), \(c)), \(pythonString(text)), \(pythonString(replacement)))"
        case .number(let term, let format):
            return "_apply(\(term.python(row: row)), lambda v: \(format.python("v")))"
        case .date(let c, let reading, let format):
            return "_apply(\(reading.python("_cell(\(row), \(c))")), lambda d: \(format.python("d")))"
        case .truth(let predicate, let style):
            return "_truth(\(predicate.python(row: row)), \(pythonString(style.render(true))), \(pythonString(style.render(false))))"
        }
    }
}

extension Position {
    func python(row: String) -> String {
        switch self {
        case .columnValue(let c, let fromEnd): "('\(fromEnd ? "e" : "s")', _count(_cell(\(row), \(c))))"
        case .fromStart(let k): "('s', \(k))"
        case .fromEnd(let k): "('e', \(k))"
        case .matchStart(let token, let k): "('ms', \(token.python), \(k))"
        case .matchEnd(let token, let k): "('me', \(token.python), \(k))"
        }
    }
}

extension TextToken {
    var python: String {
        if case .literal(let text) = self { return "('lit', \(pythonString(text)))" }
        return pythonString(name)
    }
}

extension CellPredicate {
    func python(row: String) -> String {
        func cell(_ c: Int) -> String { "_cell(\(row), \(c))" }
        switch self {
        case .isEmpty(let c): return "\(cell(c)) == ''"
        case .contains(let c, let text): return "\(pythonString(text)) in \(cell(c))"
        case .startsWith(let c, let text): return "\(cell(c)).startswith(\(pythonString(text)))"
        case .endsWith(let c, let text): return "\(cell(c)).endswith(\(pythonString(text)))"
        case .matches(let c, let token): return "_whole_token(\(cell(c)), \(token.python))"
        case .containsColumn(let c, let o): return "\(cell(o)) in \(cell(c))"
        case .equalsColumn(let c, let o): return "\(cell(c)) == \(cell(o))"
        case .compare(let term, let comparison, let constant):
            // Swift prints infinities as `inf`, which Python reads as a name, not a number.
            let literal = constant.isFinite ? "\(constant)" : "float('\(constant)')"
            return "_compare(\(term.python(row: row)), \(pythonString(comparison.rawValue)), \(literal))"
        case .not(let inner): return "_not(\(inner.python(row: row)))"
        }
    }
}

/// A Python string literal for any text: escapes for quotes, backslashes and control characters,
/// everything else as itself (scripts are UTF-8).
func pythonString(_ s: String) -> String {
    var out = "'"
    for scalar in s.unicodeScalars {
        switch scalar {
        case "'": out += "\\'"
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || (0xD800...0xDFFF).contains(scalar.value)
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator
            {
                let hex = String(scalar.value, radix: 16)
                out += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "'"
}

/// The Python helpers every cell-program expression calls: standard library only, ASCII classes,
/// code-point positions, and `None` for "not applicable", mirroring the Swift evaluation.
public enum CellPython {
    public static var prelude: String { textPrelude + "\n\n" + ValueLearner.pythonPrelude }

    static let textPrelude = #"""
def _cell(row, c):
    return row[c] if c < len(row) else ''


def _in_class(cls, ch):
    o = ord(ch)
    upper = 65 <= o <= 90
    lower = 97 <= o <= 122
    digit = 48 <= o <= 57
    if cls == 'digits':
        return digit
    if cls == 'letters':
        return upper or lower
    if cls == 'upper':
        return upper
    if cls == 'lower':
        return lower
    if cls == 'alphanumeric':
        return upper or lower or digit
    if cls == 'whitespace':
        return o == 32 or 9 <= o <= 13
    if cls == 'punctuation':
        return 33 <= o <= 47 or 58 <= o <= 64 or 91 <= o <= 96 or 123 <= o <= 126
    return False


def _matches(token, s):
    found = []
    if isinstance(token, tuple):
        needle = token[1]
        if not needle:
            return found
        i = s.find(needle)
        while i >= 0:
            found.append((i, i + len(needle)))
            i = s.find(needle, i + len(needle))
        return found
    i = 0
    while i < len(s):
        if not _in_class(token, s[i]):
            i += 1
            continue
        j = i + 1
        while j < len(s) and _in_class(token, s[j]):
            j += 1
        found.append((i, j))
        i = j
    return found


def _count(s):
    if 1 <= len(s) <= 9 and all('0' <= c <= '9' for c in s):
        return int(s)
    return None


def _pos(s, p):
    kind = p[0]
    if kind in ('s', 'e') and p[1] is None:
        return None
    if kind == 's':
        return p[1] if 0 <= p[1] <= len(s) else None
    if kind == 'e':
        return len(s) - p[1] if 0 <= p[1] <= len(s) else None
    found = _matches(p[1], s)
    k = p[2]
    index = k - 1 if k > 0 else len(found) + k
    if k == 0 or index < 0 or index >= len(found):
        return None
    return found[index][0] if kind == 'ms' else found[index][1]


def _case(s, m):
    if s is None or m == 'keep':
        return s
    if m == 'lower':
        return ''.join(chr(ord(c) + 32) if 65 <= ord(c) <= 90 else c for c in s)
    if m == 'upper':
        return ''.join(chr(ord(c) - 32) if 97 <= ord(c) <= 122 else c for c in s)
    out = list(s)
    if m == 'capitalize':
        for i, c in enumerate(out):
            if _in_class('letters', c):
                out[i] = _case(c, 'upper')
                break
        return ''.join(out)
    in_word = False
    for i, c in enumerate(out):
        letter = _in_class('letters', c)
        if letter:
            out[i] = _case(c, 'lower' if in_word else 'upper')
        in_word = letter
    return ''.join(out)


def _space(s, m):
    if m == 'keep':
        return s
    ws = ''.join(chr(o) for o in [32, 9, 10, 11, 12, 13])
    if m == 'trim':
        return s.strip(ws)
    words = []
    word = ''
    for c in s:
        if c in ws:
            if word:
                words.append(word)
            word = ''
        else:
            word += c
    if word:
        words.append(word)
    return ' '.join(words)


def _sub(s, a, b, m):
    start = _pos(s, a)
    end = _pos(s, b)
    if start is None or end is None or start > end:
        return None
    return _case(s[start:end], m)


def _filter(s, cls):
    if s is None:
        return None
    return ''.join(c for c in s if _in_class(cls, c))


def _substitute(s, characters, replacement):
    return ''.join(replacement if c in characters else c for c in s)


def _replace_text(s, text, replacement):
    return s.replace(text, replacement) if text else s


def _cat(*parts):
    if any(p is None for p in parts):
        return None
    return ''.join(parts)


def _apply(value, f):
    return None if value is None else f(value)


def _truth(value, yes, no):
    if value is None:
        return None
    return yes if value else no


def _not(value):
    return None if value is None else not value


def _whole_token(s, token):
    return len(s) > 0 and all(_in_class(token, c) for c in s)


def _compare(value, op, constant):
    if value is None:
        return None
    return {'<': value < constant, '<=': value <= constant, '>': value > constant,
            '>=': value >= constant, '==': value == constant, '!=': value != constant}[op]


def _choose(arms, otherwise):
    for condition, value in arms:
        if condition is None:
            return None
        if condition:
            return value
    return otherwise
"""#
}
