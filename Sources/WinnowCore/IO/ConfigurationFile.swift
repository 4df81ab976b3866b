import Foundation

/// Reading a JSON configuration file (an inventory, a sandbox profile), with the errors every such
/// file reports the same way: missing → exit 66, not JSON → exit 78, both naming the file.
public enum ConfigurationFile {
    /// The file's parsed JSON; `what` names the kind of file in the "not found" message.
    public static func json(path: String, what: String) throws(WinnowError) -> Any {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WinnowError(.missingInput, file: path, "\(what) not found")
        }
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
            throw WinnowError(.badConfiguration, file: path, "malformed JSON: \(detail)")
        }
    }

    /// `relative` in the working directory or a folder above it, then beside the running executable
    /// or above it, so a built binary finds the checkout's shipped files from anywhere inside it.
    public static func locateShipped(_ relative: String) -> String? {
        let starts = [
            FileManager.default.currentDirectoryPath,
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path,
        ]
        for start in starts {
            var folder = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = folder.appendingPathComponent(relative).path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }
}
