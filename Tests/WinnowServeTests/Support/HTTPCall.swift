import Foundation
import WinnowServe
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain HTTP calls to a `winnow serve` process on loopback.
enum HTTPCall {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static func post(port: Int, path: String, body: String, contentType: String = "application/json") async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        request.timeoutInterval = 60
        return try await send(request)
    }

    static func get(port: Int, path: String) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 60
        return try await send(request)
    }

    private static func send(_ request: URLRequest) async throws -> Reply {
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: headers, body: String(decoding: data, as: UTF8.self))
    }

    /// Sends `head` as written over a fresh connection and returns everything the server answers
    /// until it closes: for requests URLSession would rewrite, such as a foreign Host header.
    static func raw(port: Int, head: String) throws -> String {
        guard let fd = LoopbackSocket.connect(port: port) else { throw POSIXError(.ECONNREFUSED) }
        defer { close(fd) }
        let bytes = Array(head.utf8)
        guard Glibc.send(fd, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(.EIO) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// Waits until the server reports a request holding a work slot (its `/metrics` gauge), so a test
    /// acts while that request is certainly in flight.
    static func waitForBusySlot(port: Int) async throws {
        for _ in 0..<500 {
            let metrics = try await get(port: port, path: "/metrics")
            if metrics.body.contains("winnow_http_work_slots_busy 1") { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CancellationError()
    }
}
