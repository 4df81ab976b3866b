import Foundation
import WinnowCore
import WinnowTables

/// `solve --apply` on a file too large to hold: the search checks programs against its first records,
/// and the committed program is then streamed over every record.
///
/// A row-local program (`StreamingPipeline`) reads a record, writes a record: constant memory, one
/// pass. A program that needs the whole table (sort, fold, transpose…), or a stream whose result might
/// differ from the table step's (a ragged file; a split whose delimiter no record holds), reads the
/// file whole once and applies the program to the table. Either way the output is written to a
/// temporary file and renamed into place only when complete.
enum StreamedApply {
    /// Records of the `--apply` file the search sees as its held-out input; a file with no more than
    /// these is handled whole, as before.
    static let headRecords = 1_000
    /// Bytes buffered before a write.
    static let flushBytes = 1 << 20

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
        var written = try stream(program, path: path, skipHeader: skipHeader, width: width, outputHeader: outputHeader, to: destination)
        if written == nil {
            let table = try CSVInput(path: path, header: skipHeader).records
            guard let result = program.apply(table) else {
                throw WinnowError(.badInput, file: path, "the committed program does not apply to this file (are its rows shaped like the sample's?)")
            }
            try AtomicFile.write(CSV.render(Table((outputHeader.map { [$0] } ?? []) + result.rows)), to: destination)
            written = result.rowCount
        }
        if output == nil {
            defer { try? FileManager.default.removeItem(atPath: destination) }
            try copyToStandardOutput(destination)
        }
        return (written ?? 0) + (outputHeader == nil ? 0 : 1)
    }

    /// The streamed result, or `nil` when the program needs the whole table or the stream may differ
    /// from the table step (nothing is left at `destination` then).
    private static func stream(
        _ program: Pipeline, path: String, skipHeader: Bool, width: Int, outputHeader: [String]?, to destination: String
    ) throws(WinnowError) -> Int? {
        guard var pipeline = StreamingPipeline(program, width: width) else { return nil }
        let reader = try CSVRecordReader(path: path)
        if skipHeader { _ = try reader.next() }
        let writer = try AtomicFile.Writer(path: destination)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(flushBytes + 4096)
        var atStart = true
        if let outputHeader {
            CSV.appendRecord(outputHeader, to: &buffer, atFileStart: true)
            atStart = false
        }
        var rows = 0
        var number = 0
        while let record = try reader.next() {
            number += 1
            switch pipeline.apply(record) {
            case .record(let row):
                CSV.appendRecord(row, to: &buffer, atFileStart: atStart)
                atStart = false
                rows += 1
            case .dropped:
                continue
            case .notApplicable:
                throw WinnowError(.badInput, file: path, "record \(number): the committed program does not apply to it")
            }
            if buffer.count >= flushBytes {
                try writer.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        guard pipeline.isExact else { return nil }
        try writer.write(buffer)
        try writer.commit()
        return rows
    }

    private static func copyToStandardOutput(_ path: String) throws(WinnowError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw WinnowError(.cannotWrite, file: path, "cannot be read back") }
        defer { try? handle.close() }
        while let chunk = try? handle.read(upToCount: flushBytes), !chunk.isEmpty {
            FileHandle.standardOutput.write(chunk)
        }
    }
}
