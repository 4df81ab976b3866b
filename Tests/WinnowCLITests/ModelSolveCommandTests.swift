import Foundation
import Testing
import WinnowTestSupport

/// `winnow solve` and `winnow bench` with a model, as a user runs them: the real executable, the
/// real client over loopback to a scripted OpenAI-compatible server started here, and the real jail.
///
/// The replies are hand-written stand-ins for what a small model writes, routed by prompt; they
/// test behaviour (what is committed, when Winnow abstains, what the report counts), not accuracy.
@Suite(.serialized) struct ModelSolveCommandTests {
    /// Upper-cases the name column: right on every task below.
    static let upperProgram = """
        Sure! Here is the function:

        ```python
        def transform(table):
            return [table[0]] + [[row[0].upper()] + row[1:] for row in table[1:]]
        ```
        """
    /// Lower-cases instead: reproduces no example here.
    static let lowerProgram = "```python\ndef transform(table):\n    return [table[0]] + [[r[0].lower()] + r[1:] for r in table[1:]]\n```"
    /// Hard-codes the example's output: passes the example, wrong on any other input.
    static let hardCodedProgram = "```python\ndef transform(table):\n    return [[\"name\", \"age\"], [\"ZED\", \"31\"]]\n```"

    /// A task: upper-case the names. `name` also tells the scripted server which task a prompt is about.
    static func task(_ id: String, example name: String, query: String) -> String {
        """
        {"id": "\(id)", "domain": "table",
         "examples": [{"input": [["name", "age"], ["\(name)", "31"]], "output": [["name", "age"], ["\(name.uppercased())", "31"]]}],
         "queries": [{"input": [["name", "age"], ["\(query)", "40"]]}],
         "answers": [[["name", "age"], ["\(query.uppercased())", "40"]]]}
        """
    }

    enum Kind { case models, direct, repair, program }

    static func kind(_ request: ScriptedOpenAIServer.Request) -> (Kind, String) {
        if request.method == "GET" { return (.models, "") }
        let messages = request.body["messages"] as? [any Sendable] ?? []
        let prompt = (messages.last as? [String: any Sendable])?["content"] as? String ?? ""
        if prompt.contains("Answer with the transformed table only") { return (.direct, prompt) }
        if prompt.contains("This Python function was meant") { return (.repair, prompt) }
        return (.program, prompt)
    }

