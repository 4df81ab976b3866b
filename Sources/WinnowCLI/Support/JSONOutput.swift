import Foundation
import WinnowCore

/// The one JSON encoding every `--json` document and results file uses: sorted keys and unescaped
/// slashes give stable, diffable output.
enum JSONOutput {
    static func encode(_ value: some Encodable) throws(WinnowError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw WinnowError(.internalFailure, "cannot encode JSON output (\(error))")
        }
    }
}
