import WinnowCore

extension CellProgram {
    /// The derived cell for a row, or `nil` when the program is not applicable to it. A column the row
    /// lacks (a ragged row) reads as an empty cell, as the table operators read it.
    public func apply(_ row: [String]) -> String? {
        for branch in branches {
            guard let holds = branch.condition.evaluate(row) else { return nil }
            if holds { return CellPart.render(branch.parts, row) }
        }
        return CellPart.render(otherwise, row)
    }

    /// The columns the program reads, so that layout steps can tell which cells it depends on.
    public var columns: Set<Int> {
        var used = Set<Int>()
        for part in otherwise + branches.flatMap(\.parts) { used.formUnion(part.columns) }
        for branch in branches { used.formUnion(branch.condition.columns) }
        return used
    }
}

extension CellPart {
    static func render(_ parts: [CellPart], _ row: [String]) -> String? {
        if parts.count == 1 { return parts[0].render(row) }
        var out = ""
        for part in parts {
            guard let text = part.render(row) else { return nil }
            out += text
        }
        return out
    }

    /// The part's text on a row, or `nil` when it is not applicable there.
    public func render(_ row: [String]) -> String? {
        switch self {
        case .constant(let text):
            return text
        case .substring(let c, let from, let to, let caseMap):
            return Self.cut(Self.cell(row, c), row, from, to, .copy(caseMap))
        case .filter(let c, let from, let to, let token):
            return Self.cut(Self.cell(row, c), row, from, to, .keep(token))
        case .whole(let c, .keep, .keep):
            return Self.cell(row, c)
        case .whole(let c, .keep, .upper):
            return Self.asciiCase(Self.cell(row, c), upper: true)
        case .whole(let c, .keep, .lower):
            return Self.asciiCase(Self.cell(row, c), upper: false)
        case .whole(let c, let spacing, let caseMap):
            return Self.string(caseMap.apply(spacing.apply(Array(Self.cell(row, c).unicodeScalars))))
        case .substitute(let c, let characters, let replacement):
            let targets = Set(characters.unicodeScalars)
            var out = String.UnicodeScalarView()
            for s in Self.cell(row, c).unicodeScalars {
                if targets.contains(s) { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(s) }
            }
            return String(out)
        case .number(let term, let format):
            return term.value(in: row).flatMap(format.render)
        case .date(let c, let reading, let format):
            return reading.read(Self.cell(row, c)).map(format.render)
        case .truth(let predicate, let style):
            return predicate.evaluate(row).map(style.render)
        }
    }

    var columns: Set<Int> {
        switch self {
        case .constant: []
        case .number(let term, _): term.columns
        case .substring(let c, let from, let to, _), .filter(let c, let from, let to, _): Set([c] + [from, to].compactMap(\.countColumn))
        case .whole(let c, _, _), .substitute(let c, _, _), .date(let c, _, _): [c]
        case .truth(let p, _): p.columns
        }
    }

    static func cell(_ row: [String], _ c: Int) -> String { c < row.count ? row[c] : "" }

    /// What a part makes of the text it cuts out: a copy under a case map, or one class of its characters.
    private enum SpanUse {
        case copy(CaseMap)
        case keep(TextToken)

        func apply<Span: Collection<Unicode.Scalar>>(_ span: Span) -> String {
            switch self {
            case .copy(.keep): CellPart.string(span)
            case .copy(let map): CellPart.string(map.apply(Array(span)))
            case .keep(let token): CellPart.string(span.filter(token.contains))
            }
        }
    }

    /// The text between two positions as `use` makes it, or `nil` when they do not resolve in order.
    /// An ASCII cell is cut on its bytes, where a scalar is a byte: decoding every cell into an array
    /// of scalars first was most of what a substring cost on `--apply`.
    private static func cut(_ text: String, _ row: [String], _ from: Position, _ to: Position, _ use: SpanUse) -> String? {
        ASCIIScalars.reading(text) { cut($0, row, from, to, use) } ?? cut(Array(text.unicodeScalars), row, from, to, use)
    }

    private static func cut(_ cell: some ScalarCell, _ row: [String], _ from: Position, _ to: Position, _ use: SpanUse) -> String? {
        guard let start = from.resolve(in: cell, row: row), let end = to.resolve(in: cell, row: row), start <= end else { return nil }
        return use.apply(cell[start..<end])
    }

    /// Encodes straight to UTF-8: appending scalars to a `String.UnicodeScalarView` one at a time
    /// was most of the time `--apply` spent on a cell program.
    static func string<Scalars: Collection<Unicode.Scalar>>(_ scalars: Scalars) -> String {
        String.utf8(capacity: scalars.count * 4) { buffer in
            var count = 0
            for scalar in scalars {
                for byte in scalar.utf8 {
                    buffer[count] = byte
                    count += 1
                }
            }
            return count
        }
    }

    /// A whole cell with only its ASCII letters' case changed, mapped byte by byte: UTF-8 never uses an
    /// ASCII byte inside a longer sequence, so this is `CaseMap.apply` without decoding the cell.
    static func asciiCase(_ cell: String, upper: Bool) -> String {
        let utf8 = cell.utf8
        return String.utf8(capacity: utf8.count) { buffer in
            var count = 0
            for byte in utf8 {
                let flip = upper ? (byte >= 97 && byte <= 122) : (byte >= 65 && byte <= 90)
                buffer[count] = flip ? byte ^ 0x20 : byte
                count += 1
            }
            return count
        }
    }
}

extension CellPredicate {
    /// Whether the predicate holds on a row, or `nil` when it cannot be decided (a number that does
    /// not parse).
    public func evaluate(_ row: [String]) -> Bool? {
        func cell(_ c: Int) -> String { CellPart.cell(row, c) }
        func scalars(_ c: Int) -> [Unicode.Scalar] { Array(cell(c).unicodeScalars) }
        switch self {
        case .isEmpty(let c):
            return cell(c).isEmpty
        case .contains(let c, let text):
            // Every cell contains the empty text, as Python's `in` says and as `containsColumn` has it.
            return text.isEmpty || !TokenMatches.literal(Array(text.unicodeScalars), in: scalars(c)).isEmpty
        case .startsWith(let c, let text):
            return scalars(c).starts(with: text.unicodeScalars)
        case .endsWith(let c, let text):
            return scalars(c).reversed().starts(with: text.unicodeScalars.reversed())
        case .matches(let c, let token):
            let s = scalars(c)
            return !s.isEmpty && s.allSatisfy(token.contains)
        case .containsColumn(let c, let other):
            let needle = scalars(other)
            return needle.isEmpty || !TokenMatches.literal(needle, in: scalars(c)).isEmpty
        case .equalsColumn(let c, let other):
            return scalars(c) == scalars(other)
        case .compare(let term, let comparison, let constant):
            return term.value(in: row).map { comparison.holds($0, constant) }
        case .not(let inner):
            return inner.evaluate(row).map { !$0 }
        }
    }

    var columns: Set<Int> {
        switch self {
        case .isEmpty(let c), .contains(let c, _), .startsWith(let c, _), .endsWith(let c, _), .matches(let c, _): [c]
        case .containsColumn(let c, let o), .equalsColumn(let c, let o): [c, o]
        case .compare(let term, _, _): term.columns
        case .not(let inner): inner.columns
        }
    }
}
