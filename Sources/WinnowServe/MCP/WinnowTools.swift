import Foundation
import Logging
import MCP
import WinnowCore
import WinnowTables

/// The MCP tools `solve_table`, `apply_program` and `explain_program`, for `winnow mcp` (stdio) and
/// `POST /mcp` alike.
///
/// Arguments are read by the same request readers as the HTTP API's bodies, so a tool call gets the
/// HTTP API's answer and its error messages word for word. Bad arguments are tool errors (`isError`
/// with the reader's one-line detail), which an agent reads and corrects; only a call to a tool that
/// does not exist is a protocol error, since no corrected argument can fix it.
public struct WinnowTools: Sendable {
    /// The name clients show for this server.
    public static let serverName = "winnow"
    /// The version in the `initialize` answer; bump it when a tool's arguments or answer change shape.
    public static let serverVersion = "0.1.0"

    let service: SolveService
    /// Over stdio the tools take a work slot themselves (a full server answers a tool error); over HTTP
    /// the endpoint takes it before the call reaches here, so a full server answers 429.
    let slots: WorkSlots?
    let onSolved: @Sendable (SolveAnswer) -> Void

    public init(service: SolveService, slots: WorkSlots?) {
        self.init(service: service, slots: slots) { _ in }
    }

    init(service: SolveService, slots: WorkSlots?, onSolved: @escaping @Sendable (SolveAnswer) -> Void) {
        self.service = service
        self.slots = slots
        self.onSolved = onSolved
    }

    static let tools: [Tool] = [
        Tool(
            name: "solve_table",
            title: "Learn a table transformation from examples",
            description: """
                Learns a table transformation from examples and applies it to new tables. Give one or more \
                examples (an input table and the output it should become) and, optionally, queries (more input \
                tables). Winnow searches for the simplest program that reproduces every example and commits it \
                only if the programs that fit the examples agree on the queries. exit_code 0: committed; \
                \"program\" holds its lines (reuse them with apply_program) and \"outputs\" its result on each \
                query. 2: no program fits the examples. 4: abstained, the fitting programs disagree on the \
                queries (see \"alternatives\"); add an example that decides between them. A table is a list of \
                rows, each row a list of strings.
                """,
            inputSchema: ToolSchemas.solveInput,
            annotations: .init(readOnlyHint: true, idempotentHint: true, openWorldHint: false),
            outputSchema: ToolSchemas.solveOutput),
        Tool(
            name: "apply_program",
            title: "Run a learned program on a table",
            description: """
                Runs a program that solve_table committed (its \"program\" lines) on a table, given as JSON rows \
                (\"table\") or as CSV text (\"csv\"), and answers the transformed rows. Set \"header\" when the \
                first row is a header line.
                """,
            inputSchema: ToolSchemas.applyInput,
            annotations: .init(readOnlyHint: true, idempotentHint: true, openWorldHint: false),
            outputSchema: ToolSchemas.applyOutput),
        Tool(
            name: "explain_program",
            title: "Explain a learned program",
            description: """
                Explains a program that solve_table committed (its \"program\" lines): one sentence per step, and \
                a standalone Python script that performs it.
                """,
            inputSchema: ToolSchemas.explainInput,
            annotations: .init(readOnlyHint: true, idempotentHint: true, openWorldHint: false),
            outputSchema: ToolSchemas.explainOutput),
    ]

