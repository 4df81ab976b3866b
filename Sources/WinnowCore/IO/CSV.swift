import Foundation

/// Reads and writes comma-separated values as RFC 4180 describes them.
///
/// The everyday user path hands Winnow CSV files (an input, an example output, a file to transform),
/// so the reader must take what spreadsheets export and say exactly where a file is broken. It works
/// on the UTF-8 bytes rather than on `Character`s, which keeps a 100,000-row file well under a second,
/// and cells stay exactly the text between the delimiters: no trimming, no type guessing.
public enum CSV {
    /// Parses CSV text into a table.
    ///
    /// RFC 4180 quoting: a field that starts with `"` runs to the matching `"`, may hold commas and line
    /// breaks, and writes a quote as `""`. Lines end with LF or CRLF (a lone CR is also read as a line
    /// end, as Python's `csv` module does); the final line ending is optional; a UTF-8 byte-order mark
    /// is dropped. Rows keep the width they have in the file (ragged rows are not padded), and a blank
    /// line is a row with one empty cell.
    ///
    /// - Parameters:
    ///   - data: The file's bytes, UTF-8.
    ///   - file: The name used in error messages.
    /// - Throws: `WinnowError(.badInput)` naming the 1-based line for an unterminated quoted field, a
    ///   quote inside an unquoted field, text after a closing quote, bytes that are not UTF-8, or an
    ///   input without rows.
    public static func parse(_ data: Data, file: String) throws(WinnowError) -> Table {
        let result: Result<Table, WinnowError> = data.withUnsafeBytes { raw in
            Result { () throws(WinnowError) -> Table in
                var parser = Parser(bytes: raw.bindMemory(to: UInt8.self), file: file)
                return try parser.parse()
            }
        }
        return try result.get()
    }

