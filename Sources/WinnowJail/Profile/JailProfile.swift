import Foundation
import WinnowCore

/// Everything that decides how untrusted programs run: which interpreter, which syscalls, which limits.
///
/// Profiles are data (`sandboxes/*.json`) so a deployment can tighten or relax the jail without
/// rebuilding, and so a review of the jail's policy is a review of one file.
public struct JailProfile: Sendable, Hashable {
    public var name: String
    /// Absolute path of the interpreter, as seen inside the jail's read-only root.
    public var interpreter: String
    public var arguments: [String]
    /// The interpreter's whole environment; nothing of the host's is passed through.
    public var environment: [String: String]
    /// The zygote's source (read from the file the profile names).
    public var runnerSource: String
    /// Modules imported before the first fork; a job can import these and nothing else.
    public var preload: [String]
    /// Seed for the interpreter's `random`, so reruns give the same verdicts.
    public var seed: Int
    public var limits: Limits
    public var jail: Isolation
    public var zygoteDeniedSyscalls: [String]
    public var jobAllowedSyscalls: [String]
    /// Syscalls a job may attempt but that fail with EACCES instead of killing it: CPython itself
    /// tries to open the program's "file" to quote the line of a SyntaxError, and that must stay a
    /// runtime error. The call is refused before it reaches any file system.
    public var jobRefusedSyscalls: [String]
    /// Whether a job may map executable memory (off: no shellcode, no ctypes callbacks).
    public var jobExecutableMemory: Bool
    /// Layers without which no job runs (see `JailLayer.known`).
    public var requiredLayers: [String]

    /// Per-job limits.
    public struct Limits: Sendable, Hashable {
        public var wallMilliseconds: Int
        public var cpuSeconds: Int
        public var addressSpaceBytes: Int
        public var openFiles: Int
        public var fileSizeBytes: Int
        public var outputBytes: Int
        /// The largest encoded job the host sends (program plus input).
        public var inputBytes: Int

        /// The zygote waits with poll(2), whose timeout is a C int of milliseconds.
        public static let maxWallMilliseconds = Int(Int32.max)
        /// Frames carry their lengths as 32-bit integers; a gibibyte is far beyond any table.
        public static let maxFrameBytes = 1 << 30
    }

    /// The jail's outer layers, set up once per zygote by the launcher.
    public struct Isolation: Sendable, Hashable {
        public var namespaces: [String]
        public var uid: Int
        public var gid: Int
        public var readOnlyPaths: [String]
        public var tmpfsBytes: Int
        public var cgroupMemoryBytes: Int
        public var cgroupPids: Int
    }
}
