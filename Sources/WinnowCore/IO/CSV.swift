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
        for row in table.rows {
            if row.count == 1, row[0].isEmpty {
                out.append(Byte.quote)
                out.append(Byte.quote)
            } else {
                for (index, cell) in row.enumerated() {
                    if index > 0 { out.append(Byte.comma) }
                    appendField(cell, to: &out, atStart: out.isEmpty)
                }
            }
            out.append(Byte.cr)
            out.append(Byte.lf)
        }
        return String(decoding: out, as: UTF8.self)
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
    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let file: String
        var line = 1
        /// Holds a quoted field's text while its doubled quotes are collapsed.
        var scratch: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
            self.bytes = bytes
            self.file = file
        }

        mutating func parse() throws(WinnowError) -> Table {
            let n = bytes.count
            var i = 0
            if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
            guard i < n else { throw failure(line: 1, "empty input: no rows") }

            var rows: [[String]] = []
            var row: [String] = []
            while true {
                // The cursor is at the start of a field.
                if i < n, bytes[i] == Byte.quote {
                    row.append(try quotedField(&i))
                } else {
                    let start = i
                    while i < n {
                        let byte = bytes[i]
                        if byte == Byte.comma || byte == Byte.lf || byte == Byte.cr { break }
                        if byte == Byte.quote {
                            throw failure(line: line, "a quote inside an unquoted field (quote the whole field and write a quote as \"\")")
                        }
                        i += 1
                    }
                    row.append(start == i ? "" : try text(start..<i))
                }
                if i < n, bytes[i] == Byte.comma {
                    i += 1
                    continue
                }
                // End of a record: a line ending or the end of the input.
                let width = row.count
                rows.append(row)
                row = []
                row.reserveCapacity(width)
                guard i < n else { break }
                if bytes[i] == Byte.cr, i + 1 < n, bytes[i + 1] == Byte.lf { i += 2 } else { i += 1 }
                line += 1
                guard i < n else { break }
            }
            return Table(rows)
        }

        /// Reads a quoted field whose opening quote is at `i`; leaves `i` after the closing quote.
        private mutating func quotedField(_ i: inout Int) throws(WinnowError) -> String {
            let n = bytes.count
            let startLine = line
            i += 1
            var segmentStart = i
            var collapsed = false
            scratch.removeAll(keepingCapacity: true)
            while true {
                guard i < n else { throw failure(line: startLine, "unterminated quoted field (no closing quote)") }
                let byte = bytes[i]
                if byte == Byte.quote {
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

        private func validated(_ buffer: UnsafeBufferPointer<UInt8>) throws(WinnowError) -> String {
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
            var line = 1
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