    /// A server with the tools registered, not yet started on a transport.
    public func makeServer() async -> Server {
        let server = Server(
            name: Self.serverName, version: Self.serverVersion, title: "Winnow",
            instructions: """
                Winnow learns table transformations from examples. Call solve_table with a few input rows and the \
                rows they should become; reuse the committed program on more data with apply_program, and show it \
                to a person with explain_program.
                """,
            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: Self.tools) }
        await server.withMethodHandler(CallTool.self) { [self] parameters in try await call(parameters) }
        return server
    }

    /// Answers MCP on stdin and stdout until stdin closes and every request read has been answered.
    public func serveStdio(logger: Logger) async throws {
        let transport = DrainingTransport(StdioTransport(logger: logger), maxMessageBytes: service.limits.maxBodyBytes, logger: logger)
        let server = await makeServer()
        try await server.start(transport: transport)
        await transport.drained()
        await server.stop()
    }

    /// Answers one tool call; throws only for a tool that does not exist.
    func call(_ parameters: CallTool.Parameters) async throws(MCPError) -> CallTool.Result {
        guard let tool = Self.tools.first(where: { $0.name == parameters.name }) else {
            throw MCPError.invalidParams("unknown tool \"\(parameters.name)\"; the tools are \(Self.tools.map { "\"\($0.name)\"" }.joined(separator: ", "))")
        }
        do {
            let arguments = try Self.arguments(parameters.arguments ?? [:], of: tool)
            let answer: any Encodable
            if let slots {
                answer = try await Self.admitted(slots) { () async throws(ServiceError) -> any Encodable in try await perform(tool.name, arguments) }
            } else {
                answer = try await perform(tool.name, arguments)
            }
            return try Self.result(answer)
        } catch {
            return CallTool.Result(content: [.text(text: error.detail, annotations: nil, _meta: nil)], isError: true)
        }
    }

    private func perform(_ tool: String, _ arguments: [String: Any]) async throws(ServiceError) -> any Encodable {
        switch tool {
        case "solve_table":
            let answer = try await service.solve(try SolveRequest(object: arguments, limits: service.limits))
            onSolved(answer)
            return answer
        case "apply_program":
            let request = try ApplyRequest(object: arguments, limits: service.limits)
            return ApplyRoute.ApplyAnswer(try await service.apply(request), header: request.header != nil)
        default:
            let reader = try JSONRequestReader(arguments, name: "explain request", allowed: ["program"])
            guard let lines = try reader.strings("program") else {
                throw ServiceError(.badInput, "explain request: \"program\" is missing; send the lines solve_table answers in \"program\"")
            }
            return service.explain(try ProgramLines.parse(lines, name: "explain request"))
        }
    }

    /// `WorkSlots.withSlot` with its refusal kept as a `ServiceError`, so it becomes a tool error.
    private static func admitted<T>(_ slots: WorkSlots, _ work: () async throws(ServiceError) -> T) async throws(ServiceError) -> T {
        do {
            return try await slots.withSlot { try await work() }
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError(.internalFailure, "\(error)")
        }
    }

    /// The arguments as the Foundation objects the request readers take, refusing keys the tool's
    /// schema does not list (the readers alone would accept the HTTP API's other forms).
    static func arguments(_ arguments: [String: Value], of tool: Tool) throws(ServiceError) -> [String: Any] {
        let allowed = ToolSchemas.argumentNames(tool.inputSchema)
        if let unknown = arguments.keys.filter({ !allowed.contains($0) }).sorted().first {
            throw ServiceError(
                .badInput, "\(tool.name): unknown argument \"\(unknown)\"; the arguments are \(allowed.sorted().map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        return arguments.mapValues(JSONValues.object)
    }

    /// The answer as `structuredContent`, and as JSON text for clients that read only `content`.
    static func result(_ answer: any Encodable) throws(ServiceError) -> CallTool.Result {
        let data: Data
        let object: Any
        do {
            data = try JSONAnswer.encode(answer)
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ServiceError(.internalFailure, "the answer could not be encoded: \(error)")
        }
        let structured: Value? = JSONValues.value(object)
        return CallTool.Result(content: [.text(text: String(decoding: data, as: UTF8.self), annotations: nil, _meta: nil)], structuredContent: structured)
    }
}

/// Conversions between MCP's `Value` and the Foundation objects `JSONSerialization` gives.
///
/// By hand rather than through `JSONDecoder`: decoding into `Value` turns any string shaped like a
/// `data:` URL into bytes, and a cell is text whatever it looks like.
enum JSONValues {
    static func object(_ value: Value) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let flag): NSNumber(value: flag)
        case .int(let number): NSNumber(value: number)
        case .double(let number): NSNumber(value: number)
        case .string(let text): text
        case .data(let mimeType, let bytes): bytes.dataURLEncoded(mimeType: mimeType)
        case .array(let items): items.map(object)
        case .object(let fields): fields.mapValues(object)
        }
    }

    static func value(_ object: Any) -> Value {
        switch object {
        case let text as String: return .string(text)
        case let number as NSNumber:
            if JSONDescription.isBoolean(number) { return .bool(number.boolValue) }
            return ["d", "f"].contains(String(cString: number.objCType)) ? .double(number.doubleValue) : .int(number.intValue)
        case let items as [Any]: return .array(items.map(value))
        case let fields as [String: Any]: return .object(fields.mapValues(value))
        default: return .null
        }
    }
}
