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
    /// The concatenation of the parts on a row, or `nil` when one is not applicable. The parts are
    /// written into one buffer, an ASCII cut straight from its cell's bytes: joining a string per part
    /// was most of what a concatenation cost on `--apply`. A cell that outgrows the buffer is joined
    /// part by part instead.
    static func render(_ parts: [CellPart], _ row: [String]) -> String? {
        if parts.count == 1 { return parts[0].render(row) }
        // Parts are read in place through the array's buffer: copying a part out of the array per
        // row (and its positions with it) was a quarter of a concatenation's time.
        let written = parts.withUnsafeBufferPointer { parts in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bufferSize) { buffer -> String?? in
                var n = 0
                for i in parts.indices {
                    switch parts[i].write(row, into: buffer, at: &n) {
                    case .done: continue
                    case .notApplicable: return .some(nil)
                    case .noRoom: return nil
                    }
                }
                return .some(String(decoding: UnsafeBufferPointer(rebasing: buffer[..<n]), as: UTF8.self))
            }
        }
        if let written { return written }
        var out = ""
        for part in parts {
            guard let text = part.render(row) else { return nil }
            out += text
        }
        return out
    }

    /// Bytes a concatenation is built in before it falls back to joining strings.
    private static let bufferSize = 512

    /// What writing one part into a concatenation's buffer came to.
    private enum Written {
        case done
        case notApplicable
        case noRoom
    }

    /// Appends the part's text on `row` to `buffer` at `n`. A substring or filter of an ASCII cell
    /// under a case map that works byte by byte is copied from the cell's bytes; anything else is
    /// rendered and its bytes copied, so the text is `render(row)`'s either way.
    private func write(_ row: [String], into buffer: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) -> Written {
        switch self {
        case .constant(let text):
            return Self.copy(text, into: buffer, at: &n)
        case .substring(let c, let from, let to, let caseMap) where caseMap == .keep || caseMap == .upper || caseMap == .lower:
            if let cut = Self.cutBytes(Self.cell(row, c), row, from, to, .copy(caseMap), into: buffer, at: &n) { return cut }
        case .filter(let c, let from, let to, let token):
            if let cut = Self.cutBytes(Self.cell(row, c), row, from, to, .keep(token), into: buffer, at: &n) { return cut }
        default:
            break
        }
        guard let text = render(row) else { return .notApplicable }
        return Self.copy(text, into: buffer, at: &n)
    }

    /// `cut` written into the buffer from an ASCII cell's bytes; `nil` for another cell, which the
    /// caller renders instead. Parameters rather than a bound tuple, so that nothing is copied per row.
    private static func cutBytes(
        _ cell: String, _ row: [String], _ from: Position, _ to: Position, _ use: SpanUse,
        into buffer: UnsafeMutableBufferPointer<UInt8>, at n: inout Int
    ) -> Written? {
        var end = n
        let cut = ASCIIScalars.reading(cell) { ascii -> Written in
            guard let start = from.resolve(in: ascii, row: row), let stop = to.resolve(in: ascii, row: row), start <= stop else {
                return .notApplicable
            }
            guard end + (stop - start) <= buffer.count else { return .noRoom }
            for i in start..<stop {
                let byte = ascii.bytes[i]
                switch use {
                case .copy(.upper): buffer[end] = Self.asciiCase(byte, upper: true)
                case .copy(.lower): buffer[end] = Self.asciiCase(byte, upper: false)
                case .copy: buffer[end] = byte
                case .keep(let token):
                    guard token.contains(Unicode.Scalar(byte)) else { continue }
                    buffer[end] = byte
                }
                end += 1
            }
            return .done
        }
        if cut != nil { n = end }
        return cut
    }

    private static func copy(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) -> Written {
        let utf8 = text.utf8
        guard n + utf8.count <= buffer.count else { return .noRoom }
        for byte in utf8 {
            buffer[n] = byte
            n += 1
        }
        return .done
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
        case .replaceText(let c, let text, let replacement):
            return Self.replacing(text, with: replacement, in: Self.cell(row, c))
        case .number(.column(let c), let format):
            // A column's own digits print without a round trip through `Double` (`NumberCell.decimal`).
            return NumberCell.decimal(Self.cell(row, c)).map(format.render)
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
        case .whole(let c, _, _), .substitute(let c, _, _), .replaceText(let c, _, _), .date(let c, _, _): [c]
        case .truth(let p, _): p.columns
        }
    }

    static func cell(_ row: [String], _ c: Int) -> String { c < row.count ? row[c] : "" }

    /// Every occurrence of `text` in `cell` replaced, scanning on from the end of each: Python's
    /// `str.replace` on code points. An empty text leaves the cell as it is.
    static func replacing(_ text: String, with replacement: String, in cell: String) -> String {
        let needle = Array(text.unicodeScalars)
        guard !needle.isEmpty else { return cell }
        let scalars = Array(cell.unicodeScalars)
        let matches = TokenMatches.literal(needle, in: scalars)
        guard !matches.isEmpty else { return cell }
        var out = String.UnicodeScalarView()
        var last = 0
        for match in matches {
            out.append(contentsOf: scalars[last..<match.lowerBound])
            out.append(contentsOf: replacement.unicodeScalars)
            last = match.upperBound
        }
        out.append(contentsOf: scalars[last...])
        return String(out)
    }

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
                buffer[count] = asciiCase(byte, upper: upper)
                count += 1
            }
            return count
        }
    }

    /// One byte in upper or lower case when it is an ASCII letter, else as it is.
    private static func asciiCase(_ byte: UInt8, upper: Bool) -> UInt8 {
        let flip = upper ? (byte >= 97 && byte <= 122) : (byte >= 65 && byte <= 90)
        return flip ? byte ^ 0x20 : byte
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
