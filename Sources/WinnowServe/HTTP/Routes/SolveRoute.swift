import Hummingbird
import WinnowTables

/// `POST /v1/solve`: a task or a CSV pair in, `solve --json`'s object out.
struct SolveRoute: Sendable {
    let service: SolveService
    let slots: WorkSlots
    let metrics: ServeMetrics

    func respond(_ request: Request) async throws -> Response {
        try request.requireMediaType(["application/json"])
        return try await slots.withSlot {
            let body = try await request.collectBody(limit: service.limits.maxBodyBytes)
            let solveRequest = try SolveRequest(body: body.readableBytesView, limits: service.limits)
            let answer = try await service.solve(solveRequest)
            metrics.recordSolve(answer.result)
            return try JSONAnswer.make(answer)
        }
    }
}
