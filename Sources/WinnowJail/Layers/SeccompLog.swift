import Foundation
import Synchronization

/// Names the syscall that got a job killed, from the kernel's seccomp audit records.
///
/// SIGSYS from `SECCOMP_RET_KILL_PROCESS` carries no syscall number to the parent, but the kernel
/// audits each kill (`type=1326 … comm="…" … syscall=N`). Every job child names itself with a unique
/// tag before its filter goes on, so its record can be told apart from any other process's.
///
/// The records are read from the audit netlink multicast group, which gets every record; the
/// kernel log (`/dev/kmsg`) is the fallback, but printk is rate-limited to a burst of 10 records
/// per 5 s, so there names go missing under load. Both need privilege (CAP_AUDIT_READ or
/// CAP_SYSLOG): without it the verdict still says "seccomp kill", with the name unknown.
final class SeccompLog: Sendable {
    private struct State {
        var source: Source?
        /// Syscall numbers seen so far, by process name; bounded so a long run cannot grow it.
        var seen: [String: Int32] = [:]
    }

    private enum Source {
        case auditMulticast(Int32)
        case kernelLog(Int32)

        var descriptor: Int32 {
            switch self {
            case .auditMulticast(let fd), .kernelLog(let fd): return fd
            }
        }
    }

    private let state: Mutex<State>
    /// The kernel hands records to its audit thread, which may deliver one shortly after the
    /// killed process has been reaped: how long to wait for a missing one.
    private static let lateRecordWait: Duration = .milliseconds(200)

    /// Opens the audit stream (or the kernel log at its end), so only kills from now on are read.
    init() {
        state = Mutex(State(source: Self.openAuditMulticast() ?? Self.openKernelLog()))
    }

    deinit {
        state.withLock { if let source = $0.source { close(source.descriptor) } }
    }

    /// Where the names come from, for reports: "audit", "kmsg" or nil.
    var sourceName: String? {
        state.withLock { state in
            switch state.source {
            case .auditMulticast: return "audit"
            case .kernelLog: return "kmsg"
            case nil: return nil
            }
        }
    }

    /// The syscall that killed the process named `tag`, when the kernel's record of it is readable.
    func syscall(killing tag: String) -> String? {
        let deadline = ContinuousClock.now + Self.lateRecordWait
        let number: Int32? = state.withLock { state in
            guard let source = state.source else { return nil }
            while true {
                Self.drain(source, into: &state.seen)
                if let number = state.seen.removeValue(forKey: tag) { return number }
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else { return nil }
                var poller = pollfd(fd: source.descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&poller, 1, Int32(max(1, left.components.attoseconds / 1_000_000_000_000_000)))
            }
        }
        return number.flatMap(SyscallTable.name(of:))
    }

    private static func drain(_ source: Source, into seen: inout [String: Int32]) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = read(source.descriptor, &buffer, buffer.count)
            if n < 0 && (errno == EPIPE || errno == EINTR) { continue }  // kmsg: records were overwritten
            guard n > 0 else { return }
            let records: [String]
            switch source {
            case .kernelLog: records = [String(decoding: buffer[0..<n], as: UTF8.self)]
            case .auditMulticast: records = auditMessages(buffer[0..<n])
            }
            for record in records {
                guard let (name, number) = parse(record) else { continue }
                if seen.count > 4096 { seen.removeAll() }
                seen[name] = number
            }
        }
    }

    /// The text of each AUDIT_SECCOMP message in a netlink datagram.
    private static func auditMessages(_ bytes: ArraySlice<UInt8>) -> [String] {
        var messages: [String] = []
        var offset = bytes.startIndex
        while bytes.endIndex - offset >= 16 {
            let length = Int(LittleEndian.uint32(bytes, at: offset))
            let type = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8
            guard length >= 16, offset + length <= bytes.endIndex else { break }
            if type == auditSeccomp {
                messages.append("type=1326 " + String(decoding: bytes[(offset + 16)..<(offset + length)], as: UTF8.self))
            }
            offset += (length + 3) & ~3
        }
        return messages
    }

    /// (process name, syscall number) from one record of a seccomp kill.
    static func parse(_ record: String) -> (String, Int32)? {
        guard record.contains("type=1326"), let comm = field("comm=\"", in: record, until: "\""),
              let number = field(" syscall=", in: record, until: " ").flatMap({ Int32($0) })
        else { return nil }
        return (comm, number)
    }

    private static func field(_ key: String, in text: String, until end: Character) -> String? {
        guard let start = text.range(of: key)?.upperBound else { return nil }
        return String(text[start...].prefix { $0 != end && $0 != "\n" && $0 != "\0" })
    }

    private static let auditSeccomp = 1326
    private static let netlinkAudit: Int32 = 9
    private static let auditReadLogGroup: UInt32 = 1

    private static func openAuditMulticast() -> Source? {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), netlinkAudit)
        guard fd >= 0 else { return nil }
        var address = NetlinkAddress(family: UInt16(AF_NETLINK), pad: 0, pid: 0, groups: auditReadLogGroup)
        let bound = withUnsafeBytes(of: &address) {
            bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(MemoryLayout<NetlinkAddress>.size))
        }
        guard bound == 0 else {
            close(fd)
            return nil
        }
        return .auditMulticast(fd)
    }

    /// `struct sockaddr_nl` (linux/netlink.h), which Glibc's module map does not export.
    private struct NetlinkAddress {
        var family: UInt16
        var pad: UInt16
        var pid: UInt32
        var groups: UInt32
    }

    private static func openKernelLog() -> Source? {
        let fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        lseek(fd, 0, SEEK_END)
        return .kernelLog(fd)
    }
}
