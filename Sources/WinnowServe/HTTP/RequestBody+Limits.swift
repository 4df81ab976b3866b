import Foundation
import Hummingbird

extension Request {
    /// The media type the body claims, without parameters, lower-cased.
    var mediaType: String? {
        headers[.contentType].map { $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "" }
    }

    /// Refuses a body of another media type; a missing Content-Type is read as `expected` (curl -d sends
    /// form encoding, but a body that is not the expected type fails to parse with a clear message anyway).
    func requireMediaType(_ accepted: Set<String>) throws(ServiceError) {
        guard let type = mediaType, type != "application/x-www-form-urlencoded" else { return }
        if !accepted.contains(type) {
            throw ServiceError(
                .unsupportedMediaType, "\(uri.path) reads \(accepted.sorted().joined(separator: " or ")), not \(type)")
        }
    }

    /// The whole body, refused with 413 once it passes `limit` bytes: at once when Content-Length says
    /// so, otherwise as soon as the bytes read pass it.
    func collectBody(limit: Int) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw ServiceError(.tooLarge, "the body is \(length) bytes, more than this server's \(limit) (--max-body-bytes)")
        }
        var collected = ByteBuffer()
        for try await chunk in body {
            if collected.readableBytes + chunk.readableBytes > limit {
                throw ServiceError(.tooLarge, "the body is more than this server's \(limit) bytes (--max-body-bytes)")
            }
            var chunk = chunk
            collected.writeBuffer(&chunk)
        }
        return collected
    }
}

extension WorkSlots {
    /// Runs `work` holding a slot, or refuses at once with 429 (busy) or 503 (draining).
    func withSlot<T>(_ work: () async throws -> T) async throws -> T {
        switch acquire() {
        case .busy: throw busyRefusal
        case .draining: throw ServiceError(.draining, "the server is shutting down; retry against its replacement")
        case .admitted:
            defer { release() }
            return try await work()
        }
    }
}

/// JSON answers, encoded with the settings every door shares (sorted keys, so answers diff cleanly).
enum JSONAnswer {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }
}
