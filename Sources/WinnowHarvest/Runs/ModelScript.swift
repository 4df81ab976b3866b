import Foundation

/// The model's own program inside the script `solve --json` prints as `python` for a committed
/// model program (`ModelProgramScript` in the CLI): a comment header, the source verbatim, then a
/// `_winnow_main` command-line wrapper. Harvest trains on the source alone, as the model wrote it.
enum ModelScript {
    /// How the header begins: the model-written warning scripts carry now, and the line earlier
    /// versions wrote (run files from before it stay readable).
    static let headerStarts = [
        "#!/usr/bin/env python3\n# MODEL-WRITTEN CODE:",
        "#!/usr/bin/env python3\n# A table transformation committed by Winnow",
    ]
    static let headerEnd = "# Usage:"
    static let wrapperStart = "\n\n\ndef _winnow_main(arguments):"

    /// The program without the header and the wrapper; text that is not such a script is returned
    /// as it is (a caller may hand over the bare source).
    static func source(of script: String) -> String {
        var text = Substring(script)
        if headerStarts.contains(where: { text.hasPrefix($0) }), let usage = text.range(of: "\n" + headerEnd) {
            let afterUsage = text[usage.upperBound...]
            text = afterUsage.firstIndex(of: "\n").map { afterUsage[afterUsage.index(after: $0)...] } ?? ""
        }
        if let wrapper = text.range(of: wrapperStart, options: .backwards) { text = text[..<wrapper.lowerBound] }
        return text.trimmingCharacters(in: .newlines) + "\n"
    }
}
