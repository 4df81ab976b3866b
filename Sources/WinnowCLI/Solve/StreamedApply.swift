import Foundation
import WinnowCore
import WinnowTables

/// `solve --apply` on a file too large to hold: the search checks programs against its first records,
/// and the committed program is then applied to every record by `FileApply`.
enum StreamedApply {
    /// Records of the `--apply` file the search sees as its held-out input; a file with no more than
    /// these is handled whole, as before.
    static let headRecords = 1_000

    /// The first `headRecords` records (after the header line, with `header`), and whether that is all.
    static func head(path: String, header: Bool) throws(WinnowError) -> (input: CSVInput, complete: Bool) {
        let reader = try CSVRecordReader(path: path)
        let names = header ? try reader.next() : nil
        var records: [[String]] = []
        while records.count < headRecords, let record = try reader.next() { records.append(record) }
        if header, records.isEmpty { throw WinnowError(.badInput, file: path, "has a header line but no records") }
        let complete = try reader.next() == nil
        return (CSVInput(path: path, header: names, records: Table(records)), complete)
    }

    /// Applies `program` to every record of `path` and writes the result (with `outputHeader` first)
    /// to `output`, or to standard output; returns the rows written, the header line included (as `solve` reports it).
    static func run(
        _ program: Pipeline, path: String, skipHeader: Bool, width: Int, outputHeader: [String]?, to output: String?
    ) throws(WinnowError) -> Int {
        let destination = output ?? FileManager.default.temporaryDirectory.appendingPathComponent("winnow-apply-\(getpid()).csv").path
        let written: Int
        do {
            written = try FileApply.apply(program, path: path, skipHeader: skipHeader, width: width, outputHeader: outputHeader, to: destination)
        } catch {
            throw error.error
        }
        if output == nil {
            defer { try? FileManager.default.removeItem(atPath: destination) }
            try copyToStandardOutput(destination)
        }
        return written + (outputHeader == nil ? 0 : 1)
    }

    private static func copyToStandardOutput(_ path: String) throws(WinnowError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw WinnowError(.cannotWrite, file: path, "cannot be read back") }
        defer { try? handle.close() }
        while let chunk = try? handle.read(upToCount: FileApply.flushBytes), !chunk.isEmpty {
            FileHandle.standardOutput.write(chunk)
        }
    }
}
