import Foundation
import WinnowCore

/// Records as JSONL: one compact JSON object per line, keys sorted, so the same records always
/// give the same bytes (what makes a second harvest leave the files byte-identical).
enum HarvestLines {
    static func encode(_ records: [HarvestRecord]) throws(WinnowError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = ""
        for record in records {
            do {
                text += String(decoding: try encoder.encode(record), as: UTF8.self) + "\n"
            } catch {
                throw WinnowError(.internalFailure, "cannot encode a harvested record (\(error))")
            }
        }
        return text
    }

    /// The records of a file; none when it does not exist. Every line must be a whole record.
    static func load(_ path: String) throws(WinnowError) -> [HarvestRecord] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else { throw WinnowError(.missingInput, file: path, "cannot be read") }
        let decoder = JSONDecoder()
        var records: [HarvestRecord] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            do {
                records.append(try decoder.decode(HarvestRecord.self, from: Data(line)))
            } catch {
                throw WinnowError(.badInput, file: path, "line \(number + 1): not a harvested record (\(describe(error)))")
            }
        }
        return records
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing key \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        default: "malformed JSON"
        }
    }
}
