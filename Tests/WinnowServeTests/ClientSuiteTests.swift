import Foundation
import Testing
import WinnowServe

/// `winnow serve` driven by the clients its users have: a real browser on the page (Selenium and
/// headless Chromium), the reference Python MCP client, and schemathesis against docs/openapi.json.
///
/// They need the Python venv and chromedriver that `Tests/RealServers/prepare.sh` provides
/// (`WINNOW_CLIENT_PYTHON`, `WINNOW_CHROMEDRIVER`); without them the suite is skipped on a
/// developer's machine and fails under CI (`CI=true`), where skipping would hide a regression.
@Suite("winnow serve against real clients", .serialized)
struct ClientSuiteTests {
    static let environment = ProcessInfo.processInfo.environment
    static var python: String? { environment["WINNOW_CLIENT_PYTHON"] }
    static var chromedriver: String? { environment["WINNOW_CHROMEDRIVER"] }
    static var clients: URL { TestServers.packageRoot.appendingPathComponent("Tests/Clients") }

    static func requirements() throws -> (python: String, chromedriver: String)? {
        if let python, let chromedriver { return (python, chromedriver) }
        if environment["CI"] == "true" {
            throw ClientSuiteFailure("WINNOW_CLIENT_PYTHON and WINNOW_CHROMEDRIVER are unset: run the tests through Tests/RealServers/run-tests.sh")
        }
        return nil
    }

    @Test func thePageSolvesAnUploadedFileInARealBrowserAndItsDownloadsMatch() async throws {
        guard let (python, chromedriver) = try Self.requirements() else { return }
        let server = try ServerProcess(executable: ServeCommandTests.binary, arguments: [])
        defer { _ = server.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(python, ["page_test.py", "--base-url", server.address, "--chromedriver", chromedriver, "--workdir", folder.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("page test: ok"))
    }

    @Test func theReferenceMCPClientUsesTheToolsOverStdioAndHTTP() async throws {
        guard let (python, _) = try Self.requirements() else { return }
        let run = try Self.run(python, ["mcp_client_test.py", "--winnow", ServeCommandTests.binary])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("mcp client test: ok"))
    }

    @Test func schemathesisFindsNoServerErrorAndNoAnswerOutsideTheOpenAPIDocument() async throws {
        guard let (python, _) = try Self.requirements() else { return }
        let server = try ServerProcess(executable: ServeCommandTests.binary, arguments: [])
        defer { _ = server.stop() }
        let spec = TestServers.packageRoot.appendingPathComponent("docs/openapi.json").path
        let run = try Self.run(python, ["schemathesis_run.py", "--base-url", server.address, "--spec", spec])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("schemathesis: ok"))
        #expect(server.exitStatus() == nil, "the server died under schemathesis: \(server.stderrTail)")
    }

    /// Runs a client script from Tests/Clients, its stdout and stderr together.
    static func run(_ python: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.currentDirectoryURL = clients
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

struct ClientSuiteFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
