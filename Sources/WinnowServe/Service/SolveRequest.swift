import Foundation
import WinnowCore

/// A `POST /v1/solve` body (or the `solve_table` tool's arguments), read and checked.
///
/// Two forms, as `winnow solve` takes a task file or a CSV pair:
/// - a task in the native format (`tasks/README.md`): `examples`, `queries`, optional `id`, `domain`, `answers`;
/// - a CSV pair: `input` (a few records as CSV text), `example` (what they should become), optional
///   `apply` (the file to transform) and `header` (each CSV's first line is a header).
/// Either form takes `script` (also answer the Python script) and `timeout` (seconds of search, capped
/// by the server's `--max-timeout`).
public struct SolveRequest: Sendable {
    public var task: SynthesisTask<Table>
    /// The example's header line (CSV pair with `header`), put back on the outputs as `solve` does.
    public var outputHeader: [String]?
    /// Whether this is a CSV pair with an `apply` file: then a program that reproduces the example but
    /// fails on the file is the file's problem, reported as `solve` reports it.
    public var appliesFile: Bool
    public var script: Bool
    public var timeout: Double?

    static let taskKeys: Set<String> = ["id", "domain", "examples", "queries", "answers"]
    static let pairKeys: Set<String> = ["input", "example", "apply", "header"]
    static let commonKeys: Set<String> = ["script", "timeout"]

    /// Reads a JSON body.
    public init(body: some DataProtocol, limits: ServeLimits) throws(ServiceError) {
        let reader = try JSONRequestReader(body, name: "solve request", allowed: Self.taskKeys.union(Self.pairKeys).union(Self.commonKeys))
        try self.init(reader, limits: limits)
    }

    /// Reads an already parsed JSON object (an MCP tool's arguments).
    public init(object: Any, limits: ServeLimits) throws(ServiceError) {
        let reader = try JSONRequestReader(object, name: "solve request", allowed: Self.taskKeys.union(Self.pairKeys).union(Self.commonKeys))
        try self.init(reader, limits: limits)
    }

    private init(_ reader: JSONRequestReader, limits: ServeLimits) throws(ServiceError) {
        let isTask = Self.taskKeys.contains(where: reader.has)
        let isPair = Self.pairKeys.contains(where: reader.has)
        if isTask, isPair {
            throw ServiceError(.badInput, "solve request: give a task (\"examples\", \"queries\") or a CSV pair (\"input\", \"example\"), not both")
        }
        script = try reader.bool("script") ?? false
        timeout = try reader.number("timeout")
        if let timeout, !(timeout > 0) { throw ServiceError(.badInput, "solve request: \"timeout\" must be a positive number of seconds") }
        if isPair {
            (task, outputHeader, appliesFile) = try Self.pair(reader)
        } else if isTask {
            (task, outputHeader, appliesFile) = (try Self.task(reader), nil, false)
        } else {
            throw ServiceError(.badInput, "solve request: give a task (\"examples\", \"queries\") or a CSV pair (\"input\", \"example\")")
        }
        try Self.checkSize(task, limits: limits)
    }

    private static func task(_ reader: JSONRequestReader) throws(ServiceError) -> SynthesisTask<Table> {
        if let domain = try reader.string("domain"), domain != "table" {
            throw ServiceError(.badInput, "solve request: \"domain\" is \"\(domain)\", but this server solves table tasks only")
        }
        _ = try reader.string("id")
        do {
            return try TaskFile.task(from: reader.object, fallbackID: "request")
        } catch {
            throw ServiceError(.badInput, "solve request: \(error.message)")
        }
    }

    private static func pair(_ reader: JSONRequestReader) throws(ServiceError) -> (SynthesisTask<Table>, [String]?, Bool) {
        guard let inputText = try reader.string("input") else { throw ServiceError(.badInput, "solve request: a CSV pair needs \"input\"") }
        guard let exampleText = try reader.string("example") else { throw ServiceError(.badInput, "solve request: a CSV pair needs \"example\"") }
        let header = try reader.bool("header") ?? false
        let sample = try CSVText(inputText, name: "input", header: header)
        let wanted = try CSVText(exampleText, name: "example", header: header)
        let target = try reader.string("apply").map { text throws(ServiceError) in try CSVText(text, name: "apply", header: header) }
        let task = SynthesisTask(
            id: "request", domain: "table", examples: [Example(input: sample.records, output: wanted.records)],
            queries: target.map { [$0.records] } ?? [])
        return (task, wanted.header, target != nil)
    }

    private static func checkSize(_ task: SynthesisTask<Table>, limits: ServeLimits) throws(ServiceError) {
        let tables = task.examples.flatMap { [$0.input, $0.output] } + task.queries
        let cells = tables.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.count } }
        if cells > limits.maxCells {
            throw ServiceError(.tooLarge, "solve request: its tables hold \(cells) cells, more than this server's \(limits.maxCells) (--max-cells); send a sample, then apply the program to the whole file with POST /v1/apply")
        }
    }
}

/// One CSV text of a request, split into its optional header line and its records, with the same
/// errors `winnow solve` gives a CSV file.
struct CSVText {
    var header: [String]?
    var records: Table

    init(_ text: String, name: String, header hasHeader: Bool) throws(ServiceError) {
        do {
            let table = try CSV.parse(Data(text.utf8), file: name)
            if hasHeader {
                let split = try CSV.splitHeader(table, file: name)
                (header, records) = (split.header, split.records)
            } else {
                (header, records) = (nil, table)
            }
        } catch {
            throw ServiceError(error)
        }
    }
}
