import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import WinnowTestSupport

/// Where the real-server tests find llama.cpp's server and a Python with `gguf`.
///
/// `Tests/RealServers/run-tests.sh` (the README's test command, and so CI's) builds both and sets
/// the variables. A plain `swift test` without them skips these tests; under CI=true their absence
/// fails the run instead, so CI can never pass without talking to a real server.
enum RealServerSetup {
    static let environment = ProcessInfo.processInfo.environment

    static var llamaServer: String? { value("WINNOW_LLAMA_SERVER") }
    static var ggufPython: String? { value("WINNOW_GGUF_PYTHON") }
    static var configured: Bool { llamaServer != nil && ggufPython != nil }
    static var inCI: Bool { environment["CI"] == "true" }

    static let skipped: Comment =
        "no real server: set WINNOW_LLAMA_SERVER and WINNOW_GGUF_PYTHON, or run Tests/RealServers/run-tests.sh"

    private static func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `winnow` executable `swift test` built beside the test runner.
    static var winnow: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("winnow")
    }
}

/// The two tiny models `Tests/RealServers/make_models.py` writes, in a folder removed with this value.
final class TinyModels {
    let folder: TemporaryFolder
    var random: String { folder.path("random.gguf") }
    var scripted: String { folder.path("scripted.gguf") }

    init() async throws {
        folder = try TemporaryFolder()
        let python = try #require(RealServerSetup.ggufPython)
        let script = RealServerSetup.packageRoot.appendingPathComponent("Tests/RealServers/make_models.py").path
        let result = try await runProcess(URL(fileURLWithPath: python), [script, folder.url.path])
        try #require(result.status == 0, "make_models.py failed: \(result.stderr)")
    }
}

/// One llama-server process on loopback, serving one model under a fixed alias; `stop()` ends it
/// and waits for it, so no test leaves a server behind.
final class LlamaServer {
    static let alias = "tiny"

    let process = Process()
    /// Signalled once by the termination handler, and put back by `stop()` so it can run again.
    private let exited = DispatchSemaphore(value: 0)
    let port: Int
    let logFolder: TemporaryFolder
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    var root: String { "http://127.0.0.1:\(port)" }

    /// Starts the server with `slots` parallel slots (`-np`) and waits until /health says it is ready.
    init(model: String, slots: Int = 2) async throws {
        let binary = try #require(RealServerSetup.llamaServer)
        port = try freeLoopbackPort()
        logFolder = try TemporaryFolder()
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFolder.write("server.log", "")))
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "-m", model, "-a", Self.alias, "--host", "127.0.0.1", "--port", String(port), "--jinja",
            "-np", String(slots), "-c", String(4096 * slots), "-t", "1", "--no-webui",
        ]
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
        try log.close()
        do {
            try await waitUntilHealthy()
        } catch {
            stop()
            throw error
        }
    }

    /// What the server wrote, for a failure message.
    var log: String { (try? String(contentsOfFile: logFolder.path("server.log"), encoding: .utf8)) ?? "" }

    private func waitUntilHealthy() async throws {
        for _ in 0..<600 {
            guard !hasExited else {
                throw RealServerError("llama-server exited with \(process.terminationStatus) before it was ready:\n\(log.suffix(2000))")
            }
            if let reply = try? await http("GET", root + "/health"), reply.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw RealServerError("llama-server was not ready after 60 s:\n\(log.suffix(2000))")
    }

    /// Kills the server and returns once it has exited. SIGKILL, because a child of the test
    /// runner inherits its threads' signal mask, with SIGTERM and SIGINT blocked; the server keeps
    /// nothing worth a clean shutdown.
    func stop() {
        if hasExited { return }
        kill(process.processIdentifier, SIGKILL)
        exited.wait()
        exited.signal()
    }

    private var hasExited: Bool {
        guard exited.wait(timeout: .now()) == .success else { return false }
        exited.signal()
        return true
    }

    /// POSTs a chat completion built from `fields` (messages default to one user turn).
    func chat(_ fields: [String: any Sendable]) async throws -> HTTPReply {
        var body: [String: any Sendable] = [
            "model": Self.alias, "messages": [["role": "user", "content": "Say something."]], "max_tokens": 24,
        ]
        body.merge(fields) { $1 }
        return try await http("POST", baseURL + "/chat/completions", body: JSONSerialization.data(withJSONObject: body))
    }
}

struct RealServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A status and a body; `json` parses the body.
struct HTTPReply: Sendable {
    var status: Int
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }

    /// `choices[i].message.content`, in order.
    var contents: [String] {
        (json["choices"] as? [[String: Any]] ?? []).map { (($0["message"] as? [String: Any])?["content"] as? String) ?? "" }
    }

    var promptTokens: Int? { (json["usage"] as? [String: Any])?["prompt_tokens"] as? Int }
}

func http(_ method: String, _ url: String, body: Data? = nil) async throws -> HTTPReply {
    var request = URLRequest(url: try #require(URL(string: url)))
    request.httpMethod = method
    request.timeoutInterval = 60
    if let body {
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    return HTTPReply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
}

/// A port nothing listens on now: bound to 127.0.0.1:0 and released. Another process could take it
/// before the server does; the server would then fail to start and the test says so.
func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw RealServerError("socket() failed: errno \(errno)") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else { throw RealServerError("cannot bind a loopback port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Runs `winnow` as a user does.
func winnow(_ arguments: [String], in folder: URL? = nil) async throws -> ProcessOutput {
    try await runProcess(RealServerSetup.winnow, arguments, in: folder)
}

/// Parses one JSON object from text.
func jsonObject(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(text.prefix(300))")
}
