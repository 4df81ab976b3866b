import Foundation
import Synchronization
import Testing
import WinnowCore
import WinnowGate
@testable import WinnowJail
import WinnowModel
import WinnowTables
import WinnowTestSupport

/// What the gated-loop tests share: a real jail pool from the shipped profile, a real client
/// against the scripted server, a scripted model that answers each shipped prompt by its text, and
/// one small task.
enum GateFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    // MARK: The task

    /// Upper-case the names, keep the header and the ages.
    static let example = Example<Table>(input: [["name", "age"], ["Ann", "31"]], output: [["name", "age"], ["ANN", "31"]])
    static let query: Table = [["name", "age"], ["Bob", "40"]]
    /// The held-out answer: for the tests' own assertions only, never given to the solver.
    static let answer: Table = [["name", "age"], ["BOB", "40"]]
    static let task = SynthesisTask(id: "upper-names", domain: "table", examples: [example], queries: [query])

    // MARK: The jail

    static var profilePath: String { packageRoot.appendingPathComponent("sandboxes/python3.json").path }

    /// The wall limit of a candidate that is not meant to hang: one no loaded machine reaches
    /// first, so an honest candidate is never refused as a timeout while the whole suite runs.
    static let ampleWallMilliseconds = 20_000

    /// The shipped profile under another wall limit (by default the ample one).
    static func profile(wallMilliseconds: Int = ampleWallMilliseconds) throws -> JailProfile {
        var profile = try JailProfile.load(path: profilePath)
        profile.limits.wallMilliseconds = wallMilliseconds
        return profile
    }

    /// Runs `body` with a fresh pool of one zygote and always shuts it down; then checks that the
    /// pool left no process and no cgroup behind.
    static func withPool<T>(size: Int = 1, wallMilliseconds: Int = ampleWallMilliseconds, _ body: (JailPool) async throws -> T) async throws -> T {
        let pool = try await JailPool(profile: try profile(wallMilliseconds: wallMilliseconds), size: size)
        let groups = await pool.processGroups
        do {
            let result = try await body(pool)
            await pool.shutdown()
            expectNothingLeft(groups)
            return result
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    /// Checks the pool still answers a normal job correctly.
    static func expectHealthy(_ pool: JailPool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let verdict = try await pool.run(Job(source: "def transform(t):\n    return [list(reversed(r)) for r in t]\n", input: [["a", "b"]]))
        #expect(verdict == .ok([["b", "a"]]), sourceLocation: sourceLocation)
    }

    /// Asserts that no process of the given jails and none of their cgroups remain.
    static func expectNothingLeft(_ groups: [Int32], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!groups.isEmpty, sourceLocation: sourceLocation)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let left = names.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { return false }
            // After "comm)": state, ppid, pgrp.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[2]).map(groups.contains) == true
        }
        #expect(left.isEmpty, "processes left in \(groups): \(left)", sourceLocation: sourceLocation)
        let cgroups = CgroupJanitor.existing().filter { path in groups.contains { path.hasSuffix("winnow-jail-\($0)") } }
        #expect(cgroups.isEmpty, "cgroups left: \(cgroups)", sourceLocation: sourceLocation)
    }

    /// A path on the host that a hostile program tries to create; the caller checks it never appears.
    static func hostPath(_ name: String) -> String {
        NSTemporaryDirectory() + "winnow-gate-test-\(name)-\(UUID().uuidString)"
    }

    // MARK: Search

    static func inventory() throws -> Inventory {
        try Inventory.load(path: packageRoot.appendingPathComponent("inventories/tables.json").path)
    }

    // MARK: The model

    /// The real client against `server`, quick to give up.
    static func client(_ server: ScriptedOpenAIServer, retries: Int = 1) -> OpenAICompatibleClient {
        var configuration = OpenAICompatibleClient.Configuration(baseURL: server.baseURL, model: "qwen3-4b", apiKey: nil)
        configuration.timeoutSeconds = 10
        configuration.maxRetries = retries
        configuration.backoffSeconds = 0.01
        return OpenAICompatibleClient(configuration)
    }

    /// A solver over the real client, the real checker and the given pool.
    static func solver(
        _ server: ScriptedOpenAIServer, pool: JailPool, search: TableSolver? = nil, samples: Int = 1, retries: Int = 1
    ) -> GatedSolver {
        var options = SamplingOptions()
        options.samples = samples
        let proposer = ModelProposer(model: client(server, retries: retries), programOptions: options)
        return GatedSolver(search: search, proposer: proposer, checker: ProgramChecker(executor: pool))
    }

    /// Starts a scripted server that answers each request by the shipped prompt it carries: the
    /// n-th request of a kind gets the n-th reply listed for it (the last one once they run out).
    /// A kind with no reply listed is answered 400, so an unexpected prompt shows up as a model error.
    /// With `refusingSchema`, any request carrying `response_format` is answered 400 as well, as
    /// servers without structured output do.
    static func server(_ replies: [PromptKind: [String]], refusingSchema: Bool = false) throws -> ScriptedOpenAIServer {
        let seen = Tally()
        return try ScriptedOpenAIServer { request, _ in
            if refusingSchema, request.body["response_format"] != nil {
                return .error(400, "response_format is not supported")
            }
            guard let kind = PromptKind.of(request), let list = replies[kind], !list.isEmpty else {
                return .error(400, "no scripted reply for this prompt")
            }
            return .completion([list[min(seen.next(kind), list.count - 1)]])
        }
    }

    /// The prompt text (the first message's content) a request carried.
    static func prompt(of request: ScriptedOpenAIServer.Request) -> String? {
        (request.body["messages"] as? [[String: any Sendable]])?.first?["content"] as? String
    }

    /// The prompts of every request of one kind, in arrival order.
    static func prompts(_ kind: PromptKind, in server: ScriptedOpenAIServer) -> [String] {
        server.requests.filter { PromptKind.of($0) == kind }.compactMap(prompt(of:))
    }

    /// How many requests of each kind the server received.
    static func requestCounts(_ server: ScriptedOpenAIServer) -> [PromptKind: Int] {
        server.requests.reduce(into: [:]) { counts, request in
            if let kind = PromptKind.of(request) { counts[kind, default: 0] += 1 }
        }
    }

    /// Counts requests per kind across the server's threads.
    final class Tally: Sendable {
        private let counts = Mutex<[PromptKind: Int]>([:])
        /// The number of earlier requests of `kind`, and counts this one.
        func next(_ kind: PromptKind) -> Int {
            counts.withLock { counts in
                defer { counts[kind, default: 0] += 1 }
                return counts[kind, default: 0]
            }
        }
    }

    // MARK: Hand-written stand-ins for replies

    /// A program in a ```python fence with prose around it, the way small models tend to answer.
    /// Written by hand for these tests: it is not output of any model.
    static func fenced(_ code: String, before: String = "Here is a function that applies the transformation:", after: String = "The header row is kept as it is.") -> String {
        "\(before)\n\n```python\n\(code)```\n\n\(after)"
    }

    /// A direct answer in a ```json fence (hand-written stand-in).
    static func jsonAnswer(_ table: Table) -> String {
        "```json\n" + PromptTemplate.render(table) + "\n```"
    }

    /// Programs the scripted replies carry.
    enum Programs {
        /// Correct: upper-cases every name below the header.
        static let upperNames = """
            def transform(table: list[list[str]]) -> list[list[str]]:
                header, *rows = table
                return [header] + [[row[0].upper()] + row[1:] for row in rows]

            """
        /// Wrong in one cell of the example: lower-cases the names.
        static let lowerNames = """
            def transform(table: list[list[str]]) -> list[list[str]]:
                header, *rows = table
                return [header] + [[row[0].lower()] + row[1:] for row in rows]

            """
        /// Wrong in one cell of the example: returns the table as it came.
        static let unchanged = """
            def transform(table: list[list[str]]) -> list[list[str]]:
                return [list(row) for row in table]

            """
        /// Reproduces the example, but it only knows Ann: raises on any other table.
        static let onlyAnn = """
            def transform(table: list[list[str]]) -> list[list[str]]:
                if table[1][0] != "Ann":
                    raise ValueError("unknown name " + table[1][0])
                return [table[0], ["ANN", table[1][1]]]

            """
        /// Correct for the ensemble test, by column index rather than unpacking.
        static let upperFirstColumn = """
            def transform(table: list[list[str]]) -> list[list[str]]:
                out = [table[0]]
                for i in range(1, len(table)):
                    out.append([table[i][0].upper()] + table[i][1:])
                return out

            """
    }
}

/// Which shipped prompt a request carries, told by a line that only that prompt file has.
enum PromptKind: String, CaseIterable, Sendable, Hashable {
    case direct
    case repair
    case program
    case programSteps = "program-steps"
    case programGeneral = "program-general"
    case programColumns = "program-columns"

    /// A line of the prompt file that no other prompt file has.
    var marker: String {
        switch self {
        case .direct: return "Answer with the transformed table only"
        case .repair: return "This Python function was meant to turn"
        case .program: return "Write a Python 3 function that transforms tables."
        case .programSteps: return "A spreadsheet needs the same reshaping applied to many files."
        case .programGeneral: return "Write a general Python function for this table transformation"
        case .programColumns: return "Columns and rows of a table must be rearranged."
        }
    }

    /// The kind whose marker the text holds (GatedSolverTests checks every shipped prompt has
    /// exactly its own marker, so a reworded prompt file breaks that test and not the routing).
    static func of(_ text: String) -> PromptKind? {
        allCases.first { text.contains($0.marker) }
    }

    static func of(_ request: ScriptedOpenAIServer.Request) -> PromptKind? {
        GateFixtures.prompt(of: request).flatMap(of)
    }
}
