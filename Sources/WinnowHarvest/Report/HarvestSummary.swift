/// What one harvest did, for the `winnow harvest` report and `--json`.
public struct HarvestSummary: Sendable, Hashable, Encodable {
    /// Task results read from the run files.
    public var read: Int
    /// Results without a program (nothing to verify).
    public var withoutProgram: Int
    /// Programs verified in the jail, and how many of them passed.
    public var candidates: Int
    public var verified: Int
    /// Programs that did not pass, by reason.
    public var rejected: [String: Int]
    /// Records the verified programs gave (program and direct views).
    public var records: Int
    public var duplicates: Int
    public var capped: Int
    public var added: Int
    /// Records in the data set after the harvest.
    public var train: Int
    public var valid: Int

    /// - Parameters:
    ///   - verifiedRecords: the records `Harvester.verify` made.
    ///   - rejected: the reason of each program it rejected.
    public init(runs: HarvestRuns, verifiedRecords: Int, rejected: [String], merge: HarvestDataset.Merge, dataset: HarvestDataset) {
        read = runs.read
        withoutProgram = runs.withoutProgram
        candidates = runs.sources.count
        verified = runs.sources.count - rejected.count
        self.rejected = Dictionary(rejected.map { ($0, 1) }, uniquingKeysWith: +)
        records = verifiedRecords
        duplicates = merge.duplicates
        capped = merge.capped
        added = merge.added
        train = dataset.train.count
        valid = dataset.valid.count
    }

    private enum CodingKeys: String, CodingKey {
        case read, candidates, verified, rejected, records, duplicates, capped, added, train, valid
        case withoutProgram = "without_program"
    }

    /// A few lines for people.
    public var text: String {
        var lines = [
            "read \(read) task results: \(candidates) with a program, \(withoutProgram) without",
            "verified \(verified) of \(candidates) programs in the jail, giving \(records) records (program and direct views)",
        ]
        for (reason, count) in rejected.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            lines.append("  rejected \(count): \(reason)")
        }
        lines.append("added \(added) records (\(duplicates) duplicates, \(capped) over the per-task cap)")
        lines.append("data set: \(train) train, \(valid) valid")
        return lines.joined(separator: "\n")
    }
}
