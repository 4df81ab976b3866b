import Foundation
import WinnowCore

/// A committed program applied to a CSV file too large to hold, written to another file.
///
/// `solve --apply` and the HTTP server's streamed `/v1/apply` share it, so a file gives the same rows
/// whichever door it came through. A row-local program (`StreamingPipeline`) reads a record, writes a
/// record: constant memory, one pass. A program that needs the whole table (sort, fold, transpose…),
/// or a stream whose result might differ from the table step's (a ragged file; a split whose delimiter
/// no record holds), reads the file whole once and applies the program to the table. Either way the
/// output is written to a temporary file and renamed into place only when complete.
public enum FileApply {
    /// Why a file was not transformed: the file itself (missing, unreadable, not CSV; or the result
    /// cannot be written), or the program, which does not apply to a record of it. The CLI reports both
    /// as bad input; the server answers the second as `program-failed`.
    public enum Failure: Error {
        case file(WinnowError)
        case notApplicable(WinnowError)

        public var error: WinnowError {
            switch self {
            case .file(let error), .notApplicable(let error): error
            }
        }
    }

    /// Bytes buffered before a write.
    public static let flushBytes = 1 << 20

    /// Applies `program` to every record of `path` (after its header line with `skipHeader`) and writes
    /// the result, `outputHeader` first, to `destination`; returns the records written, header excluded.
    ///
    /// `width` is the column count the program was checked on; `nil` reads it off the file's first records.
    public static func apply(
        _ program: Pipeline, path: String, skipHeader: Bool, width: Int? = nil, outputHeader: [String]?, to destination: String
    ) throws(Failure) -> Int {
        do {
            let columns: Int
            if let width { columns = width } else { columns = try headWidth(path: path, skipHeader: skipHeader) }
            if let rows = try stream(program, path: path, skipHeader: skipHeader, width: columns, outputHeader: outputHeader, to: destination) {
                return rows
            }
            let table = try CSV.read(path: path)
            let records = skipHeader ? Table(Array(table.rows.dropFirst())) : table
            guard let result = program.apply(records) else {
                throw Failure.notApplicable(WinnowError(
                    .badInput, file: path, "the committed program does not apply to this file (are its rows shaped like the sample's?)"))
            }
            try AtomicFile.write(CSV.render(Table((outputHeader.map { [$0] } ?? []) + result.rows)), to: destination)
            return result.rowCount
        } catch let failure as Failure {
            throw failure
        } catch let error as WinnowError {
            throw .file(error)
        } catch {
            throw .file(WinnowError(.internalFailure, file: path, "\(error)"))
        }
    }

    /// Records read to learn a file's width when the caller does not know it.
    static let widthSample = 1_000

    private static func headWidth(path: String, skipHeader: Bool) throws(WinnowError) -> Int {
        let reader = try CSVRecordReader(path: path)
        if skipHeader { _ = try reader.next() }
        var width = 0
        for _ in 0..<widthSample {
            guard let record = try reader.next() else { break }
            width = max(width, record.count)
        }
        return width
    }

    /// The streamed result, or `nil` when the program needs the whole table or the stream may differ
    /// from the table step (nothing is left at `destination` then).
    private static func stream(
        _ program: Pipeline, path: String, skipHeader: Bool, width: Int, outputHeader: [String]?, to destination: String
    ) throws -> Int? {
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
                throw Failure.notApplicable(WinnowError(.badInput, file: path, "record \(number): the committed program does not apply to it"))
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
}