    static let modelList = ScriptedOpenAIServer.Reply(status: 200, body: #"{"object":"list","data":[{"id":"scripted-4b"}]}"#)

    static func write(_ folder: TemporaryFolder, _ name: String, _ text: String) throws -> String { try folder.write(name, text) }

    @Test func aModelProgramThatReproducesTheExampleIsCommittedWithItsOrigin() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            switch Self.kind(request).0 {
            case .models: return Self.modelList
            case .direct: return .completion([#"[["name","age"],["bob","40"]]"#])
            case .repair, .program: return .completion([Self.upperProgram])
            }
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let task = try folder.write("upper.json", Self.task("upper", example: "Ann", query: "Bob"))
        let result = try await Winnow.run(["solve", task, "--model", server.baseURL.absoluteString, "--gate", "program", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let record = try jsonObject(result.stdout)
        #expect(record["decision"] as? String == "program")
        #expect(record["origin"] as? String == "model-program")
        #expect(record["status"] as? String == "solved")
        #expect(record["prompt"] as? String == "program")
        #expect(record["outputs"] as? [[[String]]] == [[["name", "age"], ["BOB", "40"]]])
        let candidates = try #require(record["candidates"] as? [String: Any])
        #expect(candidates["direct_agrees"] as? Bool == false)
        #expect((record["python"] as? String)?.contains("row[0].upper()") == true)
        let model = try #require(record["model"] as? [String: Any])
        #expect(model["name"] as? String == "scripted-4b")
        #expect(model["requests"] as? Int == 2)
    }

    /// Issue 16, item 10, end to end: a model program that writes a host file inside try/except
    /// returns the right table in the jail, but it is neither committed nor exported: `solve`
    /// abstains, says why (reason side-effects, with what it tried) in text and in `--json`, and
    /// `--emit python` prints no script. The host file is untouched.
    @Test func aModelProgramThatTriedAHostWriteIsNeitherCommittedNorExported() async throws {
        let folder = try TemporaryFolder()
        let hostFile = folder.path("written-by-the-model.txt")
        let program = """
            ```python
            def transform(table):
                try:
                    with open('\(hostFile)', 'w') as f:
                        f.write('x')
                except OSError:
                    pass
                return [table[0]] + [[row[0].upper()] + row[1:] for row in table[1:]]
            ```
            """
        let server = try ScriptedOpenAIServer { request, _ in
            switch Self.kind(request).0 {
            case .models: return Self.modelList
            case .direct: return .completion([#"[["BOB","40","extra"]]"#])
            case .repair, .program: return .completion([program])
            }
        }
        defer { server.stop() }
        let task = try folder.write("upper.json", Self.task("upper", example: "Ann", query: "Bob"))
        let json = try await Winnow.run(["solve", task, "--model", server.baseURL.absoluteString, "--gate", "program", "--json"])
        #expect(json.status == 4, "\(json.stderr)")
        let record = try jsonObject(json.stdout)
        #expect(record["decision"] as? String == "abstained")
        #expect(record["python"] is NSNull)
        #expect((record["reason"] as? String)?.contains("refused (side-effects): tried file: open \(hostFile)") == true, "\(record)")
        let candidates = try #require(record["candidates"] as? [String: Any])
        let refused = try #require(candidates["refused"] as? [[String: Any]])
        #expect(refused.count == 1)
        #expect(refused.first?["reason"] as? String == "side-effects")
        let attempts = try #require(refused.first?["side_effects"] as? [[String: Any]])
        #expect(attempts.map { $0["detail"] as? String } == [hostFile])
        #expect(attempts.first?["kind"] as? String == "file")

        let text = try await Winnow.run(["solve", task, "--model", server.baseURL.absoluteString, "--gate", "program"])
        #expect(text.stdout.contains("refused (side-effects): it tried file: open \(hostFile) in the jail"), "\(text.stdout)")
        let emitted = try await Winnow.run(["solve", task, "--model", server.baseURL.absoluteString, "--gate", "program", "--emit", "python"])
        #expect(emitted.status != 0)
        #expect(!emitted.stdout.contains("def transform"), "\(emitted.stdout)")
        #expect(!FileManager.default.fileExists(atPath: hostFile))
    }

    /// Every exported model program says first that a model wrote it and that it ran only in the jail.
    @Test func anExportedModelProgramStartsWithAModelWrittenHeader() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            switch Self.kind(request).0 {
            case .models: return Self.modelList
            case .direct: return .completion([#"[["name","age"],["BOB","40"]]"#])
            case .repair, .program: return .completion([Self.upperProgram])
            }
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let task = try folder.write("upper.json", Self.task("upper", example: "Ann", query: "Bob"))
        let result = try await Winnow.run(["solve", task, "--model", server.baseURL.absoluteString, "--gate", "program", "--emit", "python"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").prefix(3).map(String.init)
        #expect(lines.first == "#!/usr/bin/env python3")
        #expect(lines.dropFirst().first?.hasPrefix("# MODEL-WRITTEN CODE: a language model wrote this program") == true, "\(lines)")
        #expect(result.stdout.contains("Winnow ran it only inside its jail"))
        #expect(result.stdout.contains("def transform(table):"))
    }

    @Test func nothingVerifiedAndAnInsaneAnswerAbstainsWithExit4() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            switch Self.kind(request).0 {
            case .models: return Self.modelList
            case .direct: return .completion([#"[["BOB","40","extra"]]"#])
            case .repair, .program: return .completion([Self.lowerProgram])
            }
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let task = try folder.write("upper.json", Self.task("upper", example: "Ann", query: "Bob"))
        let result = try await Winnow.run(["solve", task, "--model", server.baseURL.absoluteString, "--gate", "ensemble", "--json"])
        #expect(result.status == 4, "\(result.stderr)")
        let record = try jsonObject(result.stdout)
        #expect(record["decision"] as? String == "abstained")
        #expect(record["origin"] is NSNull)
        #expect(record["outputs"] as? [[[String]]] == [])
        let reason = try #require(record["reason"] as? String)
        #expect(reason.contains("no program of 8 reproduced the example"), "\(reason)")
        #expect(reason.contains("sanity check"), "\(reason)")
        // Four prompts, four repairs, one direct answer; the listing is asked first.
        #expect(server.requests.filter { $0.method == "POST" }.count == 9)

        let text = try await Winnow.run(["solve", task, "--model", server.baseURL.absoluteString, "--gate", "ensemble"])
        #expect(text.status == 4)
        #expect(text.stdout.contains("task upper: abstained"))
    }

    @Test func aRecordedRunReplaysOfflineAndAChangedRunFailsLoudly() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            switch Self.kind(request).0 {
            case .models: return Self.modelList
            case .direct: return .completion([#"[["name","age"],["BOB","40"]]"#])
            case .program: return .completion([Self.lowerProgram])
            case .repair: return .completion([Self.upperProgram])
            }
        }
        let folder = try TemporaryFolder()
        let task = try folder.write("upper.json", Self.task("upper", example: "Ann", query: "Bob"))
        let cassette = folder.path("run.jsonl")
        let live = try await Winnow.run(["solve", task, "--model", server.baseURL.absoluteString, "--gate", "program", "--json", "--record", cassette])
        server.stop()
        #expect(live.status == 0, "\(live.stderr)")
        let recorded = try jsonObject(live.stdout)
        #expect(recorded["origin"] as? String == "repair")

        let replayed = try await Winnow.run(["solve", task, "--replay", cassette, "--gate", "program", "--json"])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        let again = try jsonObject(replayed.stdout)
        for key in ["decision", "origin", "prompt", "python", "status"] {
            #expect(again[key] as? String == recorded[key] as? String, "\(key)")
        }
        #expect(again["outputs"] as? [[[String]]] == recorded["outputs"] as? [[[String]]])

        let changed = try await Winnow.run(["solve", task, "--replay", cassette, "--gate", "program", "--temperature", "0.3"])
        #expect(changed.status == 65)
        #expect(changed.stderr.contains("does not match"), "\(changed.stderr)")
    }

    @Test func anUnreachableModelExits76BeforeAnyWork() async throws {
        let folder = try TemporaryFolder()
        let task = try folder.write("upper.json", Self.task("upper", example: "Ann", query: "Bob"))
        let result = try await Winnow.run(["solve", task, "--model", "http://127.0.0.1:\(ModelsCommandTests.freePort())/v1"])
        #expect(result.status == 76)
        #expect(result.stderr.contains("cannot reach the server"))
    }

    @Test func aGateWithoutAModelIsAUsageError() async throws {
        let result = try await Winnow.run(["solve", Winnow.shippedTask("contact-cards-to-rows"), "--gate", "program"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--gate needs a model"))
    }

    @Test func searchAndModelCommitsTheSearchPipelineWithoutAskingTheModel() async throws {
        let server = try ScriptedOpenAIServer { request, _ in
            Self.kind(request).0 == .models ? Self.modelList : .completion([Self.upperProgram])
        }
        defer { server.stop() }
        let result = try await Winnow.run(["solve", Winnow.shippedTask("contact-cards-to-rows"), "--model", server.baseURL.absoluteString, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let record = try jsonObject(result.stdout)
        #expect(record["origin"] as? String == "search")
        #expect(record["gate"] as? String == "search+model")
        #expect((record["program"] as? [String])?.isEmpty == false)
        #expect(server.requests.filter { $0.method == "POST" }.isEmpty)
    }

    @Test func benchComparesGateModesOnTheSameRepliesAndCountsRecoveriesAndRegressions() async throws {
        // Task "ann": the program is right, the direct answer wrong: a recovery for program mode.
        // Task "zed": the program hard-codes the example (passes it, wrong on the query) while the
        // direct answer is right: a regression, and a disagreement the direct answer wins.
        let server = try ScriptedOpenAIServer { request, _ in
            let (kind, prompt) = Self.kind(request)
            let zed = prompt.contains("Zed")
            switch kind {
            case .models: return Self.modelList
            case .direct: return .completion([zed ? #"[["name","age"],["YAN","40"]]"# : #"[["name","age"],["bob","40"]]"#])
            case .program, .repair: return .completion([zed ? Self.hardCodedProgram : Self.upperProgram])
            }
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let tasks = folder.url.appendingPathComponent("tasks")
        try FileManager.default.createDirectory(at: tasks, withIntermediateDirectories: true)
        try Data(Self.task("ann", example: "Ann", query: "Bob").utf8).write(to: tasks.appendingPathComponent("ann.json"))
        try Data(Self.task("zed", example: "Zed", query: "Yan").utf8).write(to: tasks.appendingPathComponent("zed.json"))
        let results = folder.path("results.jsonl")
        let result = try await Winnow.run([
            "bench", tasks.path, "--model", server.baseURL.absoluteString, "--gate", "program,ensemble", "--json", "--results", results,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try jsonObject(result.stdout)
        let summary = try #require(document["summary"] as? [String: Any])
        let modes = try #require(summary["modes"] as? [[String: Any]])
        #expect(modes.map { $0["gate"] as? String } == ["direct", "program", "ensemble"])
        let direct = modes[0], program = modes[1]
        #expect(direct["perfect"] as? Int == 1)
        #expect(program["perfect"] as? Int == 1)
        #expect(program["recoveries"] as? Int == 1)
        #expect(program["regressions"] as? Int == 1)
        #expect(program["programsCommitted"] as? Int == 2)
        #expect(program["programsPerfect"] as? Int == 1)
        #expect(program["disagreements"] as? Int == 2)
        #expect(program["directRight"] as? Int == 1)
        #expect(program["programRight"] as? Int == 1)
        let posts = server.requests.filter { $0.method == "POST" }.count
        // Per task: one direct answer and the four ensemble prompts; no repair (every prompt passed).
        #expect(posts == 10)

        // The results file resumes every case: no request is made again.
        let rerun = try await Winnow.run([
            "bench", tasks.path, "--model", server.baseURL.absoluteString, "--gate", "program,ensemble", "--json", "--results", results,
        ])
        #expect(rerun.status == 0)
        #expect(server.requests.filter { $0.method == "POST" }.count == posts)
        let text = try await Winnow.run(["bench", tasks.path, "--model", server.baseURL.absoluteString, "--gate", "program", "--results", results])
        #expect(text.stdout.contains("disagreement slice"))
    }
}
