import Foundation
import Testing
import WinnowTestSupport

/// `solve` when the example fits programs that disagree on the file: it abstains with the rows they
/// disagree on, unless told to commit anyway.
@Suite("winnow solve on an ambiguous example")
struct AmbiguityCommandTests {
    /// Two equal columns: dropping either one reproduces the example; the file tells them apart on
    /// its second row only.
    private func twins() throws -> (folder: TemporaryFolder, input: String, example: String, apply: String) {
        let folder = try TemporaryFolder()
        return (
            folder, try folder.write("in.csv", "7,7\n"), try folder.write("out.csv", "7\n"),
            try folder.write("full.csv", "1,1\n2,3\n4,4\n"))
    }

    @Test func anExampleThatFitsTwoBehavioursEqually_AbstainsWithExitFourAndShowsTheRow() async throws {
        let (folder, input, example, apply) = try twins()
        let out = folder.path("result.csv")
        let run = try await Winnow.run(["solve", "--input", input, "--example", example, "--apply", apply, "-o", out])
        #expect(run.status == 4, "\(run.stderr)")
        #expect(run.stdout.contains("abstained"))
        #expect(run.stdout.contains("ambiguous: 2 behaviours"))
        #expect(run.stdout.contains("they disagree on 1 row of the held-out input:"))
        #expect(run.stdout.contains("row 2: A [\"2\"]  B [\"3\"]") || run.stdout.contains("row 2: A [\"3\"]  B [\"2\"]"))
        // Nothing is written for an abstention.
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func jsonCarriesTheBehavioursTheirSharesAndTheDisagreeingRows() async throws {
        let (folder, input, example, apply) = try twins()
        let run = try await Winnow.run(["solve", "--json", "--input", input, "--example", example, "--apply", apply, "-o", folder.path("r.csv")])
        #expect(run.status == 4)
        let object = try jsonObject(run.stdout)
        #expect(object["abstained"] as? Bool == true)
        #expect(object["program"] is NSNull)
        let ambiguity = try #require(object["ambiguity"] as? [String: Any])
        #expect(ambiguity["behaviours"] as? Int == 2)
        let groups = try #require(ambiguity["groups"] as? [[String: Any]])
        #expect(groups.compactMap { $0["share"] as? Double } == [0.5, 0.5])
        #expect(Set(groups.compactMap { ($0["program"] as? [String])?.first }) == ["drop(column: 0)", "drop(column: 1)"])
        let disagreements = try #require(ambiguity["disagreements"] as? [[String: Any]])
        #expect(disagreements.count == 1)
        #expect(disagreements[0]["input"] as? Int == 0)
        #expect(disagreements[0]["rows"] as? [Int] == [1])
    }

    @Test func commitShareZeroCommitsTheLeadingBehaviourAnyway() async throws {
        let (folder, input, example, apply) = try twins()
        let out = folder.path("result.csv")
        let run = try await Winnow.run(["solve", "--commit-share", "0", "--input", input, "--example", example, "--apply", apply, "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("ambiguous: 2 behaviours"))
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written == "1\r\n2\r\n4\r\n" || written == "1\r\n3\r\n4\r\n")
    }

    @Test func anOutOfRangeCommitShareIsAUsageError() async throws {
        let (_, input, example, apply) = try twins()
        let run = try await Winnow.run(["solve", "--commit-share", "1", "--input", input, "--example", example, "--apply", apply])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--commit-share"))
    }
}
