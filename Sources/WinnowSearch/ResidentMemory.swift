#if canImport(Glibc)
import Glibc
#endif

/// The memory this process holds right now, read where a search can afford to ask often.
///
/// A search that outgrows the machine is otherwise ended by the kernel's OOM killer, which takes the
/// whole command with it, report and results file included. Budgets compare this figure with a
/// ceiling (`SearchBudget.maxMemory`) and stop with their own status instead. It is the resident set
/// now (`/proc/self/statm`), not the peak, so a long `bench` is not stopped for what an earlier case
/// once held.
public enum ResidentMemory {
    /// Resident bytes, or `nil` where `/proc` cannot be read (then no ceiling is enforced).
    public static func bytes() -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        // "size resident shared text lib data dt", in pages.
        let fields = buffer[..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * pageSize
    }

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
}
