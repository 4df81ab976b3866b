import Foundation
import HTTPTypes
import Hummingbird
import MCP

/// `POST /mcp`: the MCP tools over Streamable HTTP, stateless, each request answered with one JSON body.
///
/// Every POST gets a server of its own, started on the SDK's stateless transport and stopped with the
/// answer: the SDK's server refuses a second `initialize`, so one shared server would serve only the
/// first client, and the tools keep nothing between calls that a session would carry. No session id
/// is issued and there is no GET stream (GET answers 405 from the route table).
///
/// The guard has already checked the Host header and the token. The body is read up to
/// `--max-body-bytes`; a `tools/call` then takes a work slot like `POST /v1/solve`, so a full server
/// answers 429 with Retry-After. The slot is taken after the body is read, unlike the other routes,
/// because only the body says whether the request is work: `initialize` and `tools/list` must still be
/// answered while every slot is busy. Malformed JSON-RPC, a wrong media type or Accept header are
/// answered by the SDK's validators as JSON-RPC errors with their HTTP status, which MCP clients read.
struct MCPHTTPEndpoint: Sendable {
    let tools: WinnowTools
    let slots: WorkSlots
    let maxBodyBytes: Int
    let validation: StandardValidationPipeline

    init(service: SolveService, slots: WorkSlots, metrics: ServeMetrics, configuration: ServerConfiguration) {
        tools = WinnowTools(service: service, slots: nil) { answer in
            metrics.recordSolve(answer.result)
        }
        self.slots = slots
        maxBodyBytes = service.limits.maxBodyBytes
        // A browser's requests carry an Origin; on loopback only a page served from a loopback address
        // may send them (DNS rebinding), and off loopback no page may, since the token is the only guard.
        let origins = configuration.isLoopback ? OriginValidator.localhost() : OriginValidator(allowedHosts: [], allowedOrigins: [])
        validation = StandardValidationPipeline(validators: [
            origins, AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
        ])
    }

    func add<Context: Hummingbird.RequestContext>(to router: Router<Context>) {
        router.post("/mcp") { request, _ in try await respond(request) }
    }

    func respond(_ request: Hummingbird.Request) async throws -> Hummingbird.Response {
        let body = Data(try await request.collectBody(limit: maxBodyBytes).readableBytesView)
        let message = MCP.HTTPRequest(method: "POST", headers: Self.headers(request.headers), body: body, path: request.uri.path)
        if Self.callsTool(body) {
            return try await slots.withSlot { await answer(message) }
        }
        return await answer(message)
    }

    private func answer(_ message: MCP.HTTPRequest) async -> Hummingbird.Response {
        let transport = StatelessHTTPServerTransport(validationPipeline: validation)
        let server = await tools.makeServer()
        let answer: MCP.HTTPResponse
        do {
            try await server.start(transport: transport)
            answer = await transport.handleRequest(message)
        } catch {
            answer = .error(statusCode: 500, .internalError("the MCP server could not start: \(error)"))
        }
        await server.stop()
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        return Hummingbird.Response(
            status: .init(code: answer.statusCode), headers: headers,
            body: answer.bodyData.map { ResponseBody(byteBuffer: ByteBuffer(bytes: $0)) } ?? ResponseBody())
    }

    /// The header fields as the SDK's validators read them. Host is left out: the guard checks it
    /// against the configured address, which the SDK's loopback rule does not know.
    private static func headers(_ fields: HTTPFields) -> [String: String] {
        var headers: [String: String] = [:]
        for field in fields where field.name.canonicalName != "host" {
            headers[field.name.canonicalName] = headers[field.name.canonicalName].map { "\($0), \(field.value)" } ?? field.value
        }
        return headers
    }

    /// Whether the body is a `tools/call`, the only request that searches or runs a program (the
    /// stateless transport refuses batches).
    private static func callsTool(_ body: Data) -> Bool {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        return object?["method"] as? String == CallTool.name
    }
}
