import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The two files a streamed apply works through: the request body as it arrives, and the result before
/// it is sent. Both are removed when the answer has been written or the request fails.
struct SpoolFiles: Sendable {
    let input: String
    let output: String

    init(directory: String) {
        let stem = (directory as NSString).appendingPathComponent("winnow-serve-\(UUID().uuidString)")
        input = stem + ".in.csv"
        output = stem + ".out.csv"
    }

    /// Writes the body to `input`, refusing it with 413 once it passes `limit` bytes.
    func receive(_ body: RequestBody, limit: Int) async throws {
        guard FileManager.default.createFile(atPath: input, contents: nil), let handle = FileHandle(forWritingAtPath: input) else {
            throw ServiceError(.internalFailure, "cannot create a spool file in the spool directory (--spool-dir)")
        }
        defer { try? handle.close() }
        var received = 0
        for try await chunk in body {
            received += chunk.readableBytes
            if received > limit {
                throw ServiceError(.tooLarge, "the CSV body is more than this server's \(limit) bytes (--max-stream-bytes)")
            }
            try handle.write(contentsOf: chunk.readableBytesView)
        }
        if received == 0 { throw ServiceError(.badInput, "apply: the CSV body is empty") }
    }

    /// A response that streams `output` and then removes both files.
    func answer(rows: Int) throws -> Response {
        guard let handle = FileHandle(forReadingAtPath: output) else {
            throw ServiceError(.internalFailure, "the result file cannot be read back")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? nil
        try? FileManager.default.removeItem(atPath: input)
        let path = output
        var headers: HTTPFields = [.contentType: "text/csv; charset=utf-8"]
        headers[HTTPField.Name("Winnow-Rows")!] = String(rows)
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody(contentLength: size) { writer in
                defer {
                    try? handle.close()
                    try? FileManager.default.removeItem(atPath: path)
                }
                while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            })
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: input)
        try? FileManager.default.removeItem(atPath: output)
    }
}
