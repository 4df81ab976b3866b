import Foundation

/// Removes the cgroups a launcher could not remove itself (it was SIGKILLed, or the host died).
///
/// The launcher names its groups after its own pid, so the host knows them without asking.
enum CgroupJanitor {
    static let controllers = ["memory", "pids"]

    /// Removes one launcher's groups, retrying briefly while the kernel finishes killing its processes.
    static func remove(launcher pid: pid_t) {
        for controller in controllers {
            let path = "/sys/fs/cgroup/\(controller)/winnow-jail-\(pid)"
            for _ in 0..<500 {
                if rmdir(path) == 0 || errno == ENOENT { break }
                guard errno == EBUSY else { break }
                usleep(2_000)
            }
        }
    }

    /// Removes groups left by launchers that no longer exist (a host that was killed outright).
    static func sweepStale() {
        for controller in controllers {
            let folder = "/sys/fs/cgroup/\(controller)"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where name.hasPrefix("winnow-jail-") {
                guard let pid = pid_t(name.dropFirst("winnow-jail-".count)) else { continue }
                if kill(pid, 0) != 0 && errno == ESRCH { rmdir("\(folder)/\(name)") }
            }
        }
    }

    /// The groups that exist now (for tests that check nothing is left behind).
    static func existing() -> [String] {
        controllers.flatMap { controller -> [String] in
            let folder = "/sys/fs/cgroup/\(controller)"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return names.filter { $0.hasPrefix("winnow-jail-") }.map { "\(folder)/\($0)" }
        }
    }
}
