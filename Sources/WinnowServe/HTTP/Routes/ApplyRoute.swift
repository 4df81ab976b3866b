import Foundation
import Hummingbird
import WinnowCore
import WinnowTables

/// `POST /v1/apply`: run a committed program on a table.
///
/// Two bodies. JSON (`ApplyRequest`): the table is read whole, answered as JSON rows, or as CSV with
/// `Accept: text/csv`. CSV (`text/csv`, the program in the `program` query parameter): the body is
/// spooled to a file as it arrives and the program streamed over it (`FileApply`), so a file of any
/// size up to `--max-stream-bytes` goes through in constant memory, and the answer streams back.
struct ApplyRoute: Sendable {
    let service: SolveService
    let slots: WorkSlots
    let spoolDirectory: String

    func respond(_ request: Request) async throws -> Response {
        try request.requireMediaType(["application/json", "text/csv"])
        if request.mediaType == "text/csv" { return try await streamed(request) }
        return try await slots.withSlot {
            let body = try await request.collectBody(limit: service.limits.maxBodyBytes)
            let applyRequest = try ApplyRequest(body: body.readableBytesView, limits: service.limits)
            let table = try await service.apply(applyRequest)
            if request.headers[.accept]?.contains("text/csv") == true {
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: CSV.render(table))))
            }
            return try JSONAnswer.make(ApplyAnswer(table, header: applyRequest.header != nil))
        }
    }

    struct ApplyAnswer: Encodable {
        var rows: [[String]]
        var rowCount: Int

        /// `row_count` counts records, as the streamed answer's `Winnow-Rows` does: a header line is not one.
        init(_ table: Table, header: Bool) {
            rows = table.rows
            rowCount = table.rowCount - (header ? 1 : 0)
        }

        private enum CodingKeys: String, CodingKey {
            case rows
            case rowCount = "row_count"
        }
    }

    private func streamed(_ request: Request) async throws -> Response {
        let query = try FormQuery(request.uri.query, allowed: ["program", "header", "output_header"], name: "apply")
        guard let programText = query["program"] else {
            throw ServiceError(.badInput, "apply: a text/csv body needs the program in the \"program\" query parameter, as a JSON list of lines")
        }
        let program = try ProgramLines.parse(try Self.lines(programText, name: "program", example: #"["drop(column: 0)"]"#), name: "apply")
        let header: Bool
        switch query["header"] {
        case nil, "false": header = false
        case "true": header = true
        case let other?: throw ServiceError(.badInput, "apply: \"header\" must be true or false, not \"\(other)\"")
        }
        let outputHeader = try query["output_header"].map { text throws(ServiceError) in try Self.lines(text, name: "output_header", example: #"["first", "last"]"#) }
        return try await slots.withSlot {
            let spool = SpoolFiles(directory: spoolDirectory)
            do {
                try await spool.receive(request.body, limit: service.limits.maxStreamBytes)
                let rows = try await service.apply(program, file: spool.input, header: header, outputHeader: outputHeader, to: spool.output)
                return try spool.answer(rows: rows)
            } catch {
                spool.remove()
                throw error
            }
        }
    }

    private static func lines(_ text: String, name: String, example: String) throws(ServiceError) -> [String] {
        guard let data = text.data(using: .utf8), let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let list = parsed as? [Any], let lines = list as? [String], lines.count == list.count
        else {
            throw ServiceError(.badInput, "apply: \"\(name)\" must be a JSON list of strings, e.g. \(example)")
        }
        return lines
    }
}
