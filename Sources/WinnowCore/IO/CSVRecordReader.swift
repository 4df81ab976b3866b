#if canImport(Glibc)
import Glibc
#endif

/// Reads a CSV file one record at a time, in chunks, with the same rules and errors as `CSV.read`.
///
/// `solve --apply` streams a file through a row-local program: holding a million-row file as a table
/// costs hundreds of megabytes, and the program needs one record at a time. Memory is one chunk plus
/// the longest record (a record longer than the chunk grows it).
public final class CSVRecordReader {
    public let path: String
    private let fd: Int32
    private var buffer: [UInt8]
    /// The unread bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var atEndOfFile = false
    private var line = 1
    private var begun = false

    /// - Throws: `WinnowError(.missingInput)` when the file does not exist, is a folder or cannot be opened.
    public init(path: String, chunkSize: Int = 1 << 20) throws(WinnowError) {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else { throw WinnowError(.missingInput, file: path, "no such file") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw WinnowError(.missingInput, file: path, "is a directory, expected a CSV file") }
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw WinnowError(.missingInput, file: path, "cannot be read (\(String(cString: strerror(errno))))") }
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 4))
    }

    deinit { close(fd) }

    /// The next record, or `nil` after the last one.
    ///
    /// - Throws: the errors of `CSV.parse` (with the file's line numbers), and `.missingInput` when a
    ///   read fails.
    public func next() throws(WinnowError) -> [String]? {
        while true {
            if !begun, try fill() {
                begun = true
                let available = end - start
                if available >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF { start += 3 }
                if end == start, atEndOfFile { throw WinnowError(.badInput, file: path, "line 1: empty input: no rows") }
            }
            let final = atEndOfFile
            let (record, consumed, nextLine) = try buffer.withUnsafeBufferPointer { all throws(WinnowError) in
                var parser = CSV.Parser(bytes: UnsafeBufferPointer(rebasing: all[start..<end]), file: path, line: line)
                var i = 0
                let record = try parser.record(&i, final: final)
                return (record, i, parser.line)
            }
            if let record {
                start += consumed
                line = nextLine
                return record
            }
            if final { return nil }
            _ = try fill()
        }
    }

    /// Moves the unread bytes to the front and reads more (growing the buffer when it is full of one
    /// record); true when it had to wait for the first bytes of the file.
    @discardableResult
    private func fill() throws(WinnowError) -> Bool {
        let first = !begun && end == 0
        if start > 0 {
            buffer.withUnsafeMutableBufferPointer { b in
                guard let base = b.baseAddress else { return }
                memmove(base, base + start, end - start)
            }
            end -= start
            start = 0
        }
        if end == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
        while end < buffer.count {
            let count = buffer.withUnsafeMutableBufferPointer { b in read(fd, b.baseAddress! + end, b.count - end) }
            if count < 0 {
                if errno == EINTR { continue }
                throw WinnowError(.missingInput, file: path, "cannot be read (\(String(cString: strerror(errno))))")
            }
            if count == 0 {
                atEndOfFile = true
                break
            }
            end += count
        }
        return first
    }
}
