import Foundation
import WinnowCore

/// Tables as the compact JSON text `meta` carries (`[["a","b"],["c"]]`), so a checker can re-run a
/// record's program on its example without the task file, and the leak guard can compare tables.
enum TableJSON {
    static func encode(_ table: Table) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding a list of lists of strings cannot fail.
        return (try? encoder.encode(table.rows)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
