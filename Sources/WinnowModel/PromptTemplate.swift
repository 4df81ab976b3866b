import Foundation
import WinnowCore

/// A prompt file with `{{name}}` placeholders.
///
/// Filling is strict in both directions, so an edit to a prompt file and the code that fills it
/// cannot drift apart silently: a placeholder without a value and a value without a placeholder
/// are both errors.
public struct PromptTemplate: Sendable, Hashable {
    public var name: String
    public var text: String

    /// The placeholder names the text uses, sorted.
    public var placeholders: [String] {
        var names: Set<String> = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else { break }
            names.insert(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return names.sorted()
    }

    public func fill(_ values: [String: String]) throws(WinnowError) -> String {
        let wanted = Set(placeholders)
        if let missing = wanted.subtracting(values.keys).sorted().first {
            throw WinnowError(.internalFailure, file: name, "prompt placeholder {{\(missing)}} was given no value")
        }
        if let extra = Set(values.keys).subtracting(wanted).sorted().first {
            throw WinnowError(.internalFailure, file: name, "prompt has no placeholder {{\(extra)}}")
        }
        var out = text
        for (key, value) in values { out = out.replacingOccurrences(of: "{{\(key)}}", with: value) }
        return out
    }

    /// The prompts shipped with Winnow, by file name without `.md`.
    public static func shipped(_ name: String) throws(WinnowError) -> PromptTemplate {
        guard let url = Bundle.module.url(forResource: name, withExtension: "md", subdirectory: "Prompts"),
              let data = FileManager.default.contents(atPath: url.path),
              let text = String(data: data, encoding: .utf8)
        else { throw WinnowError(.missingInput, file: "\(name).md", "no such shipped prompt") }
        return PromptTemplate(name: "\(name).md", text: text)
    }

    /// A table as prompts show it: compact JSON, one row per line.
    ///
    /// With `maxRows`, a longer table is cut and a last line says how many rows were left out, so
    /// a program prompt can show the shape of a large held-out input without its bulk.
    public static func render(_ table: Table, maxRows: Int? = nil) -> String {
        let shown = maxRows.map { Array(table.rows.prefix($0)) } ?? table.rows
        let rows = shown.map { row -> String in
            let data = (try? JSONSerialization.data(withJSONObject: row, options: [.withoutEscapingSlashes])) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        let omitted = table.rowCount - shown.count
        let tail = omitted > 0 ? "\n  … (\(omitted) more rows)" : ""
        return "[\n  " + rows.joined(separator: ",\n  ") + tail + "\n]"
    }
}

/// The program prompts, by shipped file name.
public enum PromptSet {
    /// The prompt `program` mode uses.
    public static let main = "program"
    /// Every program prompt, `main` first: the ensemble.
    public static let ensemble = ["program", "program-steps", "program-general", "program-columns"]
}
