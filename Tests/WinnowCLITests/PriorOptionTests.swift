import Foundation
import Testing
import WinnowTestSupport
import WinnowCore
import WinnowLearn
import WinnowTables

@Suite("--prior on solve and bench")
struct PriorOptionTests {
    /// A prior trained on the shipped fill-down task's own solution, saved in `folder`.
    private func savedPrior(in folder: TemporaryFolder) throws -> String {
        let tasks: [SynthesisTask<Table>] = try TaskFile.load(Winnow.shippedTask("fill-down-categories"))
        let examples = tasks.flatMap { task in
            task.examples.flatMap { PriorExample.steps(of: Pipeline([.fillDown(column: 0)]), on: $0) }
        }
        let prior = LearnedSearchPrior.train(examples, config: PriorTrainingConfig(epochs: 5))
        let path = folder.path("prior.json")
        try prior.save(to: path)
        return path
    }

    @Test func solveWithAPriorCommitsTheSameProgram() async throws {
        let folder = try TemporaryFolder()
        let prior = try savedPrior(in: folder)
        let task = Winnow.shippedTask("fill-down-categories")
        let run = try await Winnow.run(["solve", "--json", "--prior", prior, task])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try jsonObject(run.stdout)["program"] as? [String] == ["fill-down(column: 0)"])
    }

    @Test func benchWithAPriorRunsEveryCase() async throws {
        let folder = try TemporaryFolder()
        let prior = try savedPrior(in: folder)
        let bench = Winnow.fixtures.appendingPathComponent("bench").path
        let run = try await Winnow.run(["bench", bench, "--json", "--prior", prior, "--max-nodes", "150", "--timeout", "600", "--jobs", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        let cases = try #require(try jsonObject(run.stdout)["cases"] as? [[String: Any]])
        #expect(cases.count == 6)
    }

    @Test func benchReportsNameThePriorTheyRanWith() async throws {
        let folder = try TemporaryFolder()
        let prior = try savedPrior(in: folder)
        let bench = Winnow.fixtures.appendingPathComponent("bench").path
        let markdown = folder.path("BENCHMARKS.md")
        let withPrior = try await Winnow.run(["bench", bench, "--prior", prior, "--max-nodes", "150", "--timeout", "600", "--markdown", markdown])
        #expect(withPrior.status == 0, "\(withPrior.stderr)")
        #expect(withPrior.stdout.contains("prior \(prior)"), "\(withPrior.stdout)")
        #expect(try String(contentsOfFile: markdown, encoding: .utf8).contains("prior \(prior)"))
        let uniform = try await Winnow.run(["bench", bench, "--max-nodes", "150", "--timeout", "600"])
        #expect(uniform.status == 0, "\(uniform.stderr)")
        #expect(uniform.stdout.contains("prior uniform"), "\(uniform.stdout)")
    }

    @Test(arguments: ["solve", "bench"])
    func aMissingPriorFileExitsAsMissingInput(command: String) async throws {
        let folder = try TemporaryFolder()
        let target = command == "solve" ? Winnow.shippedTask("fill-down-categories") : Winnow.fixtures.appendingPathComponent("bench").path
        let run = try await Winnow.run([command, "--prior", folder.path("absent.json"), target])
        #expect(run.status == ExitStatus.missingInput)
        #expect(run.stderr.contains("absent.json: search prior not found"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test(arguments: ["solve", "bench"])
    func aBadPriorFileExitsAsBadConfiguration(command: String) async throws {
        let folder = try TemporaryFolder()
        let bad = try folder.write("bad.json", #"{"format": "winnow-search-prior", "formatVersion": 99}"#)
        let target = command == "solve" ? Winnow.shippedTask("fill-down-categories") : Winnow.fixtures.appendingPathComponent("bench").path
        let run = try await Winnow.run([command, "--prior", bad, target])
        #expect(run.status == ExitStatus.badConfiguration)
        #expect(run.stderr.contains("bad.json"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
