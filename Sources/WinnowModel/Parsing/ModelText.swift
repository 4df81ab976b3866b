import Foundation

/// The first step for any model output: line endings and a byte-order mark normalised, and the
/// reasoning (`<think>…</think>`) removed, since Qwen3-class models may think before they answer and
/// nothing inside a think block is the answer.
public enum ModelText {
    public enum Normalized: Sendable, Hashable {
        case text(String)
        /// A think block never closed: the model ran out of tokens while thinking, so there is no answer.
        case truncatedInThink
    }

    public static func normalize(_ raw: String) -> Normalized {
        var text = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        while let open = text.range(of: "<think>") {
            guard let close = text.range(of: "</think>", range: open.upperBound..<text.endIndex) else {
                return .truncatedInThink
            }
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        // A reasoning parser may have stripped the opening tag but left the closing one.
        if let close = text.range(of: "</think>") { text.removeSubrange(text.startIndex..<close.upperBound) }
        return .text(text)
    }
}
