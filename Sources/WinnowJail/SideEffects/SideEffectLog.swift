/// Reads the side-effect records a job's child wrote through its audit hook.
///
/// The program runs in the process that writes them, so it could write records of its own; it
/// cannot take one back. Reading is therefore one-sided: every well-formed line is an attempt,
/// and anything else in the pipe (bytes that are not the runner's format) is itself an attempt, of
/// kind `tampering`. No content of the pipe can make a job look cleaner than an empty pipe.
enum SideEffectLog {
    /// Distinct attempts kept per job; the rest add nothing to "this program is not clean".
    static let limit = 32

    /// The child ended because its hook could not write a record: the program had closed the
    /// descriptor, and then tried something. (A program may also exit with that status itself:
    /// that only ever makes it look worse.)
    static let recordLost = SideEffectAttempt(
        kind: .tampering, event: "record", detail: "the program closed the record of attempts, then tried something")

    static func parse(_ bytes: ArraySlice<UInt8>) -> [SideEffectAttempt] {
        guard !bytes.isEmpty else { return [] }
        var attempts: [SideEffectAttempt] = []
        var seen: Set<SideEffectAttempt> = []
        func add(_ attempt: SideEffectAttempt) {
            guard attempts.count < limit, seen.insert(attempt).inserted else { return }
            attempts.append(attempt)
        }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let last = index == lines.count - 1
            if last && line.isEmpty { break }
            guard !last, let attempt = record(line) else {
                add(SideEffectAttempt(kind: .tampering, event: "record", detail: "the record of attempts holds bytes the runner did not write"))
                continue
            }
            add(attempt)
        }
        return attempts
    }

    /// One `kind TAB event TAB detail` line, or nil when it is not one.
    private static func record(_ line: ArraySlice<UInt8>) -> SideEffectAttempt? {
        guard let text = String(validating: line, as: UTF8.self) else { return nil }
        let fields = text.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let kind = SideEffectAttempt.Kind(rawValue: String(fields[0])), kind != .tampering,
              !fields[1].isEmpty
        else { return nil }
        return SideEffectAttempt(kind: kind, event: String(fields[1]), detail: String(fields[2]))
    }
}
