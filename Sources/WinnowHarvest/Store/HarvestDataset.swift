import Foundation
import WinnowCore

/// A fine-tuning data set on disk: `train.jsonl` and `valid.jsonl` in one folder.
///
/// Opening a folder loads what is there, so a harvest resumes and merges: records are keyed by
/// (task id, view, normalised program hash), a key already present is a duplicate, and each task
/// keeps at most `maxPerTask` records per view. Every family goes to one file, so near-duplicate
/// tasks never straddle train and valid. Files are written whole and atomically, records sorted,
/// so harvesting the same runs again leaves them byte-identical.
public struct HarvestDataset: Sendable {
    public static let trainFile = "train.jsonl"
    public static let validFile = "valid.jsonl"

    public let folder: String
    public var options: HarvestOptions
    public private(set) var records: [HarvestRecord]

    /// What one `merge` did with the records it was given.
    public struct Merge: Sendable, Hashable, Codable {
        public var added = 0
        /// Already in the data set (or earlier in the same batch).
        public var duplicates = 0
        /// Dropped because their task already had `maxPerTask` records of that view.
        public var capped = 0
    }

    public init(folder: String, options: HarvestOptions = HarvestOptions()) throws(WinnowError) {
        self.folder = folder
        self.options = options
        var loaded: [HarvestRecord] = []
        for (file, split) in [(Self.trainFile, FamilySplit.train), (Self.validFile, FamilySplit.valid)] {
            let path = Self.path(folder, file)
            for record in try HarvestLines.load(path) {
                guard record.meta.split == split else {
                    throw WinnowError(.badInput, file: path, "a record of task \(record.meta.taskID) says split \"\(record.meta.split)\"")
                }
                loaded.append(record)
            }
        }
        records = loaded
        records.sort(by: Self.fileOrder)
    }

    public var train: [HarvestRecord] { records.filter { $0.meta.split == FamilySplit.train } }
    public var valid: [HarvestRecord] { records.filter { $0.meta.split == FamilySplit.valid } }

    /// Adds records, returning how many were new.
    public mutating func add(_ new: [HarvestRecord]) -> Int { merge(new).added }

    /// Adds records: duplicates and records over the cap are left out; each new record gets its
    /// family's split (the one the data set already has for it, else its own, else by hash).
    public mutating func merge(_ new: [HarvestRecord]) -> Merge {
        var merge = Merge()
        var keys = Set(records.map(\.key))
        var perTask: [String: Int] = [:]
        var splits: [String: String] = [:]
        for record in records {
            perTask[Self.capKey(record), default: 0] += 1
            splits[record.meta.family] = record.meta.split
        }
        for var record in new {
            guard keys.insert(record.key).inserted else {
                merge.duplicates += 1
                continue
            }
            guard perTask[Self.capKey(record), default: 0] < options.maxPerTask else {
                merge.capped += 1
                continue
            }
            perTask[Self.capKey(record), default: 0] += 1
            let family = record.meta.family
            let own = [FamilySplit.train, FamilySplit.valid].contains(record.meta.split) ? record.meta.split : nil
            let split = splits[family] ?? own ?? FamilySplit.split(of: family, validFraction: options.validFraction)
            splits[family] = split
            record.meta.split = split
            records.append(record)
            merge.added += 1
        }
        records.sort(by: Self.fileOrder)
        return merge
    }

    /// Writes both files (creating the folder if needed), each atomically.
    public func write() throws(WinnowError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WinnowError(.cannotWrite, file: folder, "cannot create the folder (\(error.localizedDescription))")
        }
        try AtomicFile.write(try HarvestLines.encode(train), to: Self.path(folder, Self.trainFile))
        try AtomicFile.write(try HarvestLines.encode(valid), to: Self.path(folder, Self.validFile))
    }

    /// The order records are kept and written in: by task, view and program, whatever order they came in.
    private static func fileOrder(_ a: HarvestRecord, _ b: HarvestRecord) -> Bool {
        (a.meta.taskID, a.meta.view, a.meta.programSHA256) < (b.meta.taskID, b.meta.view, b.meta.programSHA256)
    }

    private static func capKey(_ record: HarvestRecord) -> String { record.meta.taskID + "\u{0}" + record.meta.view }

    private static func path(_ folder: String, _ file: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent(file).path
    }
}
