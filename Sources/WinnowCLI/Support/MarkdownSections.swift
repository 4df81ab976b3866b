import Foundation
import WinnowCore

/// `BENCHMARKS.md` holds one section per benchmark command; each command rewrites only its own.
///
/// Sections are fenced by HTML comments so that regenerating the table-synthesis numbers never
/// drops the executor's, and the other way round. The file is written atomically.
enum MarkdownSections {
    static let title = "# Winnow benchmark"

    static func write(section name: String, body: String, to path: String) throws(WinnowError) {
        let begin = "<!-- begin \(name) -->", end = "<!-- end \(name) -->"
        let block = "\(begin)\n\(body.trimmingCharacters(in: .newlines))\n\(end)"
        var text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) {
            text.replaceSubrange(start.lowerBound..<stop.upperBound, with: block)
        } else if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            text = "\(title)\n\n\(block)\n"
        } else {
            text = text.trimmingCharacters(in: .newlines) + "\n\n\(block)\n"
        }
        try AtomicFile.write(text, to: path)
    }
}
