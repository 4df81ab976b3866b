import Foundation

/// The files a task generator writes: `train.jsonl` and `heldout.jsonl`, native JSONL with one task
/// per line and sorted keys, so a seed always gives the same bytes, whatever the domain.
public enum TaskSplitFiles {
    /// One line per task object; `id` names the task in the error when one cannot be encoded.
    public static func jsonLines(_ tasks: [(id: String, object: [String: Any])]) throws(WinnowError) -> String {
        var text = ""
        for (id, object) in tasks {
            do {
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                text += String(decoding: data, as: UTF8.self) + "\n"
            } catch {
                throw WinnowError(.internalFailure, "task \(id) cannot be written as JSON (\(error.localizedDescription))")
            }
        }
        return text
    }

    /// Writes both files into `folder` (created when missing), each atomically; returns their paths.
    @discardableResult
    public static func write(train: String, heldout: String, to folder: String) throws(WinnowError) -> (train: String, heldout: String) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw WinnowError(.cannotWrite, file: folder, "is a file, expected a folder") }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw WinnowError(.cannotWrite, file: folder, "cannot create the folder (\(error.localizedDescription))")
            }
        }
        let base = URL(fileURLWithPath: folder)
        let trainPath = base.appendingPathComponent("train.jsonl").path
        let heldoutPath = base.appendingPathComponent("heldout.jsonl").path
        try AtomicFile.write(train, to: trainPath)
        try AtomicFile.write(heldout, to: heldoutPath)
        return (trainPath, heldoutPath)
    }
}
