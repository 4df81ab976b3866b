import Foundation
import Testing
import WinnowCore
import WinnowServe

/// `POST /v1/apply`: a committed program run on a table, whole (JSON) or streamed (CSV).
@Suite("POST /v1/apply")
struct ApplyRouteTests {
    static let program = #"["split(column: 0, on: \", \", mode: first)", "move(column: 0, to: 1)"]"#

    @Test func aJSONTableIsAnsweredAsJSONRows() async throws {
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post("/v1/apply", json: #"{"program": \#(Self.program), "table": [["Tanaka, Hiro"], ["Becker, Lena"]]}"#)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.object["rows"] as? [[String]] == [["Hiro", "Tanaka"], ["Lena", "Becker"]])
            #expect(answer.object["row_count"] as? Int == 2)
        }
    }

    @Test func csvTextWithAHeaderKeepsTheHeaderOutOfTheProgramAndAnswersCSVWhenAsked() async throws {
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post(
                "/v1/apply", json: #"{"program": \#(Self.program), "csv": "name\n\"Tanaka, Hiro\"\n", "header": true}"#,
                headers: [.contentType: "application/json", .accept: "text/csv"])
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.text == "name\r\nHiro,Tanaka\r\n")
        }
    }

    @Test func aCSVBodyIsStreamedThroughTheProgramWithTheOutputHeaderFirst() async throws {
        let records = (0..<5_000).map { "\"Name\($0), Given\($0)\"" }.joined(separator: "\n")
        let query = "program=" + Self.program.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            + "&header=true&output_header=" + #"["first","last"]"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post("/v1/apply?\(query)", json: "full name\n" + records + "\n", headers: [.contentType: "text/csv"])
            #expect(answer.status == 200, "\(answer.text.prefix(300))")
            #expect(answer.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = answer.text.components(separatedBy: "\r\n")
            #expect(lines.first == "first,last")
            #expect(lines[1] == "Given0,Name0")
            #expect(lines[5_000] == "Given4999,Name4999")
            #expect(lines.count == 5_002 && lines.last == "")
        }
    }

    @Test func aStreamedFileTheProgramCannotTakeIsA422() async throws {
        let query = "program=" + #"["drop(column: 3)"]"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post("/v1/apply?\(query)", json: "a,b\nc,d\n", headers: [.contentType: "text/csv"])
            #expect(answer.status == 422, "\(answer.text)")
            #expect(answer.problemType == "urn:winnow:problem:program-failed")
            #expect(answer.object["exit_code"] as? Int == 3)
        }
    }

    @Test func aQueryWrittenAsFormsWriteItReadsPlusAsASpace() async throws {
        let query = "program=%5B%22drop%28column%3A+1%29%22%5D&output_header=%5B%22full+name%22%5D"
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post("/v1/apply?\(query)", json: "a,b\nc,d\n", headers: [.contentType: "text/csv"])
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.text == "full name\r\na\r\nc\r\n")
            let twice = try await client.post("/v1/apply?program=%5B%5D&program=%5B%5D", json: "a\n", headers: [.contentType: "text/csv"])
            #expect(twice.status == 400)
            #expect(twice.detail.contains("given twice"))
        }
    }

    @Test func aStreamedBodyThatIsNotCSVIsNamedCsvNotItsSpoolFile() async throws {
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post("/v1/apply?program=%5B%5D", json: "a,\"b\n", headers: [.contentType: "text/csv"])
            #expect(answer.status == 400)
            #expect(answer.detail.hasPrefix("csv: line 1"), "\(answer.detail)")
            #expect(!answer.detail.contains("winnow-serve-"))
        }
    }
}
