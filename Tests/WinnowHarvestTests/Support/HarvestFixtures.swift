import Foundation
import Testing
import WinnowCore
@testable import WinnowHarvest
import WinnowJail
import WinnowTables

/// What the harvest tests share: small tasks, a real jail pool from the shipped profile, and
/// records made by hand for the data-set tests.
enum HarvestFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    // MARK: Tasks

    /// Split "name:age" cells; the held-out answer is known.
    static let splitTask = SynthesisTask<Table>(
        id: "split-colon", domain: "table",
        examples: [Example(input: [["Ann:31"], ["Bob:40"]], output: [["Ann", "31"], ["Bob", "40"]])],
        queries: [[["Cy:7"], ["Di:12"], ["Ed:99"]]],
        answers: [[["Cy", "7"], ["Di", "12"], ["Ed", "99"]]])

    /// The same with a wrong hidden answer, so a correct program fails it.
    static var splitTaskWithWrongAnswer: SynthesisTask<Table> {
        var task = splitTask
        task.id = "split-colon-wrong-answer"
        task.answers = [[["Cy", "7"], ["Di", "12"], ["Ed", "100"]]]
        return task
    }

    static let splitPipeline = Pipeline([.split(column: 0, delimiter: ":", mode: .first)])

    static func source(_ task: SynthesisTask<Table>, _ program: HarvestProgram, origin: String = "search", model: String = "") -> HarvestSource {
        HarvestSource(task: task, family: TaskFamily.of(taskID: task.id), program: program, origin: origin, model: model, round: 0, run: "fixture")
    }

    // MARK: The jail

    /// No harvest test expects a timeout, so its jobs run under a wall no loaded machine reaches
    /// (CI's two busy cores turned the shipped 1 s into timeouts in the jail suites).
    static let ampleWallMilliseconds = 20_000

    static func withPool<T>(_ body: (JailPool) async throws -> T) async throws -> T {
        var profile = try JailProfile.load(path: packageRoot.appendingPathComponent("sandboxes/python3.json").path)
        profile.limits.wallMilliseconds = ampleWallMilliseconds
        let pool = try await JailPool(profile: profile, size: 2)
        do {
            let result = try await body(pool)
            await pool.shutdown()
            return result
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    static func harvester(_ pool: JailPool, options: HarvestOptions = HarvestOptions()) -> Harvester {
        Harvester(options: options, executor: pool, now: Date(timeIntervalSince1970: 1_767_225_600))
    }

    // MARK: Records made by hand

    static func record(task: String, family: String? = nil, view: String = "program", program: String, split: String = "") -> HarvestRecord {
        let meta = HarvestMeta(
            taskID: task, domain: "table", family: family ?? task, split: split, round: 0, origin: "search", model: "", view: view,
            verifier: "pass", checksPassed: 1, checksTotal: 1, promptSHA256: SHA256.hex("prompt of \(task)"),
            programSHA256: SHA256.hex(program), pipeline: "", exampleInput: #"[["a","b"]]"#, exampleOutput: #"[["b","a"]]"#,
            checkInput: #"[["a","b"]]"#, checkOutput: #"[["b","a"]]"#, run: "fixture", created: "2026-01-01T00:00:00Z")
        return HarvestRecord(messages: [HarvestMessage(role: "user", content: "prompt of \(task)"), HarvestMessage(role: "assistant", content: program)], meta: meta)
    }
}
