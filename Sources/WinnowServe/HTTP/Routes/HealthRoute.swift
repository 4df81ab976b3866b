import Hummingbird

/// `GET /healthz`: 200 while the server takes work, 503 while it drains, so a load balancer stops
/// sending requests before the process exits.
enum HealthRoute {
    static func answer(draining: Bool) -> Response {
        let body = draining ? #"{"status":"draining"}"# : #"{"status":"ok"}"#
        return Response(
            status: draining ? .serviceUnavailable : .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
