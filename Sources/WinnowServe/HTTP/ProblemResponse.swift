import Foundation
import Hummingbird

/// RFC 9457 problem documents: every refusal, whatever its cause, reaches the client in one shape it can
/// parse (`type`, `title`, `status`, `detail`, and `exit_code` where `winnow` has one).
enum ProblemResponse {
    static let mediaType = "application/problem+json"

    static func make(_ error: ServiceError, extraHeaders: HTTPFields = [:]) -> Response {
        var document: [String: Any] = ["type": error.type, "title": error.title, "status": error.status, "detail": error.detail]
        if let code = error.exitCode { document["exit_code"] = Int(code) }
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
        var headers = extraHeaders
        headers[.contentType] = mediaType
        switch error.kind {
        case .busy: headers[.retryAfter] = "1"
        case .draining, .outOfMemory: headers[.retryAfter] = "5"
        case .unauthorized: headers[.wwwAuthenticate] = "Bearer realm=\"winnow\""
        default: break
        }
        return Response(
            status: HTTPResponse.Status(code: error.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
