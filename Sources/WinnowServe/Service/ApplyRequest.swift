import Foundation
import WinnowCore
import WinnowTables

/// A `POST /v1/apply` JSON body (or the `apply_program` tool's arguments): a committed program, as the
/// lines `solve --json` prints in `program`, and the table to run it on, as JSON rows (`table`) or CSV
/// text (`csv`, with `header` when its first line is a header to keep out of the program's way).
public struct ApplyRequest: Sendable {
    public var program: Pipeline
    public var table: Table
    /// The input's header line, written back first on the result: a program learned on records never
    /// saw it.
    public var header: [String]?
    /// Whether the answer should be CSV text rather than JSON rows (the input came as CSV).
    public var csvInput: Bool

    static let keys: Set<String> = ["program", "table", "csv", "header"]

    public init(body: some DataProtocol, limits: ServeLimits) throws(ServiceError) {
        try self.init(try JSONRequestReader(body, name: "apply request", allowed: Self.keys), limits: limits)
    }

    public init(object: Any, limits: ServeLimits) throws(ServiceError) {
        try self.init(try JSONRequestReader(object, name: "apply request", allowed: Self.keys), limits: limits)
    }

    private init(_ reader: JSONRequestReader, limits: ServeLimits) throws(ServiceError) {
        guard let lines = try reader.strings("program") else {
            throw ServiceError(.badInput, "apply request: \"program\" is missing; send the lines `solve` answers in \"program\"")
        }
        program = try ProgramLines.parse(lines, name: "apply request")
        let hasHeader = try reader.bool("header") ?? false
        switch (try reader.table("table"), try reader.string("csv")) {
        case (.some, .some):
            throw ServiceError(.badInput, "apply request: give \"table\" (JSON rows) or \"csv\" (CSV text), not both")
        case (nil, nil):
            throw ServiceError(.badInput, "apply request: \"table\" (JSON rows) or \"csv\" (CSV text) is missing")
        case (let rows?, nil):
            if hasHeader {
                guard let first = rows.rows.first else { throw ServiceError(.badInput, "apply request: \"header\" is true but \"table\" has no rows") }
                header = first
                table = Table(Array(rows.rows.dropFirst()))
            } else {
                header = nil
                table = rows
            }
            csvInput = false
        case (nil, let text?):
            let csv = try CSVText(text, name: "csv", header: hasHeader)
            (header, table, csvInput) = (csv.header, csv.records, true)
        }
        let cells = table.rows.reduce(0) { $0 + $1.count }
        if cells > limits.maxCells {
            throw ServiceError(.tooLarge, "apply request: the table holds \(cells) cells, more than this server's \(limits.maxCells) (--max-cells); send it as a text/csv body, which is streamed")
        }
    }
}

/// A program as the lines `solve` prints, read back with the same parser harvest uses.
public enum ProgramLines {
    public static func parse(_ lines: [String], name: String) throws(ServiceError) -> Pipeline {
        do {
            return try Pipeline(parsing: lines)
        } catch {
            throw ServiceError(.badInput, "\(name): \"program\": \(error.message)")
        }
    }
}
