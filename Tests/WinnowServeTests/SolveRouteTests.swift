import Foundation
import Testing
import WinnowCore

/// `POST /v1/solve`: the answers `solve --json` gives, through HTTP.
@Suite("POST /v1/solve")
struct SolveRouteTests {
    private static func csvExample(_ name: String) throws -> String {
        try String(contentsOf: TestServers.packageRoot.appendingPathComponent("tasks/csv-example/\(name)"), encoding: .utf8)
    }

    @Test func aShippedTaskFileIsSolvedAndItsHeldOutInputTransformedAsTheTaskAnswers() async throws {
        let body = try TestServers.task("split-last-first-names")
        let task = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let expected = try #require(task["answers"] as? [[[String]]])
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post("/v1/solve", json: String(decoding: body, as: UTF8.self))
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.object["exit_code"] as? Int == 0)
            #expect(answer.object["status"] as? String == "solved")
            let program = try #require(answer.object["program"] as? [String])
            let steps = try #require(answer.object["steps"] as? [String])
            #expect(!program.isEmpty && steps.count == program.count)
            #expect(answer.object["outputs"] as? [[[String]]] == expected)
            #expect(answer.object["script"] == nil)
        }
    }

    @Test func aCSVPairWithHeaderAnswersTheWholeFileUnderTheExampleHeaderAndAScriptThatDoesTheSame() async throws {
        let request: [String: Any] = [
            "input": try Self.csvExample("sample-in.csv"), "example": try Self.csvExample("sample-out.csv"),
            "apply": try Self.csvExample("full.csv"), "header": true, "script": true,
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
        let full = try Self.csvExample("full.csv")
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post("/v1/solve", json: json)
            #expect(answer.status == 200, "\(answer.text)")
            let outputs = try #require(answer.object["outputs"] as? [[[String]]])
            #expect(outputs.count == 1)
            #expect(outputs[0].first == ["Date", "Time", "User", "Event"])
            #expect(outputs[0].count == 41)
            #expect(outputs[0][1] == ["2024-03-07", "08:46", "diego", "logout"])
            // The script the page offers for download gives the same file from the same input.
            let script = try #require(answer.object["script"] as? String)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-serve-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try script.write(to: folder.appendingPathComponent("transform.py"), atomically: true, encoding: .utf8)
            try full.write(to: folder.appendingPathComponent("full.csv"), atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "python3 transform.py --csv --header < full.csv"]
            process.currentDirectoryURL = folder
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let produced = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(String(decoding: produced, as: UTF8.self) == CSV.render(Table(outputs[0])))
        }
    }

    @Test func anAmbiguousExampleAbstainsWithExitFourAndEachBehavioursOutputOnTheFile() async throws {
        let json = #"{"input": "7,7\n", "example": "7\n", "apply": "1,1\n2,3\n4,4\n"}"#
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post("/v1/solve", json: json)
            #expect(answer.status == 200)
            #expect(answer.object["exit_code"] as? Int == 4)
            #expect(answer.object["abstained"] as? Bool == true)
            #expect(answer.object["program"] is NSNull)
            let ambiguity = try #require(answer.object["ambiguity"] as? [String: Any])
            let disagreements = try #require(ambiguity["disagreements"] as? [[String: Any]])
            #expect(disagreements.first?["rows"] as? [Int] == [1])
            let alternatives = try #require(answer.object["alternatives"] as? [[String: Any]])
            let secondRows = alternatives.compactMap { ($0["outputs"] as? [[[String]]])?.first?[1] }
            #expect(Set(secondRows) == [["2"], ["3"]])
        }
    }

    @Test func anExampleNoProgramReachesAnswersUnsolvedWithExitTwo() async throws {
        let json = #"{"examples": [{"input": [["a"]], "output": [["zebra"], ["qq"], ["x"]]}], "timeout": 1}"#
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.post("/v1/solve", json: json)
            #expect(answer.status == 200)
            #expect(answer.object["exit_code"] as? Int == 2)
            #expect(answer.object["program"] is NSNull)
            #expect(answer.object["steps"] as? [String] == [])
        }
    }
}
