import Foundation
import Testing
import WinnowServe

/// `winnow serve` as a process: what it refuses to start with, 429 when every slot is busy, and what
/// SIGTERM does to work in flight.
@Suite("winnow serve, the process", .serialized)
struct ServeCommandTests {
    /// `winnow`, built beside the test runner.
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("winnow").path
    }

    /// A task whose search runs until its timeout: the wanted cells are the input's texts recombined in
    /// a way no short program makes, so the frontier never empties within the node budget.
    static func slowTask(seconds: Double) -> String {
        let rows = (0..<12).map { i in "[\"k\(i)-\(i * 7 % 5)\", \"v\(i);w\(i * 3 % 4)\", \"\(i % 3)|\(i % 2)\"]" }.joined(separator: ", ")
        let wanted = (0..<12).map { i in "[\"\(i % 2)v\(i)\", \"w\(i * 3 % 4)k\(i)\(i * 7 % 5)\"]" }.joined(separator: ", ")
        return #"{"examples": [{"input": [\#(rows)], "output": [\#(wanted)]}], "timeout": \#(seconds)}"#
    }

    @Test func aNonLoopbackHostWithoutATokenIsAUsageError() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--host", "0.0.0.0", "--port", "0"]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        let message = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(message.contains("--token-file"))
    }

    @Test func onLoopbackAForeignHostNameIsRefusedAndLocalhostNamesAnswered() async throws {
        let server = try ServerProcess(executable: Self.binary, arguments: [])
        defer { _ = server.stop() }
        let rebound = try HTTPCall.raw(port: server.port, head: "GET /v1/inventory HTTP/1.1\r\nHost: evil.example:\(server.port)\r\nConnection: close\r\n\r\n")
        #expect(rebound.hasPrefix("HTTP/1.1 403"), "\(rebound.prefix(200))")
        #expect(rebound.contains("urn:winnow:problem:forbidden"))
        for name in ["localhost", "127.0.0.1", "[::1]"] {
            let local = try HTTPCall.raw(port: server.port, head: "GET /healthz HTTP/1.1\r\nHost: \(name):\(server.port)\r\nConnection: close\r\n\r\n")
            #expect(local.hasPrefix("HTTP/1.1 200"), "\(name): \(local.prefix(200))")
        }
    }

    @Test func whenEverySlotIsBusyTheNextRequestGets429WithRetryAfter() async throws {
        let server = try ServerProcess(executable: Self.binary, arguments: ["--max-in-flight", "1", "--max-nodes", "100000000"])
        defer { _ = server.stop() }
        let slow = Task { try await HTTPCall.post(port: server.port, path: "/v1/solve", body: Self.slowTask(seconds: 4)) }
        try await HTTPCall.waitForBusySlot(port: server.port)
        let refused = try await HTTPCall.post(port: server.port, path: "/v1/solve", body: #"{"input": "a\n", "example": "a\n"}"#)
        #expect(refused.status == 429)
        #expect(refused.headers["Retry-After"] == "1")
        #expect(refused.body.contains("urn:winnow:problem:busy"))
        let finished = try await slow.value
        #expect(finished.status == 200)
    }

    @Test func sigtermLetsWorkInFlightFinishAndRefusesNewRequestsWith503() async throws {
        let server = try ServerProcess(executable: Self.binary, arguments: ["--max-nodes", "100000000"])
        let slow = Task { try await HTTPCall.post(port: server.port, path: "/v1/solve", body: Self.slowTask(seconds: 4)) }
        try await HTTPCall.waitForBusySlot(port: server.port)
        kill(server.pid, SIGTERM)
        try await Task.sleep(for: .milliseconds(300))
        let health = try await HTTPCall.get(port: server.port, path: "/healthz")
        #expect(health.status == 503)
        let refused = try await HTTPCall.post(port: server.port, path: "/v1/solve", body: #"{"input": "a\n", "example": "a\n"}"#)
        #expect(refused.status == 503)
        #expect(refused.body.contains("urn:winnow:problem:draining"))
        let finished = try await slow.value
        #expect(finished.status == 200)
        #expect(finished.body.contains("\"exit_code\""))
        #expect(server.stop() == .exited(0))
    }
}
