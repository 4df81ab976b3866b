import ArgumentParser
import Foundation
import Logging
import WinnowServe

/// `winnow mcp`: the MCP tools over stdio, for agents that start their tools as subprocesses.
struct MCPCommand: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the MCP tools (solve_table, apply_program, explain_program) over stdio (see docs/serve.md).",
        discussion: """
            Reads JSON-RPC messages from stdin and answers on stdout, one per line; logs go to stderr. \
            Exits when stdin closes, after answering the tool calls already read. Tool calls beyond \
            --max-in-flight are answered with a tool error. For the same tools over HTTP, use \
            `winnow serve` (Streamable HTTP at /mcp).
            """)

    @OptionGroup(title: "Limits") var limits: ServeLimitOptions
    @OptionGroup(title: "Search") var search: SearchOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        // A client that closes its end of stdout would otherwise kill the process with SIGPIPE in the
        // middle of an answer; ignored, the write fails and the answer is dropped like any lost reply.
        signal(SIGPIPE, SIG_IGN)
        let logger = Logger(label: "winnow.mcp")
        try await reportingFailures {
            let limits = self.limits.limits
            let service = SolveService(solver: try search.solver(parallel: false), gate: search.gate, limits: limits)
            let tools = WinnowTools(service: service, slots: WorkSlots(capacity: limits.maxInFlight, metrics: ServeMetrics()))
            try await tools.serveStdio(logger: logger)
        }
    }
}
