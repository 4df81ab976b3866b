import Foundation
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port) that answers with scripted replies, so
/// the real client is tested over a real socket, not through a mock.
public final class ScriptedOpenAIServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var body: [String: any Sendable]
        public var headers: [String: String]
    }

    public struct Reply: Sendable {
        public var status: Int
        public var body: String
        /// Wait this long before answering (a slow server).
        public var delaySeconds: Double = 0

        public init(status: Int, body: String, delaySeconds: Double = 0) {
            self.status = status
            self.body = body
            self.delaySeconds = delaySeconds
        }

        public static func completion(_ texts: [String], promptTokens: Int = 10, completionTokens: Int = 5) -> Reply {
            let choices = texts.enumerated().map { index, text -> [String: Any] in
                ["index": index, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]
            }
            let object: [String: Any] = [
                "id": "chatcmpl-test", "object": "chat.completion", "choices": choices,
                "usage": ["prompt_tokens": promptTokens, "completion_tokens": completionTokens],
            ]
            return Reply(status: 200, body: String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }

        public static func error(_ status: Int, _ message: String) -> Reply {
            Reply(status: status, body: #"{"error":{"code":\#(status),"message":"\#(message)","type":"server_error"}}"#)
        }
    }

    public let port: UInt16
    private let listener: Int32
    private let script: @Sendable (Request, Int) -> Reply
    private let received = Mutex<[Request]>([])

    /// Starts listening; `script` gets each request and its index (from 0) and says what to answer.
    public init(_ script: @escaping @Sendable (Request, Int) -> Reply) throws {
        self.script = script
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [self] in self.serve() }
        thread.start()
    }

    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    /// Every request received so far, in order.
    public var requests: [Request] { received.withLock { $0 } }

    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            Thread { [self] in self.handle(connection) }.start()
        }
    }

    private func handle(_ connection: Int32) {
        defer { close(connection) }
        guard let request = Self.read(connection) else { return }
        let index = received.withLock { list in
            list.append(request)
            return list.count - 1
        }
        let reply = script(request, index)
        if reply.delaySeconds > 0 { Thread.sleep(forTimeInterval: reply.delaySeconds) }
        let body = Array(reply.body.utf8)
        let head = "HTTP/1.1 \(reply.status) Scripted\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + body
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(connection, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            sent += n
        }
    }

    /// Reads one request: headers to the blank line, then Content-Length bytes of body.
    private static func read(_ connection: Int32) -> Request? {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            if let end = headerEnd, data.count >= end + contentLength { break }
            let n = recv(connection, &buffer, buffer.count, 0)
            guard n > 0 else { return nil }
            data += buffer[0..<n]
            if headerEnd == nil, let range = data.firstRange(of: Array("\r\n\r\n".utf8)) {
                headerEnd = range.upperBound
                let head = String(decoding: data[..<range.lowerBound], as: UTF8.self)
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        let head = String(decoding: data[..<(headerEnd! - 4)], as: UTF8.self).split(separator: "\r\n")
        let requestLine = head.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        let bodyBytes = Data(data[headerEnd!...])
        let body = (try? JSONSerialization.jsonObject(with: bodyBytes) as? [String: Any]) ?? [:]
        return Request(
            method: requestLine.first.map(String.init) ?? "", path: requestLine.dropFirst().first.map(String.init) ?? "",
            body: body.mapValues { SendableJSON.wrap($0) }, headers: headers)
    }
}

/// JSON values carried across threads in a test.
public enum SendableJSON {
    public static func wrap(_ value: Any) -> any Sendable {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.doubleValue
        case let list as [Any]: return list.map(wrap)
        case let object as [String: Any]: return object.mapValues(wrap)
        default: return "null"
        }
    }
}
