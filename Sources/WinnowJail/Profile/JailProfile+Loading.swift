import Foundation
import WinnowCore

extension JailProfile {
    /// Loads and validates a profile file; the runner it names is read from the same folder.
    ///
    /// A profile is security policy, so nothing is guessed: an unknown key (a typo such as
    /// `"wal_ms"`) is an error that names the key and the closest known one, and so is a syscall
    /// name this machine's libseccomp does not know.
    public static func load(path: String) throws(WinnowError) -> JailProfile {
        let object = try ConfigurationFile.json(path: path, what: "sandbox profile")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            return try parse(object) { (runner: String) throws(JSONShapeError) -> String in
                let runnerPath = runner.hasPrefix("/") ? runner : folder.appendingPathComponent(runner).path
                guard let source = FileManager.default.contents(atPath: runnerPath),
                      let text = String(data: source, encoding: .utf8)
                else { throw JSONShapeError("\"runner\": cannot read \(runnerPath)") }
                return text
            }
        } catch {
            throw WinnowError(.badConfiguration, file: path, error.message)
        }
    }

    /// Validates a profile already parsed from JSON; `readRunner` turns the runner's name into source.
    public static func parse(
        _ object: Any, readRunner: (String) throws(JSONShapeError) -> String
    ) throws(JSONShapeError) -> JailProfile {
        let root = try StrictObject(object, at: "profile", keys: [
            "name", "interpreter", "arguments", "environment", "runner", "preload", "seed", "limits", "jail",
            "zygote_denied_syscalls", "job_allowed_syscalls", "job_refused_syscalls", "job_executable_memory", "required_layers",
        ])
        let limits = try StrictObject(root.required("limits"), at: "limits", keys: [
            "wall_ms", "cpu_seconds", "address_space_bytes", "open_files", "file_size_bytes", "output_bytes",
            "input_bytes",
        ])
        let jail = try StrictObject(root.required("jail"), at: "jail", keys: [
            "namespaces", "uid", "gid", "read_only_paths", "tmpfs_bytes", "cgroup_memory_bytes", "cgroup_pids",
        ])
        let interpreter: String = try root.value("interpreter")
        guard interpreter.hasPrefix("/") else { throw JSONShapeError("\"interpreter\" must be an absolute path") }
        let namespaces: [String] = try jail.value("namespaces")
        for name in namespaces where !Self.knownNamespaces.contains(name) {
            throw JSONShapeError("jail.namespaces: unknown namespace \"\(name)\" (known: \(Self.knownNamespaces.joined(separator: ", ")))")
        }
        let readOnly: [String] = try jail.value("read_only_paths")
        for path in readOnly where !path.hasPrefix("/") || path.contains(",") {
            throw JSONShapeError("jail.read_only_paths: \"\(path)\" must be an absolute path")
        }
        if namespaces.contains("mount"), !readOnly.contains(where: { interpreter == $0 || interpreter.hasPrefix($0 + "/") }) {
            throw JSONShapeError("\"interpreter\" \(interpreter) is not under any of jail.read_only_paths, so the jail could not see it")
        }
        let denied: [String] = try root.value("zygote_denied_syscalls")
        let allowed: [String] = try root.value("job_allowed_syscalls")
        let refused: [String] = try root.value("job_refused_syscalls")
        try Self.checkSyscalls(refused, at: "job_refused_syscalls")
        for name in refused where allowed.contains(name) {
            throw JSONShapeError("job_refused_syscalls: \"\(name)\" is also in job_allowed_syscalls")
        }
        try Self.checkSyscalls(denied, at: "zygote_denied_syscalls")
        try Self.checkSyscalls(allowed, at: "job_allowed_syscalls")
        for name in denied where Self.launcherManaged.contains(name) {
            throw JSONShapeError("zygote_denied_syscalls: \"\(name)\" is handled by the launcher itself and must not be listed")
        }
        let required: [String] = try root.value("required_layers")
        for name in required where !JailLayer.known.contains(name) {
            throw JSONShapeError("required_layers: unknown layer \"\(name)\"\(suggestion(for: name, in: JailLayer.known))")
        }
        let environment: [String: String] = try root.value("environment")
        for key in environment.keys where key.isEmpty || key.contains("=") {
            throw JSONShapeError("environment: \"\(key)\" is not a variable name")
        }
        let preload: [String] = try root.value("preload")
        for module in preload where module.isEmpty || !module.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) {
            throw JSONShapeError("preload: \"\(module)\" is not a module name")
        }
        return JailProfile(
            name: try root.value("name"),
            interpreter: interpreter,
            arguments: try root.value("arguments"),
            environment: environment,
            runnerSource: try readRunner(try root.value("runner")),
            preload: preload,
            seed: try root.value("seed"),
            limits: Limits(
                wallMilliseconds: try limits.positive("wall_ms", atMost: Limits.maxWallMilliseconds),
                cpuSeconds: try limits.positive("cpu_seconds"),
                addressSpaceBytes: try limits.positive("address_space_bytes"),
                openFiles: try limits.positive("open_files"),
                fileSizeBytes: try limits.value("file_size_bytes"),
                outputBytes: try limits.positive("output_bytes", atMost: Limits.maxFrameBytes),
                inputBytes: try limits.positive("input_bytes", atMost: Limits.maxFrameBytes)),
            jail: Isolation(
                namespaces: namespaces,
                uid: try jail.value("uid"),
                gid: try jail.value("gid"),
                readOnlyPaths: readOnly,
                tmpfsBytes: try jail.positive("tmpfs_bytes"),
                cgroupMemoryBytes: try jail.value("cgroup_memory_bytes"),
                cgroupPids: try jail.value("cgroup_pids")),
            zygoteDeniedSyscalls: denied,
            jobAllowedSyscalls: allowed,
            jobRefusedSyscalls: refused,
            jobExecutableMemory: try root.bool("job_executable_memory"),
            requiredLayers: required)
    }

    static let knownNamespaces = ["user", "pid", "net", "ipc", "uts", "mount"]
    /// The launcher always rules on these (clone may not make namespaces, clone3 returns ENOSYS,
    /// exec only once), so a profile listing them would contradict it.
    static let launcherManaged: Set<String> = ["clone", "clone3", "execve", "execveat"]

    private static func checkSyscalls(_ names: [String], at path: String) throws(JSONShapeError) {
        for name in names where SyscallTable.number(of: name) == nil {
            throw JSONShapeError("\(path): \"\(name)\" is not a syscall on this machine")
        }
        if Set(names).count != names.count { throw JSONShapeError("\(path): a syscall is listed twice") }
    }
}

