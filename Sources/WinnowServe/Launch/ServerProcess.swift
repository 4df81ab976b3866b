import Foundation
import Synchronization
import WinnowCore

/// A `winnow serve --port 0` in a process of its own, for benchmarks and tests that must talk to the
/// real executable over a real socket: its own memory, its own signal handling, its own shutdown.
///
/// Port 0 lets several servers run side by side (parallel tests, a developer's server on 8080); the
/// port is read back from the address the server prints once it listens, which is also the only sign
/// that it is ready. Its stderr is drained for its whole life, since a server blocked on a full pipe
/// would look like a server that stopped answering; the last lines are kept for error messages.
public final class ServerProcess: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// How the process ended.
    public enum Exit: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signalled(let signal): "killed by signal \(signal)\(signal == SIGKILL ? " (SIGKILL)" : "")"
            }
        }
    }

    public let pid: pid_t
    public let port: Int
    /// The address the server printed, such as `http://127.0.0.1:41234/`.
    public let address: String

    private let log: StderrLog
    /// Set once the process has been reaped, so it is waited for exactly once.
    private let exit = Mutex<Exit?>(nil)

    /// The executable running now, resolved through symlinks, so `winnow bench-serve` starts the very
    /// build it is part of rather than whichever `winnow` the PATH finds.
    public static var currentExecutable: String {
        let link = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        if link != "/proc/self/exe" { return link }
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }

    /// Starts `executable serve --port 0 arguments…` and returns once it listens.
    ///
    /// Throws when the process cannot start, exits first, or prints no address within `startupTimeout`
    /// (then it is killed); the message carries the tail of its stderr.
    public init(executable: String = ServerProcess.currentExecutable, arguments: [String] = [], startupTimeout: Duration = .seconds(30)) throws(Failure) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "cannot create a pipe for the server's stderr (\(String(cString: strerror(errno))))") }
        // Close-on-exec, so that other children (wrk, solve processes) never hold the write end open
        // and the reader sees end-of-file when the server exits.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)

        // A caller may block or ignore signals (test runners do); the server's SIGTERM drain must work anyway.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable, "serve", "--port", "0"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child = pid_t()
        let spawned = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            throw Failure(description: "cannot start \(executable) serve (\(String(cString: strerror(spawned))))")
        }
        let log = StderrLog(reading: fds[0])
        pid = child
        self.log = log

        let waited = log.ready.wait(timeout: .now() + .milliseconds(Int(startupTimeout.milliseconds)))
        guard waited == .success, let printed = log.address, let port = URL(string: printed)?.port else {
            let why = waited == .timedOut ? "printed no listening address within \(startupTimeout)" : "stopped before it listened"
            kill(child, SIGKILL)
            let ended = Self.reap(child)
            throw Failure(description: "\(executable) serve \(why) (\(ended)); its stderr ended with:\n\(log.tail)")
        }
        address = printed
        self.port = port
    }

    deinit {
        // A caller that forgot `stop()`, or threw past it, must not leave a server running.
        if exit.withLock({ $0 == nil }) {
            kill(pid, SIGKILL)
            _ = Self.reap(pid)
        }
    }

    /// The server's resident memory now (`VmRSS` of `/proc/PID/status`), in bytes; `nil` where that
    /// cannot be read (not Linux, or the process is gone).
    public func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.dropFirst("VmRSS:".count).filter(\.isNumber))
        else { return nil }
        return kilobytes * 1024
    }

    /// How the process ended, or `nil` while it runs; never blocks.
    public func exitStatus() -> Exit? {
        exit.withLock { exit in
            if exit == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { exit = Self.decode(status) }
            }
            return exit
        }
    }

    /// The last lines the server wrote on stderr, for explaining a failure.
    public var stderrTail: String { log.tail }

    /// Sends SIGTERM (the server drains work in flight, then exits) and waits for the exit; after
    /// `timeout` the process is killed. Calling it again returns the same exit.
    @discardableResult
    public func stop(timeout: Duration = .seconds(40)) -> Exit {
        if let ended = exitStatus() { return ended }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let ended = exitStatus() { return ended }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        return exit.withLock { exit in
            if exit == nil { exit = Self.reap(pid) }
            return exit ?? .signalled(SIGKILL)
        }
    }

    private static func reap(_ pid: pid_t) -> Exit {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return decode(status)
    }

    private static func decode(_ status: Int32) -> Exit {
        (status & 0x7F) == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
    }
}

/// The server's stderr, read to its end on a thread of its own: the listening address once it appears,
/// and the last few kilobytes for error messages.
private final class StderrLog: Sendable {
    private struct State {
        var tail: [UInt8] = []
        var line: [UInt8] = []
        var address: String?
    }

    static let marker = "listening on "
    static let tailBytes = 8192

    private let state = Mutex(State())
    /// Signalled when the address is known or the stream ends, whichever comes first.
    let ready = DispatchSemaphore(value: 0)

    init(reading fd: Int32) {
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                consume(buffer[..<count])
            }
            close(fd)
            ready.signal()
        }.start()
    }

    var address: String? { state.withLock { $0.address } }
    var tail: String { state.withLock { String(decoding: $0.tail, as: UTF8.self) } }

    private func consume(_ bytes: ArraySlice<UInt8>) {
        let found = state.withLock { state -> Bool in
            state.tail.append(contentsOf: bytes)
            if state.tail.count > Self.tailBytes { state.tail.removeFirst(state.tail.count - Self.tailBytes) }
            guard state.address == nil else { return false }
            for byte in bytes {
                guard byte == UInt8(ascii: "\n") else {
                    state.line.append(byte)
                    continue
                }
                let text = String(decoding: state.line, as: UTF8.self)
                state.line.removeAll(keepingCapacity: true)
                if let range = text.range(of: Self.marker) {
                    state.address = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                    return true
                }
            }
            return false
        }
        if found { ready.signal() }
    }
}
