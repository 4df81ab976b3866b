import WinnowCore

/// Reading cell programs back from the line `description` prints.
///
/// Results files, reports and harvested training data store programs as those lines because people
/// read them; whoever consumes them again (harvest, expert iteration, a replayed solution) needs the
/// program, so parsing is the exact inverse of `description` for every part, position and predicate.
/// The one line two programs share is `""`: the empty concatenation and a single empty constant
/// print alike, evaluate alike, and read back as the empty concatenation.
extension CellProgram {
    /// Parses one line as `description` prints it, e.g.
    /// `if empty(column: 1) then "none" else substring(column: 1, from: start, to: end(" ", 1))`.
    public init(parsing text: String) throws(WinnowError) {
        var reader = CellTextReader(text)
        var branches: [CellBranch] = []
        while reader.skip("if ") {
            let condition = try reader.predicate()
            try reader.expect(" then ", "\"then\" after the condition of \"if\"")
            let parts = try reader.parts()
            try reader.expect(" else ", "\" + \" or \" else \" after the parts of a branch")
            branches.append(CellBranch(condition: condition, parts: parts))
        }
        let otherwise = try reader.parts()
        guard reader.atEnd else { throw reader.failure("expected \" + \" or the end of the program") }
        self.init(branches: branches, otherwise: otherwise)
    }
}

