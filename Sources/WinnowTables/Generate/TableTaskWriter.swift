import WinnowCore

/// Native JSONL for generated table tasks (`TaskSplitFiles`), each line with its `target` and `family`.
public enum TableTaskWriter {
    public static func jsonLines(_ tasks: [GeneratedTableTask]) throws(WinnowError) -> String {
        try TaskSplitFiles.jsonLines(tasks.map { ($0.task.id, $0.jsonObject) })
    }

    /// Writes `train.jsonl` and `heldout.jsonl` into `folder` (created when missing), each atomically;
    /// returns the two paths.
    @discardableResult
    public static func write(train: [GeneratedTableTask], heldout: [GeneratedTableTask], to folder: String) throws(WinnowError) -> (train: String, heldout: String) {
        try TaskSplitFiles.write(train: try jsonLines(train), heldout: try jsonLines(heldout), to: folder)
    }
}
