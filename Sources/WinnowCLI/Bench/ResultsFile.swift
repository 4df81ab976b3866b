import Foundation
import WinnowCore

/// The per-case results of a benchmark run, one JSON object per line, so an interrupted run can resume.
///
/// The file is rewritten whole and atomically, never appended to: an interruption leaves the previous
/// complete version, which resumption can trust line by line.
struct ResultsFile<Record: Codable> {
    var path: String

    /// The results recorded so far; none when the file does not exist yet.
    func load() throws(WinnowError) -> [Record] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WinnowError(.missingInput, file: path, "cannot be read")
        }
        let decoder = JSONDecoder()
        var cases: [Record] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
            do {
                cases.append(try decoder.decode(Record.self, from: Data(line)))
            } catch {
                throw WinnowError(.badInput, file: path, "line \(index + 1): not a bench result (\(Self.describe(error)))")
            }
        }
        return cases
    }

    func write(_ cases: [Record]) throws(WinnowError) {
        var text = ""
        for c in cases { text += try JSONOutput.encode(c) + "\n" }
        try AtomicFile.write(text, to: path)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing key \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty
                ? "malformed JSON" : "bad value at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        default: "malformed JSON"
        }
    }
}
