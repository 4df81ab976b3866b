import Foundation

/// A running `winnow-jail` process, started with posix_spawn (the host never forks: fork in a
/// multithreaded Swift process is unsafe), in its own process group so the whole jail can be killed
/// with one signal.
///
/// Requests and reports travel over one Unix stream socket on the launcher's stdin and stdout:
/// unlike a pipe, a socket lets the host write with `MSG_NOSIGNAL`, so a dead jail is an error
/// code, not a SIGPIPE that would kill the host.
final class SpawnedLauncher: @unchecked Sendable {
    // Unchecked: the descriptors are immutable after start and `reaped` is only touched by the one
    // worker that owns this process (the pool hands each zygote to one job at a time).
    let pid: pid_t
    /// The host's end of the request/report socket.
    let channel: Int32
    /// The read end of the launcher's stderr (non-blocking), for failure messages.
    let errors: Int32
    private var reaped = false

    init(launcher: URL, arguments: [String]) throws(ExecutorError) {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw .unavailable("socketpair: \(String(cString: strerror(errno)))")
        }
        // A socket pair for stderr too: unlike pipe(), it can be made close-on-exec atomically.
        var errorPipe: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &errorPipe) == 0 else {
            close(pair[0]); close(pair[1])
            throw .unavailable("socketpair: \(String(cString: strerror(errno)))")
        }
        defer { close(pair[1]); close(errorPipe[1]) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pair[1], 0)
        posix_spawn_file_actions_adddup2(&actions, pair[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = [launcher.path] + arguments
        var cArguments = argv.map { strdup($0) }
        cArguments.append(nil)
        defer { for pointer in cArguments { free(pointer) } }
        var environment: [UnsafeMutablePointer<CChar>?] = [nil]
        var pid: pid_t = 0
        let status = posix_spawn(&pid, launcher.path, &actions, &attributes, cArguments, &environment)
        guard status == 0 else {
            close(pair[0]); close(errorPipe[0])
            throw .unavailable("cannot start \(launcher.path): \(String(cString: strerror(status)))")
        }
        self.pid = pid
        channel = pair[0]
        errors = errorPipe[0]
        _ = fcntl(errors, F_SETFL, fcntl(errors, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(channel)
        close(errors)
    }

    /// Whatever the launcher and the zygote have written to stderr so far (bounded).
    func errorText() -> String {
        var collected = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while collected.count < 16_384 {
            let n = read(errors, &buffer, buffer.count)
            guard n > 0 else { break }
            collected += buffer[0..<n]
        }
        return String(decoding: collected, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Asks the zygote to exit (end of requests), waits up to `grace` for the launcher to clean up
    /// and exit, and kills the whole process group if it has not. Leaves no zombie.
    func stop(grace: Duration) {
        shutdown(channel, Int32(SHUT_WR))
        let deadline = ContinuousClock.now + grace
        while !reaped, ContinuousClock.now < deadline {
            if reap(blocking: false) { return }
            usleep(1_000)
        }
        kill()
    }

    /// Kills the jail and reaps it, leaving no zombie behind.
    ///
    /// The zygote goes first: it is pid 1 of the jail's pid namespace, so the kernel kills every job
    /// with it, and the launcher, still alive, reaps it and removes its cgroups before exiting.
    /// Killing the whole process group at once would orphan the zygote as a zombie for the
    /// machine's init to reap. The group kill remains the fallback.
    func kill() {
        guard !reaped else { return }
        if let zygote = zygoteProcess() {
            _ = Foundation.kill(zygote, SIGKILL)
            let deadline = ContinuousClock.now + .seconds(2)
            while ContinuousClock.now < deadline {
                if reap(blocking: false) { return }
                usleep(500)
            }
        }
        _ = Foundation.kill(-pid, SIGKILL)
        _ = reap(blocking: true)
    }

    /// The zygote's pid as the host sees it: the launcher's only child.
    private func zygoteProcess() -> pid_t? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { pid_t($0) }
    }

    /// Reaps the launcher if it has exited; true once it has.
    @discardableResult
    func reap(blocking: Bool) -> Bool {
        if reaped { return true }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) {
                reaped = true
                return true
            }
            if result < 0 && errno == EINTR { continue }
            return false
        }
    }
}
