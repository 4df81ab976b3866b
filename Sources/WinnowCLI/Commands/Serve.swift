import ArgumentParser
import Foundation
import Logging
import WinnowCore
import WinnowServe

/// `winnow serve`: the page, the HTTP API and the MCP tools (Streamable HTTP at /mcp) on one port.
struct Serve: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the page, the HTTP API and the MCP tools (see docs/serve.md).",
        discussion: """
            Binds to loopback unless --host says otherwise; any other address needs --token-file, and \
            every request must then carry the token (Authorization: Bearer TOKEN, or the cookie the \
            printed address sets). Work beyond --max-in-flight is answered 429 with Retry-After; \
            SIGTERM lets work in flight finish (new requests get 503) for up to --drain-seconds. \
            The search runs with the Search options below; no request can name a file on this machine \
            and no request runs model-written code.
            """)

    @Option(help: ArgumentHelp("Address to bind: 127.0.0.1 (loopback) unless you need the network.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on; 0 picks a free one (the address printed says which).", valueName: "port"))
    var port = 8080

    @Option(name: .customLong("token-file"), help: ArgumentHelp("File whose first line is the token every request must carry (required off loopback).", valueName: "file"))
    var tokenFile: String?

    @OptionGroup(title: "Limits") var limits: ServeLimitOptions
    @OptionGroup(title: "Search") var search: SearchOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if tokenFile == nil, !ServerConfiguration(host: host).isLoopback {
            throw ValidationError("--host \(host) is not loopback: add --token-file FILE so that only holders of the token can use the server")
        }
    }

    func run() async throws {
        let logger = Logger(label: "winnow.serve")
        try await reportingFailures {
            let token = try tokenFile.map(TokenFile.read)
            let solver = try search.solver(parallel: false)
            let service = SolveService(solver: solver, gate: search.gate, limits: limits.limits)
            let configuration = ServerConfiguration(host: host, port: port, token: token, spoolDirectory: try limits.spoolDirectory())
            let server: WinnowServer
            do {
                server = try WinnowServer(service: service, inventory: solver.inventory, configuration: configuration)
            } catch let error as ServiceError {
                throw CommandFailure(error.detail, exitCode: ExitStatus.internalFailure)
            }
            let host = self.host.contains(":") ? "[\(self.host)]" : self.host
            try await server.run(logger: logger) { port in
                let address = "http://\(host):\(port)/"
                StandardStreams.error("winnow serve: listening on \(address)")
                if token != nil { StandardStreams.error("winnow serve: open \(address)?token=… (the token from --token-file) to use the page") }
                StandardStreams.error("winnow serve: MCP (Streamable HTTP) at \(address)mcp; stop with Ctrl-C or SIGTERM")
            }
        }
    }
}

/// The caps of `winnow serve` (and `winnow mcp`), with the documented defaults of `ServeLimits`.
struct ServeLimitOptions: ParsableArguments {
    @Option(name: .customLong("max-body-bytes"), help: ArgumentHelp("Largest JSON body read.", valueName: "bytes"))
    var maxBodyBytes = ServeLimits().maxBodyBytes

    @Option(name: .customLong("max-stream-bytes"), help: ArgumentHelp("Largest text/csv body POST /v1/apply streams.", valueName: "bytes"))
    var maxStreamBytes = ServeLimits().maxStreamBytes

    @Option(name: .customLong("max-cells"), help: ArgumentHelp("Most cells in the tables of one request.", valueName: "n"))
    var maxCells = ServeLimits().maxCells

    @Option(name: .customLong("max-in-flight"), help: ArgumentHelp("Requests doing work at once (default: one per core); more get 429.", valueName: "n"))
    var maxInFlight = ServeLimits.defaultInFlight

    @Option(name: .customLong("max-timeout"), help: ArgumentHelp("Longest search a request may ask for.", valueName: "seconds"))
    var maxTimeout = ServeLimits().maxTimeout

    @Option(name: .customLong("drain-seconds"), help: ArgumentHelp("How long SIGTERM waits for work in flight.", valueName: "seconds"))
    var drainSeconds = ServeLimits().drainSeconds

    @Option(name: .customLong("spool-dir"), help: ArgumentHelp("Folder for streamed CSV bodies (default: the system's temporary folder).", valueName: "folder"))
    var spoolDir: String?

    func validate() throws {
        for (name, value) in [("--max-body-bytes", maxBodyBytes), ("--max-stream-bytes", maxStreamBytes), ("--max-cells", maxCells), ("--max-in-flight", maxInFlight)]
        where value <= 0 {
            throw ValidationError("\(name) must be positive")
        }
        guard maxTimeout > 0, maxTimeout.isFinite else { throw ValidationError("--max-timeout must be a positive number of seconds") }
        guard drainSeconds >= 0, drainSeconds.isFinite else { throw ValidationError("--drain-seconds must be a number of seconds") }
    }

    var limits: ServeLimits {
        ServeLimits(
            maxBodyBytes: maxBodyBytes, maxStreamBytes: maxStreamBytes, maxCells: maxCells, maxInFlight: maxInFlight,
            maxTimeout: maxTimeout, drainSeconds: drainSeconds)
    }

    func spoolDirectory() throws(WinnowError) -> String {
        guard let spoolDir else { return NSTemporaryDirectory() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: spoolDir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WinnowError(.missingInput, file: spoolDir, "no such folder (--spool-dir)")
        }
        return spoolDir
    }
}

/// The token file: its first line, which must not be empty or short enough to guess.
enum TokenFile {
    static func read(_ path: String) throws(WinnowError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WinnowError(.missingInput, file: path, "cannot be read (--token-file)")
        }
        let token = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard token.count >= 16 else { throw WinnowError(.badInput, file: path, "the token must be at least 16 characters on the first line") }
        guard token.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0 != ";" && $0 != "," }) else {
            throw WinnowError(.badInput, file: path, "the token must be printable ASCII without spaces, commas or semicolons")
        }
        return token
    }
}
