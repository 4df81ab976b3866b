import ArgumentParser
import Foundation
import WinnowCore
import WinnowJail

/// Finds the jail profile a command should use, the same way `InventoryLocator` finds inventories:
/// `--profile`, then `$WINNOW_SANDBOX`, then `sandboxes/python3.json` in the working directory or
/// above it, then beside the executable or above it.
enum SandboxLocator {
    static func load(explicit: String?) throws(WinnowError) -> JailProfile {
        if let explicit { return try JailProfile.load(path: explicit) }
        if let env = ProcessInfo.processInfo.environment["WINNOW_SANDBOX"], !env.isEmpty {
            return try JailProfile.load(path: env)
        }
        let relative = "sandboxes/python3.json"
        let starts = [
            FileManager.default.currentDirectoryPath,
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path,
        ]
        for start in starts {
            var folder = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = folder.appendingPathComponent(relative).path
                if FileManager.default.fileExists(atPath: candidate) { return try JailProfile.load(path: candidate) }
                folder.deleteLastPathComponent()
            }
        }
        throw WinnowError(.missingInput, file: relative, "not found; pass --profile PATH or set WINNOW_SANDBOX")
    }
}

/// Options shared by the commands that start a jail.
struct JailOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Sandbox profile (default: $WINNOW_SANDBOX, else sandboxes/python3.json found above the working folder or the executable).",
        valueName: "file"))
    var profile: String?
}
