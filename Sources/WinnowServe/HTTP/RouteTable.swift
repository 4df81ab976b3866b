import HTTPTypes

/// Every path the server answers and its methods, in one place: the 405 answer's `Allow` header and
/// the metrics' `route` label are read from it, so neither can drift from the router.
enum RouteTable {
    static let methods: [String: [HTTPRequest.Method]] = [
        "/": [.get, .head], "/app.js": [.get, .head], "/app.css": [.get, .head],
        "/healthz": [.get, .head], "/metrics": [.get, .head], "/v1/inventory": [.get, .head],
        "/v1/solve": [.post], "/v1/apply": [.post], "/mcp": [.post],
    ]

    /// The metrics label of a request path: the route itself, or `unmatched`.
    static func label(_ path: String) -> String { methods[path] == nil ? "unmatched" : path }

    static func allow(_ path: String) -> String? { methods[path].map { $0.map(\.rawValue).joined(separator: ", ") } }
}
