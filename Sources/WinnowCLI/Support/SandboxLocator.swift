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
        if let found = ConfigurationFile.locateShipped(relative) { return try JailProfile.load(path: found) }
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
