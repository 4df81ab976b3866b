import Foundation
import Hummingbird

/// The checks every request passes before a route sees it, and the one place errors become answers.
///
/// In order: the Host header (on loopback), the token (when the server has one), draining. Whatever a
/// route throws, a `ServiceError` or Hummingbird's own (unknown path, body too large), leaves as a
/// problem document; nothing reaches the client as a bare 500 or a closed connection.
struct GuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let configuration: ServerConfiguration
    let slots: WorkSlots
    let metrics: ServeMetrics

    /// The cookie the page's requests carry the token in, set by `GET /?token=…`.
    static var cookieName: String { "winnow_token" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            try checkHost(request)
            if let redirect = try checkToken(request) {
                response = redirect
            } else if slots.isDraining {
                response = request.uri.path == "/healthz"
                    ? HealthRoute.answer(draining: true)
                    : ProblemResponse.make(ServiceError(.draining, "the server is shutting down; retry against its replacement"))
            } else {
                response = try await next(request, context)
            }
        } catch let error as ServiceError {
            response = error == slots.busyRefusal ? slots.busyResponse() : ProblemResponse.make(error)
        } catch let error as any HTTPResponseError {
            response = Self.problem(for: error, request: request)
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = ProblemResponse.make(ServiceError(.internalFailure, "the server failed on this request; the log has the cause"))
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        metrics.record(
            route: RouteTable.label(request.uri.path), method: request.method.rawValue, status: response.status.code,
            duration: ContinuousClock.now - started)
        return response
    }

    private static func problem(for error: any HTTPResponseError, request: Request) -> Response {
        switch error.status {
        case .notFound:
            if let allow = RouteTable.allow(request.uri.path) {
                return ProblemResponse.make(
                    ServiceError(.methodNotAllowed, "\(request.uri.path) takes \(allow), not \(request.method.rawValue)"),
                    extraHeaders: [.allow: allow])
            }
            return ProblemResponse.make(ServiceError(.notFound, "no route \(request.uri.path); see GET / for the page and docs/openapi.json for the API"))
        case .contentTooLarge:
            return ProblemResponse.make(ServiceError(.tooLarge, "the body is larger than this server accepts"))
        default:
            let kind: ServiceError.Kind = error.status.code >= 500 ? .internalFailure : .badInput
            return ProblemResponse.make(ServiceError(kind, "\(error.status.reasonPhrase)"))
        }
    }

    private func checkHost(_ request: Request) throws(ServiceError) {
        guard configuration.isLoopback else { return }
        guard let authority = request.head.authority else { return }
        let host: Substring
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[...close]
        } else {
            host = authority.split(separator: ":", maxSplits: 1).first ?? ""
        }
        if !ServerConfiguration.loopbackNames.contains(host.lowercased()) && !host.hasPrefix("127.") {
            throw ServiceError(.forbidden, "this server listens on loopback and answers only to localhost names, not \"\(host)\"")
        }
    }

    /// Nothing when the request may go on; a redirect that sets the cookie for `GET /?token=…`.
    private func checkToken(_ request: Request) throws(ServiceError) -> Response? {
        guard let token = configuration.token else { return nil }
        if request.method == .get, request.uri.path == "/", let offered = request.uri.queryParameters.get("token") {
            guard Self.same(offered, token) else { throw ServiceError(.unauthorized, "the token in the address is wrong") }
            var headers: HTTPFields = [.location: "/"]
            headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
            return Response(status: .seeOther, headers: headers)
        }
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "), Self.same(String(authorization.dropFirst(7)), token) else {
                throw ServiceError(.unauthorized, "the Authorization header does not carry this server's token (Authorization: Bearer TOKEN)")
            }
            return nil
        }
        if let cookie = request.cookies[Self.cookieName], Self.same(cookie.value, token) { return nil }
        throw ServiceError(.unauthorized, "this server needs its token: send Authorization: Bearer TOKEN, or open the address `winnow serve` printed")
    }

    /// Compares in time that depends on the lengths only, so the token cannot be guessed byte by byte.
    static func same(_ offered: String, _ token: String) -> Bool {
        let (a, b) = (Array(offered.utf8), Array(token.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
