import Foundation

/// A fenced block in Markdown as small models write it: opened by three or more backticks or tildes
/// (indented at most three spaces, or inside a list item), with an optional info string, and closed
/// by a line of the same character at least as long. A fence still open at the end is kept and
/// marked truncated, since a model that ran out of tokens stops mid-block.
public struct CodeFence: Sendable, Hashable {
    /// The info string's first word, lowercased ("python", "py", "json", "" when untagged).
    public var language: String
    public var body: String
    public var truncated: Bool

    /// Every fenced block in `text`, in order.
    public static func all(in text: String) -> [CodeFence] {
        var fences: [CodeFence] = []
        var open: (marker: Character, length: Int, indent: Int, language: String, lines: [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let rest = line.dropFirst(indent)
            if var current = open {
                let run = rest.prefix { $0 == current.marker }.count
                if run >= current.length, rest.dropFirst(run).allSatisfy(\.isWhitespace) {
                    fences.append(CodeFence(language: current.language, body: current.lines.joined(separator: "\n"), truncated: false))
                    open = nil
                } else {
                    current.lines.append(Self.dedent(line, by: current.indent))
                    open = current
                }
                continue
            }
            // A list item's fence ("- ```python", "1. ```") is a fence too.
            let body = Self.dropListMarker(rest)
            guard let marker = body.first, marker == "`" || marker == "~" else { continue }
            let run = body.prefix { $0 == marker }.count
            guard run >= 3 else { continue }
            let info = body.dropFirst(run).trimmingCharacters(in: .whitespaces)
            if marker == "`", info.contains("`") { continue }  // inline code, not a fence
            let language = info.split(separator: " ").first.map { $0.lowercased() } ?? ""
            open = (marker, run, indent + (rest.count - body.count), language, [])
        }
        if let current = open {
            fences.append(CodeFence(language: current.language, body: current.lines.joined(separator: "\n"), truncated: true))
        }
        return fences
    }

    /// Python-ish info strings, and untagged blocks, may hold the program.
    public var mayBePython: Bool {
        ["", "python", "py", "python3", "py3", "python 3"].contains(language)
    }

    private static func dropListMarker(_ line: Substring) -> Substring {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return line.dropFirst(2).drop { $0 == " " }
        }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, digits.count <= 3 {
            let after = line.dropFirst(digits.count)
            if let mark = after.first, mark == "." || mark == ")", after.dropFirst().first == " " {
                return after.dropFirst(2).drop { $0 == " " }
            }
        }
        return line
    }

    private static func dedent(_ line: Substring, by count: Int) -> Substring {
        var dropped = 0
        var rest = line
        while dropped < count, let first = rest.first, first == " " || first == "\t" {
            rest = rest.dropFirst()
            dropped += 1
        }
        return rest
    }
}
