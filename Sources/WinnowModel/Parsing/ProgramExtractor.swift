import Foundation

/// One program found in a model's output, with where it came from, so a report can say which rule
/// produced the program the verifier committed.
public struct ProgramCandidate: Sendable, Hashable {
    public enum Origin: Sendable, Hashable {
        /// The n-th fenced block (from 0).
        case fence(Int)
        /// Every Python block joined in order: a later block uses names an earlier one defines.
        case joinedFences
        /// Code without fences, with the prose around it removed.
        case unfenced
    }

    public var source: String
    public var origin: Origin
    /// The block was still open when the output ended (the model hit its token limit).
    public var truncated: Bool
}

/// What a model's answer to a program prompt holds. A parse failure is an outcome, never a crash.
public enum ProgramParse: Sendable, Hashable {
    /// Candidates, most likely first; never empty. The verifier tries them in order.
    case candidates([ProgramCandidate])
    case truncatedInThink
    /// Nothing that defines the entry function; the reason says what was there instead.
    case noProgram(String)
}

/// Finds the program in what a small model really writes: fenced or not, tagged or not, several
/// blocks, prose around them, think blocks, a fence cut off by the token limit.
///
/// It returns every plausible candidate rather than one guess; the jail decides which one works.
/// Blocks defining the entry function come first, later ones before earlier ones (a model that
/// corrects itself puts the final version last).
public enum ProgramExtractor {
    public static func extract(_ raw: String, entry: String = "transform") -> ProgramParse {
        guard case .text(let text) = ModelText.normalize(raw) else { return .truncatedInThink }
        if text.allSatisfy(\.isWhitespace) { return .noProgram("the output is empty") }
        let fences = CodeFence.all(in: text)
        let python = fences.enumerated().filter { $0.element.mayBePython && !$0.element.body.allSatisfy(\.isWhitespace) }
        if !python.isEmpty {
            let defining = python.filter { defines(entry, in: $0.element.body) }
            guard !defining.isEmpty else {
                return .noProgram("\(python.count) code block(s), none defining \(entry)(table)")
            }
            var candidates = defining.reversed().map {
                ProgramCandidate(source: dedent($0.element.body), origin: .fence($0.offset), truncated: $0.element.truncated)
            }
            if python.count > 1, usesHelpersFromOtherBlocks(python.map(\.element.body), entry: entry) {
                let joined = python.map { dedent($0.element.body) }.joined(separator: "\n\n")
                candidates.insert(ProgramCandidate(source: joined, origin: .joinedFences, truncated: python.last!.element.truncated), at: 0)
            }
            return .candidates(candidates)
        }
        guard defines(entry, in: text) else {
            return .noProgram(fences.isEmpty ? "no code and no \(entry)(table) in the output" : "no Python block (only \(fences.map { $0.language.isEmpty ? "untagged" : $0.language }.joined(separator: ", ")))")
        }
        return .candidates([ProgramCandidate(source: unfencedCode(text, entry: entry), origin: .unfenced, truncated: false)])
    }

    /// Whether a line `def <entry>(` starts at column 0 (or the block is uniformly indented).
    static func defines(_ entry: String, in code: String) -> Bool {
        dedent(code).split(separator: "\n").contains { $0.hasPrefix("def \(entry)(") || $0.hasPrefix("async def \(entry)(") }
    }

    /// True when the block defining the entry calls a name that only another block defines.
    private static func usesHelpersFromOtherBlocks(_ blocks: [String], entry: String) -> Bool {
        guard let main = blocks.lastIndex(where: { defines(entry, in: $0) }) else { return false }
        let mainDefined = definedNames(blocks[main])
        let others = blocks.indices.filter { $0 != main }.flatMap { definedNames(blocks[$0]) }
        let body = blocks[main]
        return others.contains { name in
            !mainDefined.contains(name) && ["\(name)(", "\(name).", "\(name)["].contains { body.contains($0) }
        }
    }

    private static func definedNames(_ code: String) -> Set<String> {
        var names: Set<String> = []
        for line in code.split(separator: "\n") where line.first.map({ !$0.isWhitespace }) ?? false {
            for keyword in ["def ", "class "] where line.hasPrefix(keyword) {
                names.insert(String(line.dropFirst(keyword.count).prefix { $0.isLetter || $0.isNumber || $0 == "_" }))
            }
            if line.hasPrefix("import ") {
                for module in line.dropFirst(7).split(separator: ",") {
                    let words = module.split(separator: " ")
                    if let name = words.last { names.insert(String(name.split(separator: ".").first ?? name)) }
                }
            } else if line.hasPrefix("from "), let imported = line.range(of: " import ") {
                for item in line[imported.upperBound...].split(separator: ",") {
                    if let name = item.split(separator: " ").last { names.insert(String(name).trimmingCharacters(in: CharacterSet(charactersIn: "()"))) }
                }
            }
            if let equals = line.firstIndex(of: "="), !line.hasPrefix("def "),
               line[..<equals].trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                names.insert(line[..<equals].trimmingCharacters(in: .whitespaces))
            }
        }
        names.remove("")
        return names
    }

    /// Code without fences: drops prose before the first line that looks like code and after the
    /// last, then removes common indentation.
    static func unfencedCode(_ text: String, entry: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { looksLikeCode($0) }) else { return dedent(text) }
        var end = start
        for index in lines.indices where index >= start {
            let line = lines[index]
            if line.allSatisfy(\.isWhitespace) { continue }
            let indented = line.first.map { $0 == " " || $0 == "\t" } ?? false
            if indented || looksLikeCode(line) { end = index } else { break }
        }
        return dedent(lines[start...end].joined(separator: "\n"))
    }

    private static let codeStarts = [
        "def ", "async def ", "class ", "import ", "from ", "@", "#", "return ", "if ", "for ", "while ", "with ",
        "try:", "else:", "elif ", "except", "finally:", "print(", "assert ",
    ]

    private static func looksLikeCode(_ line: Substring) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if codeStarts.contains(where: { trimmed.hasPrefix($0) }) { return true }
        // `name = value` or `name(...)` at the start of a line.
        let name = trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        guard !name.isEmpty, name.first.map({ !$0.isNumber }) ?? false else { return false }
        let after = trimmed.dropFirst(name.count).drop { $0 == " " }
        return after.hasPrefix("=") && !after.hasPrefix("==") || after.hasPrefix("(") && trimmed.hasSuffix(")")
    }

    /// Removes the indentation every non-blank line shares (code pasted inside a list item).
    static func dedent(_ code: String) -> String {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        let indents = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " || $0 == "\t" }.count }
        let common = indents.min() ?? 0
        guard common > 0 else { return code }
        return lines.map { $0.allSatisfy(\.isWhitespace) ? "" : String($0.dropFirst(common)) }.joined(separator: "\n")
    }
}
