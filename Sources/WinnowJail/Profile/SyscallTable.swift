import CSeccomp
import Foundation

/// Syscall names and numbers for this machine's architecture, from libseccomp: the same table the
/// launcher compiles filters from, so a name the host accepts is one the launcher can enforce.
public enum SyscallTable {
    /// The number of a syscall, or nil for a name this architecture does not have.
    public static func number(of name: String) -> Int32? {
        let number = seccomp_syscall_resolve_name(name)
        return number == __NR_SCMP_ERROR ? nil : number
    }

    /// The name of a syscall number, or nil when libseccomp does not know it.
    public static func name(of number: Int32) -> String? {
        guard let raw = seccomp_syscall_resolve_num_arch(UInt32(SCMP_ARCH_NATIVE), number) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }
}
