import Foundation

/// The `winnow-jail` command line for one zygote, built from a profile.
///
/// The launcher is C and takes flat flags rather than JSON so that it parses nothing complicated
/// while it is still privileged; everything after `--` is the interpreter's own command line.
enum LauncherArguments {
    /// - Parameters:
    ///   - tagPrefix: seven characters naming this zygote's children in the kernel's seccomp log.
    ///   - warm: whether the zygote proves its per-job layers in a probe job and runs a
    ///     representative job before its first fork (a pool does; a one-job jail would only pay for it).
    static func make(profile: JailProfile, tagPrefix: String, warm: Bool) -> [String] {
        var arguments = ["--ns", profile.jail.namespaces.joined(separator: ","),
                         "--uid", String(profile.jail.uid), "--gid", String(profile.jail.gid),
                         "--tmpfs-bytes", String(profile.jail.tmpfsBytes),
                         "--cgroup-memory", String(profile.jail.cgroupMemoryBytes),
                         "--cgroup-pids", String(profile.jail.cgroupPids),
                         "--job-exec-memory", profile.jobExecutableMemory ? "yes" : "no"]
        for path in profile.jail.readOnlyPaths { arguments += ["--ro", path] }
        for name in profile.zygoteDeniedSyscalls { arguments += ["--zygote-deny", name] }
        for name in profile.jobAllowedSyscalls { arguments += ["--job-allow", name] }
        for name in profile.jobRefusedSyscalls { arguments += ["--job-refuse", name] }
        for layer in profile.requiredLayers where !JailLayer.provenByZygote.contains(layer) {
            arguments += ["--require", layer]
        }
        for (key, value) in profile.environment.sorted(by: { $0.key < $1.key }) { arguments += ["--env", "\(key)=\(value)"] }
        arguments += ["--", profile.interpreter] + profile.arguments + ["-c", profile.runnerSource, runnerConfiguration(profile, tagPrefix, warm)]
        return arguments
    }

    private static func runnerConfiguration(_ profile: JailProfile, _ tagPrefix: String, _ warm: Bool) -> String {
        let limits = profile.limits
        let object: [String: Any] = [
            "limits": [
                "wall_ms": limits.wallMilliseconds, "cpu_seconds": limits.cpuSeconds,
                "address_space_bytes": limits.addressSpaceBytes, "open_files": limits.openFiles,
                "file_size_bytes": limits.fileSizeBytes, "output_bytes": limits.outputBytes,
            ],
            "preload": profile.preload, "seed": profile.seed, "warm": warm, "tag_prefix": tagPrefix,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