/// A cursor over the text of a cell program, or of one of its numbers and dates; every failure
/// names the whole text, what was expected, and the character (counted from 1) where it was not found,
/// or the end.
struct CellTextReader {
    let text: String
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
    }

    var atEnd: Bool { index == scalars.count }

    func failure(_ why: String) -> WinnowError { failure(why, at: index) }

    func failure(_ why: String, at offset: Int) -> WinnowError {
        WinnowError(.badInput, "\(text): \(why) \(offset < scalars.count ? "at character \(offset + 1)" : "at the end")")
    }

    func at(_ literal: String) -> Bool {
        scalars[index...].starts(with: literal.unicodeScalars)
    }

    mutating func skip(_ literal: String) -> Bool {
        guard at(literal) else { return false }
        index += literal.unicodeScalars.count
        return true
    }

    /// Skips `literal`, or fails saying `what` was expected.
    mutating func expect(_ literal: String, _ what: String? = nil) throws(WinnowError) {
        guard skip(literal) else { throw failure("expected \(what ?? "\"\(literal)\"")") }
    }

    /// A part, label or value name: ASCII letters, digits and `-`.
    mutating func name() -> String {
        var out = String.UnicodeScalarView()
        while index < scalars.count, Self.isNameScalar(scalars[index]) {
            out.append(scalars[index])
            index += 1
        }
        return String(out)
    }

    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        TextToken.alphanumeric.contains(s) || s == "-"
    }

    mutating func int(_ what: String) throws(WinnowError) -> Int {
        let start = index
        if at("-") { index += 1 }
        while index < scalars.count, TextToken.digits.contains(scalars[index]) { index += 1 }
        guard let value = Int(String(String.UnicodeScalarView(scalars[start..<index]))) else {
            index = start
            throw failure("expected a whole number for \(what)")
        }
        return value
    }

    /// The inverse of `quotedText`: `\"`, `\\`, `\n`, `\r`, `\t` and `\u{hex}` are the escapes it writes.
    mutating func quoted(_ what: String) throws(WinnowError) -> String {
        guard at("\"") else { throw failure("expected a quoted string for \(what)") }
        let opening = index
        index += 1
        var out = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\"": return String(out)
            case "\\":
                guard index < scalars.count else { break }
                switch scalars[index] {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    var next = index + 1
                    guard let escaped = CallScanner.unicodeEscape(in: scalars, at: &next) else {
                        throw failure("malformed \\u{hex} escape in a string", at: index - 1)
                    }
                    out.append(escaped)
                    index = next - 1
                default: throw failure("unknown escape \\\(scalars[index]) in a string (\\\", \\\\, \\n, \\r, \\t, \\u{hex})", at: index - 1)
                }
                index += 1
            default: out.append(scalar)
            }
        }
        throw failure("the string opened here is never closed", at: opening)
    }

    /// `label: ` of the next labelled argument of `call`, after `, ` unless it is the first.
    mutating func label(_ label: String, of call: String, first: Bool = false) throws(WinnowError) {
        let start = index
        if !first, !skip(", ") {
            if at(")") { throw failure("\(call)(…) is missing argument \"\(label)\"") }
            throw failure("expected \", \" before argument \"\(label)\" of \(call)(…)")
        }
        let found = name()
        guard found == label, skip(": ") else {
            if found.isEmpty { throw failure("expected argument \"\(label)\" of \(call)(…)") }
            throw failure("expected argument \"\(label)\" of \(call)(…), found \"\(found)\"", at: start + (first ? 0 : 2))
        }
    }

    /// Skips `, label: ` when the optional argument is there.
    mutating func optional(_ label: String) -> Bool { skip(", \(label): ") }

    /// The `)` that ends `call`'s arguments.
    mutating func close(_ call: String) throws(WinnowError) {
        if skip(")") { return }
        if atEnd { throw failure("\(call)(…) is never closed") }
        if skip(", ") {
            let start = index
            let extra = name()
            if !extra.isEmpty, at(": ") { throw failure("unexpected argument \"\(extra)\" in \(call)(…)", at: start) }
            index = start - 2
        }
        throw failure("expected \")\" closing \(call)(…)")
    }

    mutating func word<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ what: String) throws(WinnowError) -> T
    where T.RawValue == String {
        let start = index
        let found = name()
        guard let value = T(rawValue: found) else {
            index = start
            throw failure("expected \(what) (\(T.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return value
    }

    /// The text from here to the first of `stops` outside strings and parentheses, or to the `)`
    /// that closes the call this text is an argument of: a nested value handed whole to its own parser.
    mutating func balanced(until stops: [String], _ what: String, in call: String) throws(WinnowError) -> String {
        let start = index
        var opened: [Int] = []
        scan: while index < scalars.count {
            if opened.isEmpty, stops.contains(where: { at($0) }) { break }
            switch scalars[index] {
            case "\"":
                _ = try quoted(what)
                continue scan
            case "(": opened.append(index)
            case ")":
                if opened.isEmpty { break scan }
                opened.removeLast()
            default: break
            }
            index += 1
        }
        if let unclosed = opened.last { throw failure("\"(\" is never closed", at: unclosed) }
        if atEnd { throw failure("\(call)(…) is never closed") }
        guard index > start else { throw failure("expected \(what)") }
        return String(String.UnicodeScalarView(scalars[start..<index]))
    }

    /// Runs a nested value's own parser on its text, reporting its failure against this whole line.
    func nested<T, E: Error>(_ what: String, _ text: String, _ parse: (String) throws(E) -> T) throws(WinnowError) -> T {
        do {
            return try parse(text)
        } catch {
            throw WinnowError(.badInput, "\(self.text): in \(what): \((error as? WinnowError)?.message ?? "\(error)")")
        }
    }
}

// MARK: - Parts

extension CellTextReader {
    /// Parts joined by ` + `; `""` alone is the empty concatenation.
    mutating func parts() throws(WinnowError) -> [CellPart] {
        var parts = [try part()]
        while skip(" + ") { parts.append(try part()) }
        return parts == [.constant("")] ? [] : parts
    }

    mutating func part() throws(WinnowError) -> CellPart {
        if at("\"") { return .constant(try quoted("a constant")) }
        let start = index
        let call = name()
        let known = ["substring", "filter", "cell", "substitute", "format", "date", "truth"]
        guard known.contains(call) else {
            index = start
            let what = call.isEmpty ? "" : "\"\(call)\" is not a part; "
            throw failure("\(what)expected a part (a quoted constant, \(known.joined(separator: ", ")))")
        }
        try expect("(", "\"(\" after \(call)")
        let part: CellPart
        switch call {
        case "substring":
            let (column, from, to) = try span(of: call)
            let caseMap = optional("case") ? try word(CaseMap.self, "a case map") : .keep
            part = .substring(column: column, from: from, to: to, case: caseMap)
        case "filter":
            let (column, from, to) = try span(of: call)
            try label("keeping", of: call)
            part = .filter(column: column, from: from, to: to, keeping: try tokenClass())
        case "cell":
            try label("column", of: call, first: true)
            let column = try int("column")
            let spacing = optional("spacing") ? try word(Spacing.self, "a spacing") : .keep
            let caseMap = optional("case") ? try word(CaseMap.self, "a case map") : .keep
            part = .whole(column: column, spacing: spacing, case: caseMap)
        case "substitute":
            try label("column", of: call, first: true)
            let column = try int("column")
            if optional("text") {
                let text = try quoted("text")
                guard !text.isEmpty else { throw failure("substitute(…) needs a text to replace; \"\" occurs everywhere") }
                try label("with", of: call)
                part = .replaceText(column: column, text: text, with: try quoted("with"))
            } else {
                try label("characters", of: call)
                let characters = try quoted("characters")
                try label("with", of: call)
                part = .substitute(column: column, characters: characters, with: try quoted("with"))
            }
        case "format":
            let term = try balanced(until: [", "], "a number", in: call)
            try expect(", ", "\", \" and a number format after the number of format(…)")
            let format = try balanced(until: [], "a number format", in: call)
            part = .number(try nested("the number", term, NumberTerm.init(parsing:)),
                           try nested("the number format", format, NumberFormat.init(parsing:)))
        case "date":
            try label("column", of: call, first: true)
            let column = try int("column")
            try label("read", of: call)
            let reading = try balanced(until: [", write: "], "a date reading", in: call)
            try label("write", of: call)
            let format = try balanced(until: [], "a date format", in: call)
            part = .date(column: column, reading: try nested("the date reading", reading, DateReading.init(parsing:)),
                         format: try nested("the date format", format, DateFormat.init(parsing:)))
        default:
            let predicate = try predicate()
            try label("style", of: call)
            part = .truth(predicate, try word(TruthStyle.self, "a truth style"))
        }
        try close(call)
        return part
    }

    /// `column: c, from: POSITION, to: POSITION`, the arguments every part cut out of a cell begins with.
    mutating func span(of call: String) throws(WinnowError) -> (column: Int, from: Position, to: Position) {
        try label("column", of: call, first: true)
        let column = try int("column")
        try label("from", of: call)
        let from = try position()
        try label("to", of: call)
        return (column, from, try position())
    }

    mutating func position() throws(WinnowError) -> Position {
        let start = index
        let kind = name()
        switch kind {
        case "start", "end":
            guard skip("(") else { return kind == "start" ? .fromStart(0) : .fromEnd(0) }
            let token = try token()
            try expect(", ", "\", \" and a match number after the token of \(kind)(…)")
            let k = try int("the match number")
            try close(kind)
            return kind == "start" ? .matchStart(token, k) : .matchEnd(token, k)
        case "char":
            try expect("(", "\"(\" after char")
            let k = try int("the character index")
            try close(kind)
            return k < 0 ? .fromEnd(-k) : .fromStart(k)
        case "index":
            try expect("(", "\"(\" after index")
            try label("column", of: kind, first: true)
            let column = try int("column")
            let fromEnd = skip(", from: end")
            try close(kind)
            return .columnValue(column: column, fromEnd: fromEnd)
        default:
            index = start
            throw failure("expected a position (start, end, char(k), index(column: c), start(token, k), end(token, k))")
        }
    }

    mutating func token() throws(WinnowError) -> TextToken {
        if at("\"") { return .literal(try quoted("a literal token")) }
        return try tokenClass(orLiteral: true)
    }

    /// A token class by name; a filter keeps a class of characters, which a literal is not.
    mutating func tokenClass(orLiteral: Bool = false) throws(WinnowError) -> TextToken {
        let start = index
        let found = name()
        guard let token = TextToken.classes.first(where: { $0.name == found }) else {
            index = start
            let classes = TextToken.classes.map(\.name).joined(separator: ", ")
            throw failure(orLiteral ? "expected a token (\(classes) or a quoted literal)" : "expected a token class (\(classes))")
        }
        return token
    }
}

// MARK: - Predicates

extension CellTextReader {
    mutating func predicate() throws(WinnowError) -> CellPredicate {
        if let comparison = comparisonAhead() {
            let term = String(String.UnicodeScalarView(scalars[index..<comparison.offset]))
            index = comparison.offset + comparison.operator.rawValue.unicodeScalars.count + 2
            let constantStart = index
            while index < scalars.count, Self.isNameScalar(scalars[index]) || scalars[index] == "." || scalars[index] == "+" { index += 1 }
            let constantText = String(String.UnicodeScalarView(scalars[constantStart..<index]))
            guard let constant = Double(constantText) else {
                throw failure("expected a number after \"\(comparison.operator.rawValue)\"", at: constantStart)
            }
            return .compare(try nested("the number", term, NumberTerm.init(parsing:)), comparison.operator, constant)
        }
        let start = index
        let call = name()
        let known = ["empty", "contains", "starts-with", "ends-with", "is", "equals", "not"]
        guard known.contains(call) else {
            index = start
            let what = call.isEmpty ? "" : "\"\(call)\" is not a test; "
            throw failure("\(what)expected a test (\(known.joined(separator: ", ")), or a number compared with <, <=, >, >=, ==, !=)")
        }
        try expect("(", "\"(\" after \(call)")
        let predicate: CellPredicate
        if call == "not" {
            predicate = .not(try self.predicate())
        } else {
            try label("column", of: call, first: true)
            let column = try int("column")
            switch call {
            case "empty":
                predicate = .isEmpty(column: column)
            case "contains" where at(", column: "):
                try label("column", of: call)
                predicate = .containsColumn(column: column, other: try int("column"))
            case "equals":
                try label("column", of: call)
                predicate = .equalsColumn(column: column, other: try int("column"))
            case "is":
                try expect(", ", "\", \" and a token after the column of is(…)")
                predicate = .matches(column: column, token: try token())
            default:
                try expect(", ", "\", \" and a quoted string after the column of \(call)(…)")
                let text = try quoted("the text of \(call)(…)")
                predicate = call == "contains" ? .contains(column: column, text: text)
                    : call == "starts-with" ? .startsWith(column: column, text: text) : .endsWith(column: column, text: text)
            }
        }
        try close(call)
        return predicate
    }

    /// Where a comparison `number OP constant` has its operator, if the test starting here is one:
    /// the first ` OP ` outside strings and parentheses before the test ends (at `, `, an unmatched
    /// `)`, ` then ` or the end of the text).
    func comparisonAhead() -> (offset: Int, operator: Comparison)? {
        var probe = self
        var depth = 0
        let operators = Comparison.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
        while probe.index < probe.scalars.count {
            if depth == 0 {
                if probe.at(", ") || probe.at(" then ") { return nil }
                if let op = operators.first(where: { probe.at(" \($0.rawValue) ") }) { return (probe.index, op) }
            }
            switch probe.scalars[probe.index] {
            case "\"":
                guard (try? probe.quoted("")) != nil else { return nil }
                continue
            case "(": depth += 1
            case ")":
                if depth == 0 { return nil }
                depth -= 1
            default: break
            }
            probe.index += 1
        }
        return nil
    }
}
