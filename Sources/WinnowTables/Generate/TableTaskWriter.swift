import Foundation
import WinnowCore

/// Native JSONL for generated table tasks: one task per line, keys sorted, so a seed always gives
/// the same bytes.
public enum TableTaskWriter {
    public static func jsonLines(_ tasks: [GeneratedTableTask]) throws(WinnowError) -> String {
        var text = ""
        for generated in tasks {
            do {
                let data = try JSONSerialization.data(withJSONObject: generated.jsonObject, options: [.sortedKeys, .withoutEscapingSlashes])
                text += String(decoding: data, as: UTF8.self) + "\n"
            } catch {
                throw WinnowError(.internalFailure, "task \(generated.task.id) cannot be written as JSON (\(error.localizedDescription))")
            }
        }
        return text
    }

    /// Writes `train.jsonl` and `heldout.jsonl` into `folder` (created when missing), each atomically;
    /// returns the two paths.
    @discardableResult
    public static func write(train: [GeneratedTableTask], heldout: [GeneratedTableTask], to folder: String) throws(WinnowError) -> (train: String, heldout: String) {
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
        let trainText = try jsonLines(train)
        let heldoutText = try jsonLines(heldout)
        try AtomicFile.write(trainText, to: trainPath)
        try AtomicFile.write(heldoutText, to: heldoutPath)
        return (trainPath, heldoutPath)
    }
}
