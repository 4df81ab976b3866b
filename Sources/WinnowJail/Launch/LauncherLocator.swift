import Foundation

/// Finds the `winnow-jail` launcher: it is built beside every executable of this package (the
/// `winnow` binary and the test runner alike), so the running program's own folder is where to look.
public enum LauncherLocator {
    public static let name = "winnow-jail"

    /// `$WINNOW_JAIL_LAUNCHER`, else `winnow-jail` beside the running executable.
    public static func locate() -> URL? {
        if let explicit = ProcessInfo.processInfo.environment["WINNOW_JAIL_LAUNCHER"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = executable.deletingLastPathComponent().appendingPathComponent(name)
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }
}
