import Foundation

/// Where `winnow serve` listens and who may talk to it.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 asks the kernel for a free port; the address printed on start says which.
    public var port: Int
    /// The bearer token every request must carry; required off loopback.
    public var token: String?
    /// Where streamed CSV bodies are spooled while a program runs over them.
    public var spoolDirectory: String

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, spoolDirectory: String = NSTemporaryDirectory()) {
        self.host = host
        self.port = port
        self.token = token
        self.spoolDirectory = spoolDirectory
    }

    /// Whether the address only this machine can reach is the one bound: then no token is needed, but
    /// the Host header is checked so a web page elsewhere cannot reach the server through DNS rebinding.
    public var isLoopback: Bool { Self.loopbackNames.contains(host.lowercased()) || host.hasPrefix("127.") }

    static let loopbackNames: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]
}