/// A JSON object whose every key must be known: the first unknown one is reported with the nearest
/// known key, which is what a typo almost always is.
struct StrictObject {
    let fields: [String: Any]
    let path: String

    init(_ object: Any, at path: String, keys: Set<String>) throws(JSONShapeError) {
        guard let fields = object as? [String: Any] else { throw JSONShapeError("\(path) must be a JSON object") }
        for key in fields.keys.sorted() where !keys.contains(key) {
            throw JSONShapeError("\(path): unknown key \"\(key)\"\(suggestion(for: key, in: keys))")
        }
        self.fields = fields
        self.path = path
    }

    func required(_ key: String) throws(JSONShapeError) -> Any {
        guard let value = fields[key] else { throw JSONShapeError("\(path): missing key \"\(key)\"") }
        return value
    }

    func value<T>(_ key: String) throws(JSONShapeError) -> T {
        let raw = try required(key)
        if T.self == Int.self {
            guard let number = raw as? NSNumber, !Self.isBoolean(number), number.doubleValue.rounded() == number.doubleValue,
                  abs(number.doubleValue) < 1e15, let int = number.intValue as? T
            else { throw JSONShapeError("\(path).\(key) must be an integer, found \(JSONDescription.kind(of: raw))") }
            return int
        }
        guard let typed = raw as? T else {
            throw JSONShapeError("\(path).\(key) has the wrong type: found \(JSONDescription.kind(of: raw))")
        }
        return typed
    }

    func bool(_ key: String) throws(JSONShapeError) -> Bool {
        let raw = try required(key)
        guard let number = raw as? NSNumber, Self.isBoolean(number) else {
            throw JSONShapeError("\(path).\(key) must be true or false, found \(JSONDescription.kind(of: raw))")
        }
        return number.boolValue
    }

    /// JSONSerialization gives booleans and numbers alike as NSNumber; only a boolean's type code is "c".
    private static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    func positive(_ key: String, atMost maximum: Int = .max) throws(JSONShapeError) -> Int {
        let number: Int = try value(key)
        guard number > 0 else { throw JSONShapeError("\(path).\(key) must be positive") }
        guard number <= maximum else { throw JSONShapeError("\(path).\(key) must be at most \(maximum)") }
        return number
    }
}

/// ` (did you mean "x"?)` for the known key nearest to `key`, when one is close enough to be a typo.
func suggestion(for key: String, in known: some Sequence<String>) -> String {
    var best: (name: String, distance: Int)?
    for name in known.sorted() {
        let distance = editDistance(key, name)
        if distance < best?.distance ?? Int.max { best = (name, distance) }
    }
    guard let best, best.distance <= max(2, key.count / 3) else { return "" }
    return " (did you mean \"\(best.name)\"?)"
}

private func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            let insertionOrDeletion = min(previous[j], current[j - 1]) + 1
            current[j] = min(substitution, insertionOrDeletion)
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
