import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import WinnowCore
import WinnowServe
import WinnowTables
import WinnowText

/// Servers built the way `winnow serve` builds them, with the shipped inventories, for tests that
/// drive the router in process.
enum TestServers {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func inventory() throws -> Inventory {
        var inventory = try Inventory.load(path: packageRoot.appendingPathComponent("inventories/tables.json").path)
        inventory.text = try TextInventory.load(path: packageRoot.appendingPathComponent("inventories/text.json").path)
        return inventory
    }

    static func service(limits: ServeLimits = ServeLimits()) throws -> SolveService {
        SolveService(solver: TableSolver(inventory: try inventory(), parallel: false), gate: TableGate(), limits: limits)
    }

    static func server(
        limits: ServeLimits = ServeLimits(), token: String? = nil, host: String = "127.0.0.1", spoolDirectory: String = NSTemporaryDirectory()
    ) throws -> WinnowServer {
        let service = try service(limits: limits)
        return try WinnowServer(
            service: service, inventory: service.solver.inventory,
            configuration: ServerConfiguration(host: host, port: 0, token: token, spoolDirectory: spoolDirectory))
    }

    /// Runs `body` with a client of `server`'s router (no socket).
    static func withClient(_ server: WinnowServer, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: server.router())
        try await app.test(.router, body)
    }

    static func task(_ name: String) throws -> Data {
        try Data(contentsOf: packageRoot.appendingPathComponent("tasks/examples/\(name).json"))
    }
}

/// An answer's body as JSON, for assertions.
struct Answer {
    let status: Int
    let headers: HTTPFields
    let object: [String: Any]
    let text: String

    init(_ response: TestResponse) {
        status = response.status.code
        headers = response.headers
        text = String(buffer: response.body)
        object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var isProblem: Bool { headers[.contentType] == "application/problem+json" }
    var problemType: String? { object["type"] as? String }
    var detail: String { object["detail"] as? String ?? "" }
}

extension TestClientProtocol {
    func post(_ uri: String, json: String, headers: HTTPFields = [:]) async throws -> Answer {
        var all = headers
        if all[.contentType] == nil { all[.contentType] = "application/json" }
        return try await execute(uri: uri, method: .post, headers: all, body: ByteBuffer(string: json)) { Answer($0) }
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Answer {
        try await execute(uri: uri, method: .get, headers: headers) { Answer($0) }
    }
}
