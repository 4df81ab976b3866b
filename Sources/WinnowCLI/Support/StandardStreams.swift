import Foundation

/// Unbuffered writes to the standard streams.
///
/// Results go to stdout and everything else to stderr; writing both through `FileHandle` keeps
/// their order exact and avoids `print`'s buffering, which matters when stdout carries a CSV or
/// JSON document that a pipe consumer parses.
enum StandardStreams {
    /// Writes text to stdout, adding a final newline when missing.
    static func output(_ text: String) {
        write(text, to: .standardOutput)
    }

    /// Writes one message to stderr.
    static func error(_ text: String) {
        write(text, to: .standardError)
    }

    /// Whether stderr is a terminal, which decides between a redrawn progress bar and sparse lines.
    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes raw text to stderr without a newline, for progress redraws.
    static func errorRaw(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    private static func write(_ text: String, to handle: FileHandle) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        try? handle.write(contentsOf: Data(line.utf8))
    }
}

extension StandardStreams {
    /// Writes text to stdout exactly as given, for documents such as CSV whose line endings matter.
    static func outputRaw(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }
}
