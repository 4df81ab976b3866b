import Foundation
import Testing
import WinnowServe

/// Bad input over HTTP gets a problem+json answer with the class the CLI would exit with; never a
/// crash, a hang or a bare 500.
@Suite("bad input over HTTP")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var uri: String
        var contentType: String
        var body: String
        var status: Int
        var type: String
        /// Words the detail must hold, so the message says what is wrong.
        var says: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed JSON", uri: "/v1/solve", contentType: "application/json", body: #"{"examples": ["#, status: 400, type: "bad-input", says: "malformed JSON"),
        Case(name: "empty body", uri: "/v1/solve", contentType: "application/json", body: "", status: 400, type: "bad-input", says: "empty"),
        Case(name: "a list, not an object", uri: "/v1/solve", contentType: "application/json", body: "[1, 2]", status: 400, type: "bad-input", says: "must be a JSON object"),
        Case(name: "unknown key", uri: "/v1/solve", contentType: "application/json", body: #"{"examples": [{"input": [["a"]], "output": [["a"]]}], "exampels": []}"#, status: 400, type: "bad-input", says: "unknown key \"exampels\""),
        Case(name: "wrong type of cell", uri: "/v1/solve", contentType: "application/json", body: #"{"examples": [{"input": [[1]], "output": [["a"]]}]}"#, status: 400, type: "bad-input", says: "must be a string"),
        Case(name: "no examples", uri: "/v1/solve", contentType: "application/json", body: #"{"examples": []}"#, status: 400, type: "bad-input", says: "non-empty"),
        Case(name: "task and CSV pair mixed", uri: "/v1/solve", contentType: "application/json", body: #"{"examples": [], "input": "a"}"#, status: 400, type: "bad-input", says: "not both"),
        Case(name: "script not a boolean", uri: "/v1/solve", contentType: "application/json", body: #"{"input": "a\n", "example": "a\n", "script": 1}"#, status: 400, type: "bad-input", says: "true or false"),
        Case(name: "negative timeout", uri: "/v1/solve", contentType: "application/json", body: #"{"input": "a\n", "example": "a\n", "timeout": -3}"#, status: 400, type: "bad-input", says: "positive"),
        Case(name: "unclosed CSV quote", uri: "/v1/solve", contentType: "application/json", body: #"{"input": "\"a,b\n", "example": "a\n"}"#, status: 400, type: "bad-input", says: "input"),
        Case(name: "CSV header without records", uri: "/v1/solve", contentType: "application/json", body: #"{"input": "h\n", "example": "h\n", "header": true}"#, status: 400, type: "bad-input", says: "no records"),
        Case(name: "another domain", uri: "/v1/solve", contentType: "application/json", body: #"{"domain": "aggregates", "examples": [{"input": [["a"]], "output": [["a"]]}]}"#, status: 400, type: "bad-input", says: "table tasks only"),
        Case(name: "binary body", uri: "/v1/solve", contentType: "application/json", body: "\u{0}\u{1}\u{FFFD}\u{7F}", status: 400, type: "bad-input", says: "malformed JSON"),
        Case(name: "XML body", uri: "/v1/solve", contentType: "application/xml", body: "<task/>", status: 415, type: "unsupported-media-type", says: "application/json"),
        Case(name: "unparseable program", uri: "/v1/apply", contentType: "application/json", body: #"{"program": ["explode(column: 0)"], "table": [["a"]]}"#, status: 400, type: "bad-input", says: "program"),
        Case(name: "program not a list", uri: "/v1/apply", contentType: "application/json", body: #"{"program": "drop(column: 0)", "table": [["a"]]}"#, status: 400, type: "bad-input", says: "a list of strings"),
        Case(name: "table and csv both", uri: "/v1/apply", contentType: "application/json", body: #"{"program": [], "table": [["a"]], "csv": "a\n"}"#, status: 400, type: "bad-input", says: "not both"),
        Case(name: "a program that does not apply", uri: "/v1/apply", contentType: "application/json", body: #"{"program": ["drop(column: 5)"], "table": [["a", "b"]]}"#, status: 422, type: "program-failed", says: "does not apply"),
        Case(name: "streamed CSV without a program", uri: "/v1/apply", contentType: "text/csv", body: "a,b\n", status: 400, type: "bad-input", says: "program"),
        Case(name: "streamed CSV with an unknown parameter", uri: "/v1/apply?program=%5B%5D&colour=red", contentType: "text/csv", body: "a,b\n", status: 400, type: "bad-input", says: "colour"),
        Case(name: "streamed CSV with a ragged quote", uri: "/v1/apply?program=%5B%22drop(column%3A%200)%22%5D", contentType: "text/csv", body: "a,\"b\n", status: 400, type: "bad-input", says: "line"),
    ]

    @Test(arguments: cases)
    func isAnsweredWithAProblem(_ bad: Case) async throws {
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post(bad.uri, json: bad.body, headers: [.contentType: bad.contentType])
            #expect(answer.status == bad.status, "\(answer.text)")
            #expect(answer.isProblem)
            #expect(answer.problemType == "urn:winnow:problem:\(bad.type)")
            #expect(answer.object["status"] as? Int == bad.status)
            #expect(answer.detail.contains(bad.says), "\(answer.detail)")
            if bad.status == 400 || bad.status == 415 { #expect(answer.object["exit_code"] as? Int == 65) }
            if bad.status == 422 { #expect(answer.object["exit_code"] as? Int == 3) }
            // The server still answers after the bad request.
            let health = try await client.get("/healthz")
            #expect(health.status == 200)
        }
    }

    @Test func aBodyOverTheCapIsRefusedWith413BeforeItIsParsed() async throws {
        let server = try TestServers.server(limits: ServeLimits(maxBodyBytes: 1_000))
        let big = #"{"input": ""# + String(repeating: "x,", count: 2_000) + #"", "example": "x\n"}"#
        try await TestServers.withClient(server) { client in
            let answer = try await client.post("/v1/solve", json: big)
            #expect(answer.status == 413)
            #expect(answer.problemType == "urn:winnow:problem:too-large")
            #expect(answer.detail.contains("--max-body-bytes"))
        }
    }

    @Test func aTableOverTheCellCapIsRefusedWith413AndToldToStream() async throws {
        let server = try TestServers.server(limits: ServeLimits(maxCells: 100))
        let rows = Array(repeating: #"["a","b","c"]"#, count: 60).joined(separator: ",")
        try await TestServers.withClient(server) { client in
            let answer = try await client.post("/v1/apply", json: #"{"program": [], "table": [\#(rows)]}"#)
            #expect(answer.status == 413)
            #expect(answer.detail.contains("180 cells"))
            #expect(answer.detail.contains("text/csv"))
        }
    }

    @Test func aStreamedBodyOverTheStreamCapIsRefusedWith413AndLeavesNoSpoolFile() async throws {
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-spool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: spool) }
        let server = try TestServers.server(limits: ServeLimits(maxStreamBytes: 64), spoolDirectory: spool.path)
        try await TestServers.withClient(server) { client in
            let answer = try await client.post(
                "/v1/apply?program=%5B%5D", json: String(repeating: "a,b\n", count: 100), headers: [.contentType: "text/csv"])
            #expect(answer.status == 413)
            #expect(answer.detail.contains("--max-stream-bytes"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
    }
}
