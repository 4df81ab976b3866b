import Foundation
import Testing
import WinnowTestSupport

/// `winnow search` on the table domain, as a user runs it.
@Suite(.serialized) struct SearchCommandTests {
    static var bench: String { Winnow.fixtures.appendingPathComponent("bench").path }
    static var threeCandidates: String { Winnow.fixtures.appendingPathComponent("bench/exp0_33_2.txt").path }

    static func summaries(_ document: [String: Any]) throws -> [String: [String: Any]] {
        let policies = try #require(document["policies"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: policies.map { ($0["policy"] as! String, $0) })
    }

    @Test func theHeuristicIsReportedBesideFirstAndTheOracle() async throws {
        let result = try await Winnow.run(["search", Self.bench, "--policy", "heuristic", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try jsonObject(result.stdout)
        let summary = try #require(document["summary"] as? [String: Any])
        for key in ["correct", "wrong", "abstained", "queries", "executions", "headroom_captured"] {
            #expect(summary[key] != nil, "summary lacks \(key)")
        }
        let lines = try Self.summaries(document)
        #expect(Set(lines.keys) == ["first", "heuristic", "oracle"])
        let first = try #require(lines["first"]?["correct"] as? Int)
        let heuristic = try #require(lines["heuristic"]?["correct"] as? Int)
        let oracle = try #require(lines["oracle"]?["correct"] as? Int)
        #expect(first <= oracle && heuristic <= oracle)
        #expect(lines["first"]?["executions"] as? Int == 0)
        // The Foofah placeholder answer makes exp0_3_1 unscored, never wrong.
        #expect(document["unscored"] as? [String] == ["exp0_3_1"])
        let decisions = try #require(document["decisions"] as? [[String: Any]])
        #expect(decisions.count == lines["heuristic"]?["tasks"] as? Int)
    }

    @Test func aQueryBudgetIsSpentOnlyWhereCandidatesDisagree() async throws {
        let result = try await Winnow.run(["search", Self.threeCandidates, "--policy", "heuristic", "--budget", "queries=1,executions=100", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try jsonObject(result.stdout)["summary"] as? [String: Any])
        #expect(summary["correct"] as? Int == 1)
        #expect((summary["queries"] as? Int ?? 9) <= 1)
        #expect((summary["executions"] as? Int ?? 999) <= 100)
    }

    @Test func aTaskWithoutHiddenAnswersIsAClearError() async throws {
        let folder = try TemporaryFolder()
        let task = try folder.write("t.json", #"{"id": "t", "domain": "table", "examples": [{"input": [["a", "b"]], "output": [["b", "a"]]}], "queries": [{"input": [["c", "d"]]}]}"#)
        let result = try await Winnow.run(["search", task, "--budget", "queries=1"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no task has hidden answers"))
    }

    @Test func anEmptyPoolAbstainsCleanly() async throws {
        let folder = try TemporaryFolder()
        // No operator invents the letter z: the pool is empty.
        let task = try folder.write("t.json", #"{"id": "t", "domain": "table", "examples": [{"input": [["a", "b"]], "output": [["z"]]}], "queries": [{"input": [["c", "d"]]}], "answers": [[["z"]]]}"#)
        let result = try await Winnow.run(["search", task, "--policy", "heuristic", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try jsonObject(result.stdout)["summary"] as? [String: Any])
        #expect(summary["abstained"] as? Int == 1)
        #expect(summary["wrong"] as? Int == 0)
    }

    @Test func badBudgetsAndPoliciesAreUsageErrors() async throws {
        #expect(try await Winnow.run(["search", Self.bench, "--budget", "queries=-1"]).status == 64)
        #expect(try await Winnow.run(["search", Self.bench, "--budget", "tokens=3"]).status == 64)
        #expect(try await Winnow.run(["search", Self.bench, "--policy", "clever"]).status == 64)
        #expect(try await Winnow.run(["search", Self.bench, "--policy", "model"]).status == 64)
    }

    @Test func theModelPolicyActsOnWhatTheModelSaysAndAbstainsOnNonsense() async throws {
        // A scripted stand-in for the model: look first, then commit candidate 1.
        let server = try ScriptedOpenAIServer { request, _ in
            if request.method == "GET" { return ScriptedOpenAIServer.Reply(status: 200, body: #"{"data":[{"id":"scripted"}]}"#) }
            let messages = request.body["messages"] as? [any Sendable] ?? []
            let prompt = (messages.last as? [String: any Sendable])?["content"] as? String ?? ""
            return .completion([prompt.contains("nothing yet") ? "EXECUTE 0" : "COMMIT 1"])
        }
        defer { server.stop() }
        let result = try await Winnow.run(["search", Self.threeCandidates, "--policy", "model", "--model", server.baseURL.absoluteString, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try jsonObject(result.stdout)
        let decision = try #require((document["decisions"] as? [[String: Any]])?.first)
        #expect(decision["actions"] as? [String] == ["execute 3 on probe 0", "commit 1"])
        #expect(decision["committed"] as? Int == 1)

        let nonsense = try ScriptedOpenAIServer { request, _ in
            request.method == "GET" ? ScriptedOpenAIServer.Reply(status: 200, body: #"{"data":[{"id":"scripted"}]}"#) : .completion(["I think the second one, probably."])
        }
        defer { nonsense.stop() }
        let confused = try await Winnow.run(["search", Self.threeCandidates, "--policy", "model", "--model", nonsense.baseURL.absoluteString, "--json"])
        let summary = try #require(try jsonObject(confused.stdout)["summary"] as? [String: Any])
        #expect(summary["abstained"] as? Int == 1)
        #expect(summary["wrong"] as? Int == 0)
    }

    @Test func theAggregateDomainIsReadFromTheTaskFile() async throws {
        let sample = Winnow.fixtures.appendingPathComponent("aggregates-sample.jsonl").path
        let result = try await Winnow.run(["search", sample, "--policy", "heuristic", "--budget", "queries=1,executions=500", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try jsonObject(result.stdout)
        let lines = try Self.summaries(document)
        #expect(lines["oracle"]?["tasks"] as? Int == 3)
        #expect((lines["heuristic"]?["queries"] as? Int ?? 99) <= 3)
        #expect(lines["heuristic"]?["wrong"] as? Int == 0)
    }

    @Test func theHeuristicsRankPriorIsFittedOnACalibrationFileWithAnswers() async throws {
        let sample = Winnow.fixtures.appendingPathComponent("aggregates-sample.jsonl").path
        let calibrated = try await Winnow.run(["search", sample, "--policy", "heuristic", "--calibrate", sample, "--json"])
        #expect(calibrated.status == 0, "\(calibrated.stderr)")
        // Zero queries and a prior fitted where the first candidate is right: the heuristic then
        // commits what first commits, where the default prior may not.
        let lines = try Self.summaries(try jsonObject(calibrated.stdout))
        #expect(lines["heuristic"]?["correct"] as? Int == lines["first"]?["correct"] as? Int)
        #expect(lines["heuristic"]?["abstained"] as? Int == 0)

        let folder = try TemporaryFolder()
        let unanswered = try folder.write("u.jsonl", #"{"id": "u", "domain": "aggregates", "examples": [{"input": [1, 2], "output": 3}], "queries": [{"input": [4]}]}"#)
        let refused = try await Winnow.run(["search", sample, "--policy", "heuristic", "--calibrate", unanswered])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("nothing calibrates the prior"))
    }

    @Test func anUnknownDomainIsBadInput() async throws {
        let folder = try TemporaryFolder()
        let task = try folder.write("t.json", #"{"id": "t", "domain": "strings", "examples": [], "queries": []}"#)
        let result = try await Winnow.run(["search", task])
        #expect(result.status == 65)
        #expect(result.stderr.contains("unknown domain"))
    }

    @Test func aTrainedPolicyIsEvaluatedBesideItsControls() async throws {
        let sample = Winnow.fixtures.appendingPathComponent("aggregates-sample.jsonl").path
        let folder = try TemporaryFolder()
        let policy = folder.path("policy.json")
        let trained = try await Winnow.run(["train-policy", sample, "--epochs", "2", "-o", policy])
        #expect(trained.status == 0, "\(trained.stderr)")
        for file in ["policy.json", "policy.shuffled-rewards.json", "policy.scrambled-features.json"] {
            #expect(folder.exists(file), "\(file) was not written")
        }
        let result = try await Winnow.run(["search", sample, "--policy", "learned:\(policy)", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try Self.summaries(try jsonObject(result.stdout))
        #expect(Set(lines.keys) == ["first", "learned", "learned-shuffled-rewards", "learned-scrambled-features", "oracle"])

        try folder.write("broken.json", #"{"formatVersion": 1, "layers": []}"#)
        let broken = try await Winnow.run(["search", sample, "--policy", "learned:\(folder.path("broken.json"))"])
        #expect(broken.status == 78)
        #expect(broken.stderr.contains("not a learned policy"))
    }

    @Test func theGeneratorIsDeterministicInItsSeed() async throws {
        let a = try TemporaryFolder(), b = try TemporaryFolder()
        for folder in [a, b] {
            let result = try await Winnow.run(["generate", "aggregates", "--seed", "3", "--train", "4", "--heldout", "2", "-o", folder.url.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        for file in ["train.jsonl", "heldout.jsonl"] {
            let first = try String(contentsOfFile: a.path(file), encoding: .utf8)
            #expect(!first.isEmpty)
            #expect(first == (try String(contentsOfFile: b.path(file), encoding: .utf8)))
        }
        // Keeping ambiguous tasks changes which tasks a seed gives.
        let c = try TemporaryFolder()
        let ambiguous = try await Winnow.run(["generate", "aggregates", "--seed", "3", "--train", "30", "--heldout", "0", "--allow-ambiguous", "-o", c.url.path])
        #expect(ambiguous.status == 0, "\(ambiguous.stderr)")
        let decisive = try await Winnow.run(["generate", "aggregates", "--seed", "3", "--train", "30", "--heldout", "0", "-o", a.url.path])
        #expect(decisive.status == 0)
        #expect(try String(contentsOfFile: c.path("train.jsonl"), encoding: .utf8) != (try String(contentsOfFile: a.path("train.jsonl"), encoding: .utf8)))
    }

    @Test func theSearchBenchmarkWritesItsSectionWithControlsBesideEachLearnedPolicy() async throws {
        let sample = Winnow.fixtures.appendingPathComponent("aggregates-sample.jsonl").path
        let folder = try TemporaryFolder()
        let markdown = folder.path("BENCHMARKS.md")
        let result = try await Winnow.run([
            "bench-search", "--aggregates-train", sample, "--aggregates-heldout", sample, "--markdown", markdown, "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let sections = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(sections.count == 2)
        let names = (sections[0]["policies"] as? [[String: Any]] ?? []).compactMap { $0["policy"] as? String }
        for method in ["grpo", "dpo"] {
            for name in ["learned", "learned-shuffled-rewards", "learned-scrambled-features"] {
                #expect(names.contains("\(name) (\(method))"), "\(names)")
            }
        }
        #expect(names.first == "first" && names.last == "oracle")
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.contains("<!-- begin winnow bench-search -->"))
        #expect(text.contains("headroom captured"))
    }

    @Test func withAModelTablePoolsAlsoHoldModelProgramsThatReproduceTheExample() async throws {
        // Search without cell programs cannot upper-case; the scripted stand-in's program can, and
        // it joins the pool.
        let server = try ScriptedOpenAIServer { request, _ in
            if request.method == "GET" { return ScriptedOpenAIServer.Reply(status: 200, body: #"{"data":[{"id":"scripted"}]}"#) }
            let messages = request.body["messages"] as? [any Sendable] ?? []
            let prompt = (messages.last as? [String: any Sendable])?["content"] as? String ?? ""
            if prompt.contains("Answer with the transformed table only") { return .completion(["[]"]) }
            return .completion([ModelSolveCommandTests.upperProgram])
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let task = try folder.write("upper.json", ModelSolveCommandTests.task("upper", example: "Ann", query: "Bob"))
        let layoutOnly = try folder.write(
            "text.json", #"{"domain": "text", "parts": {"derive": {"enabled": false}, "replace": {"enabled": false}}}"#)
        let result = try await Winnow.run([
            "search", task, "--policy", "heuristic", "--budget", "queries=1", "--model", server.baseURL.absoluteString,
            "--text-inventory", layoutOnly,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("task upper: 1 candidate"))
        #expect(result.stdout.contains("committed: model program 1 (prompt program)"))
        let json = try await Winnow.run([
            "search", task, "--policy", "heuristic", "--budget", "queries=1", "--model", server.baseURL.absoluteString, "--json",
            "--text-inventory", layoutOnly,
        ])
        let summary = try #require(try jsonObject(json.stdout)["summary"] as? [String: Any])
        #expect(summary["correct"] as? Int == 1, "\(json.stdout)")
    }

    /// Side effects are evidence on probes too: a program that passes the gate (the example and
    /// the held-out input) but tries to write a host file on the other probes joins no pool.
    @Test func aModelProgramThatTriesASideEffectOnAProbeIsNoCandidate() async throws {
        let folder = try TemporaryFolder()
        let hostFile = folder.path("written-on-a-probe.txt")
        let program = """
            ```python
            def transform(table):
                if table not in ([["name", "age"], ["Ann", "31"]], [["name", "age"], ["Bob", "40"]]):
                    try:
                        open('\(hostFile)', 'w').write('x')
                    except OSError:
                        pass
                return [table[0]] + [[row[0].upper()] + row[1:] for row in table[1:]]
            ```
            """
        let server = try ScriptedOpenAIServer { request, _ in
            if request.method == "GET" { return ScriptedOpenAIServer.Reply(status: 200, body: #"{"data":[{"id":"scripted"}]}"#) }
            let messages = request.body["messages"] as? [any Sendable] ?? []
            let prompt = (messages.last as? [String: any Sendable])?["content"] as? String ?? ""
            if prompt.contains("Answer with the transformed table only") { return .completion(["[]"]) }
            return .completion([program])
        }
        defer { server.stop() }
        let task = try folder.write("upper.json", ModelSolveCommandTests.task("upper", example: "Ann", query: "Bob"))
        let layoutOnly = try folder.write(
            "text.json", #"{"domain": "text", "parts": {"derive": {"enabled": false}, "replace": {"enabled": false}}}"#)
        let result = try await Winnow.run([
            "search", task, "--policy", "heuristic", "--budget", "queries=1", "--model", server.baseURL.absoluteString,
            "--text-inventory", layoutOnly,
        ])
        #expect(!result.stdout.contains("model program"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: hostFile))
    }
}
