import Foundation

/// Writes files so that readers see either the old content or the whole new content, never a part.
///
/// Every output Winnow writes goes through here: a crash or a full disk mid-write must not leave a
/// truncated CSV or results file that a later `--resume` would trust.
public enum AtomicFile {
    /// Writes `data` to a temporary file in the destination folder, syncs it, then renames it into place.
    public static func write(_ data: Data, to path: String) throws(WinnowError) {
        let writer = try Writer(path: path)
        try writer.write(data)
        try writer.commit()
    }

    /// A file written in pieces and renamed into place only by `commit()`: a stream that fails half
    /// way (a row its program cannot handle, a full disk) leaves nothing behind (the temporary file is
    /// removed when the writer goes away uncommitted).
    public final class Writer {
        public let path: String
        private let temporary: String
        private let handle: FileHandle
        private var committed = false

        public init(path: String) throws(WinnowError) {
            self.path = path
            let url = URL(fileURLWithPath: path)
            let folder = url.deletingLastPathComponent()
            temporary = folder.appendingPathComponent(
                ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp").path
            guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
                throw WinnowError(.cannotWrite, file: path, "cannot create a file in \(folder.path)")
            }
            self.handle = handle
        }

        public func write(_ bytes: some DataProtocol) throws(WinnowError) {
            do {
                try handle.write(contentsOf: bytes)
            } catch {
                throw WinnowError(.cannotWrite, file: path, "write failed (\(error.localizedDescription))")
            }
        }

        /// Syncs the file and renames it into place.
        public func commit() throws(WinnowError) {
            do {
                try handle.synchronize()
                try handle.close()
            } catch {
                throw WinnowError(.cannotWrite, file: path, "write failed (\(error.localizedDescription))")
            }
            guard rename(temporary, path) == 0 else {
                throw WinnowError(.cannotWrite, file: path, "cannot move the finished file into place (\(String(cString: strerror(errno))))")
            }
            committed = true
        }

        deinit {
            if !committed {
                try? handle.close()
                try? FileManager.default.removeItem(atPath: temporary)
            }
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to path: String) throws(WinnowError) {
        try write(Data(text.utf8), to: path)
    }
}
