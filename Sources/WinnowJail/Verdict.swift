import WinnowCore

/// What running one job in the jail came to.
///
/// Every way a program can end is a distinct case, because the verifier treats them differently: a
/// wrong shape may be repaired, a timeout may deserve a retry with more time, a seccomp kill is an
/// attack or a forbidden capability, and a jail failure says nothing about the program at all.
public enum Verdict: Sendable, Hashable {
    /// The program returned a table.
    case ok(Table)
    /// The program returned, but not a list of rows of strings (or nothing JSON can carry).
    case wrongShape(String)
    /// The program raised: exception type, message, and the line in the program when known.
    case runtimeError(type: String, message: String, line: Int?)
    /// The wall-clock limit (milliseconds) passed; the job was killed. How long it really ran is
    /// `JobOutcome.elapsedMilliseconds`: the verdict stays the same on every rerun.
    case timeout(milliseconds: Int)
    /// The CPU-time rlimit fired.
    case cpuLimit(seconds: Int)
    /// The address-space rlimit (MemoryError) or the jail's memory cgroup (OOM kill) stopped it.
    case memoryLimit
    /// The program wrote more than the output cap; it was killed.
    case outputTooLarge(limitBytes: Int)
    /// A syscall outside the allowlist; the name comes from the kernel's seccomp log when readable.
    case seccompKill(syscall: String?)
    /// The interpreter died by a signal (segfault, abort…).
    case crash(signal: Int32)
    /// The result was not one well-formed frame: empty, partial, trailing bytes, not JSON, NaN.
    case badFrame(String)
    /// The jail itself failed (could not start, a worker died); says nothing about the program.
    case jailFailure(String)

    /// A stable name for reports and `--json`.
    public var kind: String {
        switch self {
        case .ok: return "ok"
        case .wrongShape: return "wrong-shape"
        case .runtimeError: return "runtime-error"
        case .timeout: return "timeout"
        case .cpuLimit: return "cpu-limit"
        case .memoryLimit: return "memory"
        case .outputTooLarge: return "output-too-large"
        case .seccompKill: return "seccomp-kill"
        case .crash: return "crash"
        case .badFrame: return "bad-frame"
        case .jailFailure: return "jail-failure"
        }
    }

    /// The table, when the program returned one.
    public var table: Table? {
        if case .ok(let table) = self { return table }
        return nil
    }

    /// One line for people.
    public var summary: String {
        switch self {
        case .ok(let table): return "ok: \(table.rowCount) rows × \(table.columnCount) columns"
        case .wrongShape(let why): return "wrong shape: \(why)"
        case .runtimeError(let type, let message, let line):
            return "runtime error: \(type): \(message)" + (line.map { " (line \($0))" } ?? "")
        case .timeout(let ms): return "timeout: killed after \(ms) ms of wall time"
        case .cpuLimit(let seconds): return "CPU limit: more than \(seconds) s of CPU time"
        case .memoryLimit: return "memory limit: out of memory"
        case .outputTooLarge(let limit): return "output too large: more than \(limit) bytes"
        case .seccompKill(let name): return "killed by seccomp: \(name.map { "syscall \($0)" } ?? "syscall not identified")"
        case .crash(let signal): return "crash: signal \(signal) (\(signalName(signal)))"
        case .badFrame(let why): return "bad result frame: \(why)"
        case .jailFailure(let why): return "jail failure: \(why)"
        }
    }
}

func signalName(_ signal: Int32) -> String {
    let names: [Int32: String] = [
        4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 11: "SIGSEGV",
        13: "SIGPIPE", 15: "SIGTERM", 24: "SIGXCPU", 25: "SIGXFSZ", 31: "SIGSYS",
    ]
    return names[signal] ?? "signal \(signal)"
}
