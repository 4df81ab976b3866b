import Foundation
import Hummingbird
import MCP
import Testing
import WinnowServe
import WinnowTables

/// The MCP tools through the SDK's own client: in process, over `POST /mcp` of a real `winnow serve`,
/// and over the stdio of a real `winnow mcp`.
@Suite("MCP tools")
struct MCPToolTests {
    /// A shipped task as `solve_table` arguments (the tool takes no `answers`), and its answers.
    static func shippedTask(_ name: String) throws -> (arguments: [String: Value], answers: [[[String]]]) {
        var task = try #require(try JSONSerialization.jsonObject(with: try TestServers.task(name)) as? [String: Any])
        let answers = try #require(task.removeValue(forKey: "answers") as? [[[String]]])
        task["domain"] = nil
        return (try #require(try MCPTestValues.value(task).objectValue), answers)
    }

    static let names = "split-last-first-names"

    // MARK: In process

    @Test func theThreeToolsAreListedWithClosedInputSchemasAndOutputSchemas() async throws {
        try await InProcess.withClient { client in
            let (tools, _) = try await client.listTools()
            #expect(tools.map(\.name) == ["solve_table", "apply_program", "explain_program"])
            for tool in tools {
                let input = try #require(tool.inputSchema.objectValue)
                #expect(input["type"] == "object")
                #expect(input["additionalProperties"] == false, "\(tool.name)")
                #expect(input["required"]?.arrayValue?.isEmpty == false, "\(tool.name)")
                let output = try #require(tool.outputSchema?.objectValue, "\(tool.name) has no output schema")
                #expect(output["type"] == "object")
                #expect(tool.annotations.readOnlyHint == true)
            }
            let solve = try #require(tools.first?.inputSchema.objectValue?["properties"]?.objectValue)
            #expect(Set(solve.keys) == ["examples", "queries", "id", "timeout", "script"])
            let answer = try #require(tools.first?.outputSchema?.objectValue?["required"]?.arrayValue)
            #expect(answer.contains("exit_code") && answer.contains("alternatives") && answer.contains("ambiguity"))
        }
    }

    @Test func solveTableCommitsAProgramThatGivesTheTasksAnswersAndApplyAndExplainReuseIt() async throws {
        let (arguments, answers) = try Self.shippedTask(Self.names)
        try await InProcess.withClient { client in
            let solved = try await client.call("solve_table", arguments)
            #expect(solved.isError != true)
            let answer = try #require(solved.structuredContent?.objectValue)
            #expect(answer["exit_code"] == 0)
            #expect(answer["status"] == "solved")
            #expect(answer["task"] == "split-last-first-names")
            let expected = try MCPTestValues.value(answers)
            #expect(answer["outputs"] == expected)
            let program = try #require(answer["program"]?.arrayValue)
            #expect(!program.isEmpty)
            #expect(answer["steps"]?.arrayValue?.count == program.count)
            // The text content is the same answer, for clients that read only text.
            guard case .text(let text, _, _)? = solved.content.first else {
                Issue.record("no text content")
                return
            }
            #expect(try JSONDecoder().decode(Value.self, from: Data(text.utf8)) == solved.structuredContent)

            let table: Value = [["Nakamura, Yui", "E-2001", "Ops"], ["Silva, Rui", "E-2002", "Sales"]]
            let applied = try await client.call("apply_program", ["program": .array(program), "table": table])
            #expect(applied.isError != true)
            #expect(applied.structuredContent?.objectValue?["rows"] == [["Yui", "Nakamura", "Ops"], ["Rui", "Silva", "Sales"]])
            #expect(applied.structuredContent?.objectValue?["row_count"] == 2)

            let csv = try await client.call(
                "apply_program", ["program": .array(program), "csv": "name,id,team\n\"Diaz, Eva\",E-3,HR\n", "header": true])
            let csvRows = try #require(csv.structuredContent?.objectValue?["rows"]?.arrayValue, "\(csv.content)")
            #expect(csvRows.count == 2 && csvRows[1] == ["Eva", "Diaz", "HR"])

            let explained = try await client.call("explain_program", ["program": .array(program)])
            #expect(explained.isError != true)
            let steps = try #require(explained.structuredContent?.objectValue?["steps"]?.arrayValue)
            #expect(steps.count == program.count)
            #expect(steps.allSatisfy { $0.objectValue?["explanation"]?.stringValue?.isEmpty == false })
            #expect(explained.structuredContent?.objectValue?["script"]?.stringValue?.contains("def ") == true)
        }
    }

    @Test func aScriptIsAnsweredWhenAskedFor() async throws {
        var (arguments, _) = try Self.shippedTask(Self.names)
        arguments["script"] = true
        try await InProcess.withClient { client in
            let solved = try await client.call("solve_table", arguments)
            #expect(solved.structuredContent?.objectValue?["script"]?.stringValue?.contains("import") == true)
        }
    }

    @Test(arguments: [
        // An argument the schema does not list, even one the HTTP API reads.
        (#"{"examples": [], "frobnicate": 1}"#, "unknown argument \"frobnicate\""),
        (#"{"examples": [{"input": [["a"]], "output": [["a"]]}], "answers": []}"#, "unknown argument \"answers\""),
        (#"{"examples": "a table"}"#, "\"examples\" must be a non-empty list"),
        (#"{"examples": [{"input": [["a", 1]], "output": [["a"]]}]}"#, "row 0 cell 1"),
        (#"{"examples": [{"input": [["a"]], "output": [["a"]]}], "timeout": "soon"}"#, "\"timeout\" must be a number"),
        (#"{"examples": [{"input": [["a"]], "output": [["a"]]}], "script": 1}"#, "\"script\" must be true or false"),
        (#"{"queries": [{"input": [["a"]]}]}"#, "examples"),
    ])
    func badSolveArgumentsAreToolErrorsThatSayWhatIsWrong(json: String, message: String) async throws {
        let arguments = try #require(try JSONDecoder().decode(Value.self, from: Data(json.utf8)).objectValue)
        try await InProcess.withClient { client in
            let result = try await client.call("solve_table", arguments)
            #expect(result.isError == true)
            #expect(result.structuredContent == nil)
            #expect(result.errorText.contains(message), "\(result.errorText)")
        }
    }

    @Test func aTableLargerThanMaxCellsIsAToolErrorAndTheServerGoesOn() async throws {
        let rows = Value.array((0..<40).map { i in ["r\(i)", "x"] })
        try await InProcess.withClient(limits: ServeLimits(maxCells: 100)) { client in
            let result = try await client.call("solve_table", ["examples": [["input": rows, "output": rows]]])
            #expect(result.isError == true)
            #expect(result.errorText.contains("--max-cells"), "\(result.errorText)")
            let small = try await client.call("solve_table", ["examples": [["input": [["a", "b"]], "output": [["b"]]]]])
            #expect(small.isError != true)
        }
    }

    @Test func aRaggedTableIsAnsweredNotCrashedOn() async throws {
        try await InProcess.withClient { client in
            let result = try await client.call(
                "solve_table", ["examples": [["input": [["a", "b"], ["c"]], "output": [["b"], ["c"]]]], "timeout": 2])
            // Whatever the search makes of it, the answer is a tool result; the server still answers.
            #expect(result.isError == true || result.structuredContent?.objectValue?["exit_code"] != nil)
            #expect(try await client.listTools().tools.count == 3)
        }
    }

    @Test(arguments: [
        (#"{"program": ["frobnicate(everything)"], "table": [["a"]]}"#, "\"program\""),
        (#"{"program": "drop(column: 0)", "table": [["a"]]}"#, "\"program\" must be a list of strings"),
        (#"{"program": [], "table": [["a"]], "csv": "a\n"}"#, "not both"),
        (#"{"program": []}"#, "is missing"),
        (#"{"program": [], "table": [["a"]], "rows": 1}"#, "unknown argument \"rows\""),
    ])
    func badApplyArgumentsAreToolErrors(json: String, message: String) async throws {
        let arguments = try #require(try JSONDecoder().decode(Value.self, from: Data(json.utf8)).objectValue)
        try await InProcess.withClient { client in
            let result = try await client.call("apply_program", arguments)
            #expect(result.isError == true)
            #expect(result.errorText.contains(message), "\(result.errorText)")
        }
    }

    @Test func aGarbageProgramLineToExplainIsAToolError() async throws {
        try await InProcess.withClient { client in
            let result = try await client.call("explain_program", ["program": ["this is not a step"]])
            #expect(result.isError == true)
            #expect(result.errorText.contains("explain request: \"program\""), "\(result.errorText)")
            let missing = try await client.call("explain_program", [:])
            #expect(missing.errorText.contains("\"program\" is missing"))
        }
    }

    @Test func anUnknownToolIsAProtocolErrorNotAToolResult() async throws {
        try await InProcess.withClient { client in
            await #expect(throws: MCPError.self) { _ = try await client.call("solve_everything", [:]) }
        }
    }

    @Test func overStdioACallBeyondTheWorkSlotsIsAToolErrorThatSaysBusy() async throws {
        let slots = WorkSlots(capacity: 1, metrics: ServeMetrics())
        #expect(slots.acquire() == .admitted)
        try await InProcess.withClient(slots: slots) { client in
            let (arguments, _) = try Self.shippedTask(Self.names)
            let refused = try await client.call("solve_table", arguments)
            #expect(refused.isError == true)
            #expect(refused.errorText.contains("busy"))
            slots.release()
            #expect(try await client.call("solve_table", arguments).isError != true)
        }
    }

    // MARK: POST /mcp in process

    @Test func postMCPAnswersJSONRPCAndTakesAWorkSlotOnlyForToolCalls() async throws {
        let server = try TestServers.server()
        try await TestServers.withClient(server) { client in
            let headers: HTTPFields = [.accept: "application/json, text/event-stream"]
            let initialize = #"{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}"#
            let call = #"{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "explain_program", "arguments": {"program": []}}}"#
            // Each request is answered alone, so two clients can each initialize.
            for _ in 0..<2 {
                let answer = try await client.post("/mcp", json: initialize, headers: headers)
                #expect(answer.status == 200, "\(answer.text)")
                let info = (answer.object["result"] as? [String: Any])?["serverInfo"] as? [String: Any]
                #expect(info?["name"] as? String == "winnow" && info?["version"] as? String == WinnowTools.serverVersion)
            }
            let explained = try await client.post("/mcp", json: call, headers: headers)
            #expect(((explained.object["result"] as? [String: Any])?["structuredContent"] as? [String: Any])?["steps"] as? [Any] != nil, "\(explained.text)")

            // Every slot busy: tool calls get 429, the handshake still works.
            while server.slots.acquire() == .admitted {}
            let refused = try await client.post("/mcp", json: call, headers: headers)
            #expect(refused.status == 429)
            #expect(refused.isProblem && refused.problemType == "urn:winnow:problem:busy")
            #expect(try await client.post("/mcp", json: initialize, headers: headers).status == 200)
        }
    }

    @Test func postMCPRefusesBadBodiesWithHTTPStatuses() async throws {
        try await TestServers.withClient(try TestServers.server(limits: ServeLimits(maxBodyBytes: 1000))) { client in
            let accept: HTTPFields = [.accept: "application/json"]
            let tooLarge = try await client.post("/mcp", json: #"{"jsonrpc": "2.0", "id": 1, "method": "ping", "pad": "\#(String(repeating: "x", count: 2000))"}"#, headers: accept)
            #expect(tooLarge.status == 413 && tooLarge.isProblem)
            let malformed = try await client.post("/mcp", json: "{not json", headers: accept)
            #expect(malformed.status == 400)
            #expect((malformed.object["error"] as? [String: Any])?["code"] as? Int == -32700)
            let noAccept = try await client.post("/mcp", json: #"{"jsonrpc": "2.0", "id": 1, "method": "ping"}"#)
            #expect(noAccept.status == 406)
            let foreignPage = try await client.post("/mcp", json: #"{"jsonrpc": "2.0", "id": 1, "method": "ping"}"#, headers: [.accept: "application/json", .origin: "http://evil.example"])
            #expect(foreignPage.status == 403)
            let get = try await client.get("/mcp")
            #expect(get.status == 405 && get.headers[.allow] == "POST")
        }
    }

    // MARK: Real processes

    @Test func winnowServeAnswersSolveTableOverStreamableHTTP() async throws {
        let server = try MCPTestProcess(["serve", "--port", "0"])
        defer { server.stop() }
        let port = try await server.listeningPort()
        let client = Client(name: "winnow-tests", version: "1")
        try await client.connect(transport: HTTPClientTransport(endpoint: URL(string: "http://127.0.0.1:\(port)/mcp")!, streaming: false))
        let (arguments, answers) = try Self.shippedTask(Self.names)
        #expect(try await client.listTools().tools.count == 3)
        let expected = try MCPTestValues.value(answers)
        let solved = try await client.call("solve_table", arguments)
        #expect(solved.structuredContent?.objectValue?["exit_code"] == 0)
        #expect(solved.structuredContent?.objectValue?["outputs"] == expected)
        let bad = try await client.call("apply_program", ["program": ["nonsense"], "table": [["a"]]])
        #expect(bad.isError == true)
        await client.disconnect()
    }

    @Test func winnowMCPAnswersOverStdioAndExitsCleanlyWhenStdinCloses() async throws {
        let process = try MCPTestProcess(["mcp"], pipeStdin: true)
        let client = Client(name: "winnow-tests", version: "1")
        let initialized = try await client.connect(
            transport: StdioTransport(input: .init(rawValue: process.stdout), output: .init(rawValue: process.stdin)))
        #expect(initialized.serverInfo.name == "winnow")
        let (arguments, answers) = try Self.shippedTask(Self.names)
        let expected = try MCPTestValues.value(answers)
        let solved = try await client.call("solve_table", arguments)
        #expect(solved.structuredContent?.objectValue?["outputs"] == expected)
        let bad = try await client.call("solve_table", ["examples": "none"])
        #expect(bad.isError == true)
        await client.disconnect()
        process.closeStdin()
        #expect(try await process.exitStatus() == 0, "\(process.stderrText)")
    }

    @Test func aToolCallStillInFlightWhenStdinClosesIsAnsweredBeforeWinnowMCPExits() async throws {
        let (arguments, answers) = try Self.shippedTask(Self.names)
        let call = try JSONEncoder().encode(CallTool.request(id: 7, .init(name: "solve_table", arguments: arguments)))
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            String(decoding: call, as: UTF8.self),
        ]
        let process = try MCPTestProcess(["mcp"], pipeStdin: true)
        process.write(lines.joined(separator: "\n") + "\n")
        process.closeStdin()
        let stdout = await process.stdoutLines()
        #expect(try await process.exitStatus() == 0, "\(process.stderrText)")
        let answers7 = stdout.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["id"] as? Int == 7 }
        let result = try #require(answers7.first?["result"] as? [String: Any], "no answer to the tool call in \(stdout)")
        #expect((result["structuredContent"] as? [String: Any])?["outputs"] as? [[[String]]] == answers)
    }
}

fileprivate extension Client {
    /// `tools/call` with the whole result, `structuredContent` included (`callTool` drops it).
    func call(_ name: String, _ arguments: [String: Value]) async throws -> CallTool.Result {
        try await send(CallTool.request(.init(name: name, arguments: arguments))).value
    }
}

fileprivate extension CallTool.Result {
    var errorText: String {
        content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }.joined(separator: "\n")
    }
}

/// A client connected in memory to the tools, served as `winnow mcp` serves them.
private enum InProcess {
    static func withClient(limits: ServeLimits = ServeLimits(), slots: WorkSlots? = nil, _ body: (Client) async throws -> Void) async throws {
        let service = try TestServers.service(limits: limits)
        let server = await WinnowTools(service: service, slots: slots).makeServer()
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        try await server.start(transport: serverSide)
        let client = Client(name: "winnow-tests", version: "1")
        try await client.connect(transport: clientSide)
        do {
            try await body(client)
        } catch {
            await client.disconnect()
            await server.stop()
            throw error
        }
        await client.disconnect()
        await server.stop()
    }
}

private enum MCPTestValues {
    /// A Foundation JSON object as an MCP value.
    static func value(_ object: Any) throws -> Value {
        try JSONDecoder().decode(Value.self, from: try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed]))
    }
}

/// `winnow` as a child process, its stderr collected.
private final class MCPTestProcess: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var stderrData = Data()

    /// `winnow`, built beside the test runner.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("winnow")
    }

    /// With `pipeStdin` the test owns stdin and stdout (an MCP client on them, or raw lines); without,
    /// both are the null device.
    init(_ arguments: [String], pipeStdin: Bool = false) throws {
        process.executableURL = Self.binary
        process.arguments = arguments
        process.standardInput = pipeStdin ? input : FileHandle.nullDevice
        process.standardOutput = pipeStdin ? output : FileHandle.nullDevice
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            lock.withLock { stderrData.append(data) }
        }
        try process.run()
    }

    var stdin: Int32 { input.fileHandleForWriting.fileDescriptor }
    var stdout: Int32 { output.fileHandleForReading.fileDescriptor }
    var stderrText: String { lock.withLock { String(decoding: stderrData, as: UTF8.self) } }

    func write(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

    func closeStdin() { try? input.fileHandleForWriting.close() }

    /// Everything the process writes to stdout until it closes it (for a test that reads raw lines).
    func stdoutLines() async -> [String] {
        let data = await Task.detached { [self] in output.fileHandleForReading.readDataToEndOfFile() }.value
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The port of `winnow serve: listening on http://127.0.0.1:PORT/` on stderr.
    func listeningPort() async throws -> Int {
        for _ in 0..<600 {
            if let line = stderrText.split(separator: "\n").first(where: { $0.contains("listening on http://127.0.0.1:") }),
                let port = Int(line.split(separator: ":").last?.trimmingCharacters(in: CharacterSet(charactersIn: "/")) ?? "")
            {
                return port
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw MCPError.internalError("winnow serve did not say where it listens: \(stderrText)")
    }

    /// Waits for the exit, at most 60 s.
    func exitStatus() async throws -> Int32 {
        for _ in 0..<1200 where process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            stop()
            throw MCPError.internalError("winnow did not exit; stderr: \(stderrText)")
        }
        return process.terminationStatus
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