    /// Reads and parses a CSV file.
    ///
    /// - Throws: `WinnowError(.missingInput)` when the file does not exist, is a directory or cannot be
    ///   read; otherwise the errors of `parse(_:file:)`.
    public static func read(path: String) throws(WinnowError) -> Table {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WinnowError(.missingInput, file: path, "no such file")
        }
        if isDirectory.boolValue { throw WinnowError(.missingInput, file: path, "is a directory, expected a CSV file") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WinnowError(.missingInput, file: path, "cannot be read (\(error.localizedDescription))")
        }
        return try parse(data, file: path)
    }

    /// A CSV table whose first line is a header, as its header and its records: every path that takes
    /// CSV with a header (`solve --header`, the server's CSV pairs) refuses a header alone the same way.
    public static func splitHeader(_ table: Table, file: String) throws(WinnowError) -> (header: [String], records: Table) {
        guard table.rowCount > 1 else { throw WinnowError(.badInput, file: file, "has a header line but no records") }
        return (table.rows[0], Table(Array(table.rows.dropFirst())))
    }

    /// Renders a table as CSV text.
    ///
    /// A field is quoted only when it holds a comma, a quote, a CR or an LF (leading or trailing spaces
    /// are kept as they are, unquoted); quotes inside are doubled. Every row ends with CRLF, as RFC 4180
    /// asks. A row whose only cell is empty is written as `""` so that readers which skip blank lines
    /// still see the row, and a first cell that starts with U+FEFF is quoted so that it is not taken
    /// for a byte-order mark when read back.
    public static func render(_ table: Table) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(table.rows.reduce(0) { total, row in total + row.reduce(2) { $0 + $1.utf8.count + 1 } })
        for row in table.rows { appendRecord(row, to: &out, atFileStart: out.isEmpty) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one record as `render` writes it; `atFileStart` says whether it is the file's first.
    public static func appendRecord(_ row: [String], to out: inout [UInt8], atFileStart: Bool) {
        if row.count == 1, row[0].isEmpty {
            out.append(Byte.quote)
            out.append(Byte.quote)
        } else {
            for (index, cell) in row.enumerated() {
                if index > 0 { out.append(Byte.comma) }
                appendField(cell, to: &out, atStart: atFileStart && index == 0)
            }
        }
        out.append(Byte.cr)
        out.append(Byte.lf)
    }

    private static func appendField(_ cell: String, to out: inout [UInt8], atStart: Bool) {
        let needsQuotes = cell.utf8.contains { $0 == Byte.comma || $0 == Byte.quote || $0 == Byte.cr || $0 == Byte.lf }
            || (atStart && cell.utf8.starts(with: [0xEF, 0xBB, 0xBF]))
        guard needsQuotes else {
            out.append(contentsOf: cell.utf8)
            return
        }
        out.append(Byte.quote)
        for byte in cell.utf8 {
            if byte == Byte.quote { out.append(Byte.quote) }
            out.append(byte)
        }
        out.append(Byte.quote)
    }

    private enum Byte {
        static let comma = UInt8(ascii: ",")
        static let quote = UInt8(ascii: "\"")
        static let cr = UInt8(ascii: "\r")
        static let lf = UInt8(ascii: "\n")
    }

    /// A single pass over the bytes; `line` is the physical line (1-based) of the byte at the cursor.
    ///
    /// `record(_:final:)` reads one record at a time, so the same parser serves a whole file in memory
    /// (`parse`) and a file read in chunks (`CSVRecordReader`): with `final` false, a record that may go
    /// on past the end of the bytes is left unread for the next chunk.
    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let file: String
        var line: Int
        /// Holds a quoted field's text while its doubled quotes are collapsed.
        var scratch: [UInt8] = []

        /// The line of the first byte (a chunk of a file starts further down).
        let firstLine: Int

        init(bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int = 1) {
            self.bytes = bytes
            self.file = file
            self.line = line
            firstLine = line
        }

        /// The bytes after a UTF-8 byte-order mark, if the input starts with one.
        static func bodyStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        }

        mutating func parse() throws(WinnowError) -> Table {
            var i = Self.bodyStart(bytes)
            guard i < bytes.count else { throw failure(line: 1, "empty input: no rows") }
            var rows: [[String]] = []
            while let row = try record(&i, final: true) { rows.append(row) }
            return Table(rows)
        }

        /// Reads the record at `i` and leaves `i` at the next one; `nil` at the end of the bytes, or,
        /// when not `final`, when the record may continue past them (then `i` and `line` are unchanged).
        mutating func record(_ i: inout Int, final: Bool) throws(WinnowError) -> [String]? {
            let n = bytes.count
            guard i < n else { return nil }
            let (start, startLine) = (i, line)
            func incomplete() -> [String]? {
                i = start
                line = startLine
                return nil
            }
            var row: [String] = []
            while true {
                // The cursor is at the start of a field.
                if i < n, bytes[i] == Byte.quote {
                    guard let field = try quotedField(&i, final: final) else { return incomplete() }
                    row.append(field)
                } else {
                    let fieldStart = i
                    while i < n {
                        let byte = bytes[i]
                        if byte == Byte.comma || byte == Byte.lf || byte == Byte.cr { break }
                        if byte == Byte.quote {
                            throw failure(line: line, "a quote inside an unquoted field (quote the whole field and write a quote as \"\")")
                        }
                        i += 1
                    }
                    if i == n, !final { return incomplete() }
                    row.append(fieldStart == i ? "" : try text(fieldStart..<i))
                }
                if i < n, bytes[i] == Byte.comma {
                    i += 1
                    continue
                }
                // End of a record: a line ending or the end of the input.
                guard i < n else { return final ? row : incomplete() }
                if bytes[i] == Byte.cr, i + 1 < n, bytes[i + 1] == Byte.lf {
                    i += 2
                } else {
                    // A CR at the end of a chunk may be the first half of a CRLF.
                    if bytes[i] == Byte.cr, i + 1 == n, !final { return incomplete() }
                    i += 1
                }
                line += 1
                return row
            }
        }

        /// Reads a quoted field whose opening quote is at `i`; leaves `i` after the closing quote.
        /// `nil` when not `final` and the field may continue past the bytes.
        private mutating func quotedField(_ i: inout Int, final: Bool) throws(WinnowError) -> String? {
            let n = bytes.count
            let startLine = line
            i += 1
            var segmentStart = i
            var collapsed = false
            scratch.removeAll(keepingCapacity: true)
            while true {
                guard i < n else {
                    if final { throw failure(line: startLine, "unterminated quoted field (no closing quote)") }
                    return nil
                }
                let byte = bytes[i]
                if byte == Byte.quote {
                    if i + 1 == n, !final { return nil }
                    guard i + 1 < n, bytes[i + 1] == Byte.quote else { break }
                    // `""` stands for one quote: keep the text so far including the first quote.
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segmentStart...i]))
                    collapsed = true
                    i += 2
                    segmentStart = i
                    continue
                }
                if byte == Byte.lf || (byte == Byte.cr && !(i + 1 < n && bytes[i + 1] == Byte.lf)) { line += 1 }
                i += 1
            }
            let field: String
            if collapsed {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segmentStart..<i]))
                field = try scratch.withUnsafeBufferPointer { buffer throws(WinnowError) in try validated(buffer) }
            } else {
                field = try text(segmentStart..<i)
            }
            i += 1
            if i < n, bytes[i] != Byte.comma, bytes[i] != Byte.lf, bytes[i] != Byte.cr {
                throw failure(line: line, "text after the closing quote of a quoted field")
            }
            return field
        }

        private func text(_ range: Range<Int>) throws(WinnowError) -> String {
            try validated(UnsafeBufferPointer(rebasing: bytes[range]))
        }

        /// An ASCII field is valid UTF-8 as it stands and is decoded without a check; only the others
        /// go through `String(validating:)`, whose unspecialised generic looks up type metadata on
        /// every call (a tenth of reading a large CSV).
        private func validated(_ buffer: UnsafeBufferPointer<UInt8>) throws(WinnowError) -> String {
            if buffer.allSatisfy({ $0 < 0x80 }) { return String(decoding: buffer, as: UTF8.self) }
            if let string = String(validating: buffer, as: UTF8.self) { return string }
            throw failure(line: lineOfFirstInvalidByte(), "bytes that are not valid UTF-8 (save the file as UTF-8)")
        }

        /// The slow path for the error message: every byte before the failing field was valid (the
        /// separators are ASCII), so the first invalid byte in the input is in that field.
        private func lineOfFirstInvalidByte() -> Int {
            var parser = Unicode.UTF8.ForwardParser()
            var iterator = bytes.makeIterator()
            var offset = 0
            scan: while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid(let encoded): offset += encoded.count
                case .error: break scan
                case .emptyInput: break scan
                }
            }
            var line = firstLine
            for k in 0..<offset {
                let byte = bytes[k]
                if byte == Byte.lf || (byte == Byte.cr && !(k + 1 < bytes.count && bytes[k + 1] == Byte.lf)) { line += 1 }
            }
            return line
        }

        private func failure(line: Int, _ problem: String) -> WinnowError {
            WinnowError(.badInput, file: file, "line \(line): \(problem)")
        }
    }
}
