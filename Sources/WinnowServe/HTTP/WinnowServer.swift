import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import WinnowTables

/// `winnow serve`: the solver as an HTTP API, the analyst's page, and the MCP tools, behind one guard.
///
/// Every route answers JSON or a problem document (`ProblemResponse`); work (solve, apply, MCP) runs
/// only with a work slot (`WorkSlots`), so the server degrades into fast 429s under load instead of a
/// queue that grows without bound; SIGTERM drains (`DrainService`).
public struct WinnowServer: Sendable {
    public let service: SolveService
    public let configuration: ServerConfiguration
    public let metrics: ServeMetrics
    public let slots: WorkSlots
    let inventory: InventoryRoute
    let assets: WebAssets

    public init(service: SolveService, inventory: Inventory, configuration: ServerConfiguration) throws {
        self.service = service
        self.configuration = configuration
        metrics = ServeMetrics()
        slots = WorkSlots(capacity: service.limits.maxInFlight, metrics: metrics)
        self.inventory = try InventoryRoute(inventory)
        assets = try WebAssets()
    }

    /// The router with every route; tests drive it without a socket.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: GuardMiddleware(configuration: configuration, slots: slots, metrics: metrics))
        for path in ["/", "/app.js", "/app.css"] {
            router.get(RouterPath(path)) { [assets] _, _ in assets.respond(path) }
        }
        router.get("/healthz") { _, _ in HealthRoute.answer(draining: false) }
        router.get("/metrics") { [metrics] _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
        router.get("/v1/inventory") { [inventory] _, _ in inventory.respond() }
        let solve = SolveRoute(service: service, slots: slots, metrics: metrics)
        router.post("/v1/solve") { request, _ in try await solve.respond(request) }
        let apply = ApplyRoute(service: service, slots: slots, spoolDirectory: configuration.spoolDirectory)
        router.post("/v1/apply") { request, _ in try await apply.respond(request) }
        MCPHTTPEndpoint(service: service, slots: slots, metrics: metrics, configuration: configuration).add(to: router)
        return router
    }

    /// Serves until SIGTERM or SIGINT, then drains; `onListening` gets the bound port (useful with port 0).
    public func run(logger: Logger, onListening: @escaping @Sendable (Int) -> Void) async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "winnow"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        let drain = DrainService(slots: slots, limit: .milliseconds(Int(service.limits.drainSeconds * 1000)))
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: drain)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
