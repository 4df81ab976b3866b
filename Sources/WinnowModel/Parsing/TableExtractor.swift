import Foundation
import WinnowCore

/// A table found in a model's direct answer, with every repair that was needed to read it, so a
/// report never presents a repaired answer as what the model wrote.
public struct TableAnswer: Sendable, Hashable {
    public var table: Table
    /// What was done to get a table: "from a ```json block", "cells that were not strings were
    /// converted", "the last of 2 tables in the text"…
    public var repairs: [String]
}

public enum TableParse: Sendable, Hashable {
    case table(TableAnswer)
    case truncatedInThink
    /// No list of rows could be read; the reason says why (truncated JSON, no JSON, a refusal…).
    case noTable(String)
}

/// Reads the table a model gave as its direct answer: bare JSON, a ```json block, JSON inside prose,
/// an object wrapping the rows (`{"output": [[...]]}`), numbers and booleans where strings belong.
public enum TableExtractor {
    public static func extract(_ raw: String) -> TableParse {
        guard case .text(let text) = ModelText.normalize(raw) else { return .truncatedInThink }
        if text.allSatisfy(\.isWhitespace) { return .noTable("the output is empty") }
        if let answer = table(fromJSON: text.trimmingCharacters(in: .whitespacesAndNewlines), repairs: []) { return .table(answer) }
        for fence in CodeFence.all(in: text).reversed() where ["json", ""].contains(fence.language) {
            if let answer = table(fromJSON: fence.body, repairs: ["from a ```\(fence.language) block"]) { return .table(answer) }
        }
        let values = topLevelJSONValues(in: text)
        let tables = values.complete.compactMap { table(fromJSON: $0, repairs: []) }
        if let last = tables.last {
            var answer = last
            answer.repairs.insert(tables.count > 1 ? "the last of \(tables.count) tables in the text" : "a table inside prose", at: 0)
            return .table(answer)
        }
        if values.truncated { return .noTable("the JSON is cut off (the output hit its token limit?)") }
        guard let last = values.complete.last else { return .noTable("no JSON in the output") }
        return .noTable(problem(last))
    }

    /// What is wrong with the last JSON-looking value of a reply that held no table: the model's
    /// final answer, so the one worth explaining. Each reason names what was actually there, so
    /// "the model answered an empty list" is not mistaken for "the model wrote prose".
    private static func problem(_ text: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return "bracketed text that is not valid JSON (single quotes or Python literals?)"
        }
        if let wrapper = object as? [String: Any] {
            let lists = wrapper.filter { $0.value is [Any] }
            guard lists.count == 1, let (key, value) = lists.first else {
                return lists.isEmpty ? "a JSON object with no list of rows in it" : "a JSON object with \(lists.count) lists (which one is the table?)"
            }
            return problem(list: value as? [Any] ?? []) + " under \"\(key)\""
        }
        guard let list = object as? [Any] else { return "a JSON value that is not a list of rows" }
        return problem(list: list)
    }

    private static func problem(list: [Any]) -> String {
        if list.isEmpty { return "an empty list" }
        guard list.allSatisfy({ $0 is [Any] }) else { return "a JSON list, but not a list of rows (each row must be a list of cells)" }
        return "a list of rows with cells that are lists or objects, not strings"
    }

    /// A table from one JSON text: a list of rows, or an object with exactly one list-of-rows value.
    private static func table(fromJSON text: String, repairs: [String]) -> TableAnswer? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return nil }
        var repairs = repairs
        var rowsObject: Any = object
        if let wrapper = object as? [String: Any] {
            let lists = wrapper.filter { $0.value is [Any] }
            guard lists.count == 1, let (key, value) = lists.first else { return nil }
            rowsObject = value
            repairs.append("the rows under \"\(key)\"")
        }
        guard let rows = rowsObject as? [Any], !rows.isEmpty else { return nil }
        var converted = false
        var table: [[String]] = []
        for row in rows {
            guard let cells = row as? [Any] else { return nil }
            var out: [String] = []
            for cell in cells {
                if let text = cell as? String {
                    out.append(text)
                    continue
                }
                converted = true
                if cell is NSNull {
                    out.append("")
                } else if let number = cell as? NSNumber {
                    out.append(Self.text(of: number))
                } else {
                    return nil
                }
            }
            table.append(out)
        }
        if converted { repairs.append("cells that were not strings were converted") }
        return TableAnswer(table: Table(table), repairs: repairs)
    }

    /// A number or boolean as the model would have written it as a string.
    private static func text(of number: NSNumber) -> String {
        if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
        let value = number.doubleValue
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// The top-level `[...]`/`{...}` spans of a text, found by a bracket scan that respects JSON
    /// strings and escapes; `truncated` when one is still open at the end.
    static func topLevelJSONValues(in text: String) -> (complete: [String], truncated: Bool) {
        var complete: [String] = []
        var depth = 0
        var start: String.Index?
        var inString = false
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" && depth > 0 {
                inString = true
            } else if character == "[" || character == "{" {
                if depth == 0 { start = index }
                depth += 1
            } else if (character == "]" || character == "}") && depth > 0 {
                depth -= 1
                if depth == 0, let begin = start {
                    complete.append(String(text[begin...index]))
                    start = nil
                }
            }
            index = text.index(after: index)
        }
        return (complete, depth > 0)
    }
}
