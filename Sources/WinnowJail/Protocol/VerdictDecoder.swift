import Foundation
import WinnowCore

/// Turns what the zygote reported about one child into a verdict.
///
/// The child is untrusted, so its bytes are evidence, not a message: the wait status and the
/// zygote's own flags and clock decide first, and only a child that exited 0 with exactly one
/// well-formed frame (`u32` length, then that many bytes of strict JSON) that the zygote found
/// behind the job's token can be `ok`, a runtime error or `memory`. Bytes the program wrote itself
/// are never mistaken for the runner's frame.
struct VerdictDecoder {
    var limits: JailProfile.Limits
    /// Whether an OOM kill is possible (a memory cgroup is active): a SIGKILL nobody sent means it.
    var memoryCgroup: Bool
    var seccompLog: SeccompLog

    /// The signal a child kills itself with when it could not install its filter: no job can
    /// send it (kill and tgkill are off every allowlist), so it cannot be forged.
    static let jailSetupSignal = SIGUSR1
    /// The status a child exits with when its audit hook could not record an attempt
    /// (`RECORD_LOST_STATUS` in python3-zygote.py).
    static let recordLostStatus: Int32 = 86

    func verdict(for report: JobReport, bytes: [UInt8], tag: String) -> Verdict {
        if report.timedOut { return .timeout(milliseconds: limits.wallMilliseconds) }
        if report.hitOutputCap { return .outputTooLarge(limitBytes: limits.outputBytes) }
        if let signal = report.signal {
            switch signal {
            case Self.jailSetupSignal: return .jailFailure("the job's child could not install its filter")
            case SIGSYS: return .seccompKill(syscall: seccompLog.syscall(killing: tag))
            case SIGXCPU: return .cpuLimit(seconds: limits.cpuSeconds)
            case SIGKILL:
                // Nobody in the jail may send signals, so a SIGKILL is the kernel's: the CPU hard
                // limit when the time is used up, otherwise the memory cgroup's OOM killer.
                if Int(report.cpuMicroseconds) >= limits.cpuSeconds * 1_000_000 { return .cpuLimit(seconds: limits.cpuSeconds) }
                return memoryCgroup ? .memoryLimit : .crash(signal: signal)
            default: return .crash(signal: signal)
            }
        }
        let body: JSONValue
        if !bytes.isEmpty && !report.authentic && report.exitCode == 0 {
            return .badFrame("the result was written by the program, not by the jail's runner")
        }
        switch frameBody(bytes) {
        case .failure(let why):
            return .badFrame(report.exitCode == 0 ? why : "exited with status \(report.exitCode): \(why)")
        case .success(let value):
            guard report.exitCode == 0 else { return .badFrame("exited with status \(report.exitCode) after writing a result") }
            body = value
        }
        return interpret(body)
    }

    private enum FrameResult { case success(JSONValue), failure(String) }

    private func frameBody(_ bytes: [UInt8]) -> FrameResult {
        if bytes.isEmpty { return .failure("no result (the program ended without writing one)") }
        guard bytes.count >= 4 else { return .failure("partial length prefix (\(bytes.count) bytes)") }
        let length = Int(LittleEndian.uint32(bytes, at: 0))
        if bytes.count - 4 < length { return .failure("partial frame: \(bytes.count - 4) of \(length) bytes") }
        if bytes.count - 4 > length { return .failure("\(bytes.count - 4 - length) bytes after the frame") }
        do {
            return .success(try StrictJSON.parse(bytes[4...]))
        } catch {
            return .failure("not strict JSON: \(error.reason)")
        }
    }

    private func interpret(_ body: JSONValue) -> Verdict {
        guard case .object(let members) = body, members.count == 1, let (key, value) = members.first else {
            return .badFrame("the frame is not an object with one of \"ok\", \"error\", \"memory\", \"unserializable\"")
        }
        switch key {
        case "ok":
            return table(from: value)
        case "memory":
            // Set by the runner only for the real MemoryError class (identity, not name).
            guard value == .bool(true) else { return .badFrame("\"memory\" is not true") }
            return .memoryLimit
        case "unserializable":
            guard case .string(let why) = value else { return .badFrame("\"unserializable\" without a message") }
            return .wrongShape("the result cannot be carried as JSON: \(why)")
        case "error":
            guard case .object(let fields) = value,
                  case .string(let type)? = fields.first(where: { $0.0 == "type" })?.1,
                  case .string(let message)? = fields.first(where: { $0.0 == "message" })?.1
            else { return .badFrame("an \"error\" without a type and message") }
            var line: Int?
            if case .number(let number)? = fields.first(where: { $0.0 == "line" })?.1, let exact = Int(exactly: number) { line = exact }
            return .runtimeError(type: type, message: message, line: line)
        default:
            return .badFrame("unknown frame key \"\(key)\"")
        }
    }

    private func table(from value: JSONValue) -> Verdict {
        guard case .array(let rows) = value else {
            return .wrongShape("returned \(value.kind), not a list of rows")
        }
        var table: [[String]] = []
        table.reserveCapacity(rows.count)
        for (r, row) in rows.enumerated() {
            guard case .array(let cells) = row else {
                return .wrongShape("row \(r) is \(row.kind), not a list of cells")
            }
            var out: [String] = []
            out.reserveCapacity(cells.count)
            for (c, cell) in cells.enumerated() {
                guard case .string(let text) = cell else {
                    return .wrongShape("row \(r) cell \(c) is \(cell.kind), not a string")
                }
                out.append(text)
            }
            table.append(out)
        }
        return .ok(Table(table))
    }
}
