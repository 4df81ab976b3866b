/// One isolation layer and whether it is up, as the launcher and the zygote's self-test report it.
///
/// Reported rather than assumed: a machine that refuses a namespace or has no cgroup v1 memory
/// controller still runs jobs under the layers it has, and `winnow sandbox check` says which.
public struct JailLayer: Sendable, Hashable, Codable {
    public var name: String
    public var active: Bool
    /// What is in force, or why the layer is off.
    public var detail: String

    public init(name: String, active: Bool, detail: String) {
        self.name = name
        self.active = active
        self.detail = detail
    }

    /// Every layer name, in the order they are set up. The first group is reported by the
    /// launcher; the last two by the zygote, which proves them in a probe job before the first real one.
    public static let known: [String] = [
        "cgroup-memory", "cgroup-pids", "user-namespace", "pid-namespace", "net-namespace", "ipc-namespace",
        "uts-namespace", "mount-namespace", "seccomp-job", "unprivileged", "no-new-privs", "seccomp-zygote",
        "job-rlimits", "job-seccomp-enforced",
    ]

    /// Layers the zygote proves (the launcher cannot: they apply to each job's child).
    static let provenByZygote: Set<String> = ["job-rlimits", "job-seccomp-enforced"]
}
