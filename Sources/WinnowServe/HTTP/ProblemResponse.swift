import Foundation
import Hummingbird

/// RFC 9457 problem documents: every refusal, whatever its cause, reaches the client in one shape it can
/// parse (`type`, `title`, `status`, `detail`, and `exit_code` where `winnow` has one).
enum ProblemResponse {
    static let mediaType = "application/problem+json"

    static func make(_ error: ServiceError, extraHeaders: HTTPFields = [:]) -> Response {
        Response(status: HTTPResponse.Status(code: error.status), headers: headers(error, extraHeaders), body: ResponseBody(byteBuffer: body(error)))
    }

    /// The document's bytes; a server under overload writes the same 429 thousands of times a second,
    /// so callers that refuse often keep these and send them again (`WorkSlots`).
    static func body(_ error: ServiceError) -> ByteBuffer {
        var document: [String: Any] = ["type": error.type, "title": error.title, "status": error.status, "detail": error.detail]
        if let code = error.exitCode { document["exit_code"] = Int(code) }
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
        return ByteBuffer(bytes: data)
    }

    static func headers(_ error: ServiceError, _ extraHeaders: HTTPFields = [:]) -> HTTPFields {
        var headers = extraHeaders
        headers[.contentType] = mediaType
        switch error.kind {
        case .busy: headers[.retryAfter] = "1"
        case .draining, .outOfMemory: headers[.retryAfter] = "5"
        case .unauthorized: headers[.wwwAuthenticate] = "Bearer realm=\"winnow\""
        default: break
        }
        return headers
    }
}
