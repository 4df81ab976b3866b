import Foundation
import Testing
import WinnowTestSupport

/// One kind of bad input: the files to create, the command to run on them, and what must happen.
struct BadInput: Sendable, CustomTestStringConvertible {
    var name: String
    /// File name → content, created in a fresh folder (a name ending in `/` is a folder).
    var files: [String: String]
    /// Arguments; `@` is replaced by the fresh folder's path.
    var arguments: [String]
    var exitCode: Int32
    /// The file the one-line message must name.
    var names: String
    /// An output file the command was asked to write, which must not exist afterwards.
    var output: String?

    var testDescription: String { name }

    /// A bench folder holding one valid task.
    static let oneTask = ["cases/": "", "cases/a.json": "{\"examples\": [{\"input\": [[\"a\"]], \"output\": [[\"a\"]]}]}"]

    static let all: [BadInput] = [
        BadInput(name: "malformed JSON task", files: ["task.json": "{\"examples\": ["],
                 arguments: ["solve", "@/task.json"], exitCode: 65, names: "task.json"),
        BadInput(name: "task missing its examples", files: ["task.json": "{\"id\": \"x\", \"queries\": []}"],
                 arguments: ["solve", "@/task.json"], exitCode: 65, names: "task.json"),
        BadInput(name: "non-string cell", files: ["task.json": "{\"examples\": [{\"input\": [[1, \"a\"]], \"output\": [[\"a\"]]}]}"],
                 arguments: ["solve", "--json", "@/task.json"], exitCode: 65, names: "task.json"),
        BadInput(name: "empty table", files: ["task.json": "{\"examples\": [{\"input\": [], \"output\": [[\"a\"]]}]}"],
                 arguments: ["solve", "@/task.json"], exitCode: 65, names: "task.json"),
        BadInput(name: "bad line in a JSONL file", files: ["tasks.jsonl": "{\"examples\": [{\"input\": [[\"a\"]], \"output\": [[\"a\"]]}]}\n{oops\n"],
                 arguments: ["solve", "@/tasks.jsonl"], exitCode: 65, names: "tasks.jsonl:2"),
        BadInput(name: "missing task file", files: [:],
                 arguments: ["solve", "@/nope.json"], exitCode: 66, names: "nope.json"),
        BadInput(name: "malformed CSV", files: ["in.csv": "a,\"b\r\n", "out.csv": "a\r\n", "full.csv": "a\r\n"],
                 arguments: ["solve", "--input", "@/in.csv", "--example", "@/out.csv", "--apply", "@/full.csv", "-o", "@/result.csv"],
                 exitCode: 65, names: "in.csv", output: "result.csv"),
        BadInput(name: "empty CSV", files: ["in.csv": "a\r\n", "out.csv": ""],
                 arguments: ["solve", "--input", "@/in.csv", "--example", "@/out.csv"], exitCode: 65, names: "out.csv"),
        BadInput(name: "CSV with a header but no records", files: ["in.csv": "name\r\n", "out.csv": "name\r\nx\r\n"],
                 arguments: ["solve", "--header", "--input", "@/in.csv", "--example", "@/out.csv"], exitCode: 65, names: "in.csv"),
        BadInput(name: "missing CSV to apply", files: ["in.csv": "a\r\n", "out.csv": "a\r\n"],
                 arguments: ["solve", "--input", "@/in.csv", "--example", "@/out.csv", "--apply", "@/full.csv", "-o", "@/result.csv"],
                 exitCode: 66, names: "full.csv", output: "result.csv"),
        BadInput(name: "output folder that does not exist", files: ["in.csv": "a\r\n", "out.csv": "a\r\n", "full.csv": "b\r\n"],
                 arguments: ["solve", "--input", "@/in.csv", "--example", "@/out.csv", "--apply", "@/full.csv", "-o", "@/missing/result.csv"],
                 exitCode: 73, names: "result.csv"),
        BadInput(name: "malformed inventory", files: ["inventory.json": "{\"operators\": {\"teleport\": {}}}", "task.json": "{}"],
                 arguments: ["solve", "--inventory", "@/inventory.json", "@/task.json"], exitCode: 78, names: "inventory.json"),
        BadInput(name: "bench folder without task files", files: ["cases/": "", "cases/README.md": "# notes"],
                 arguments: ["bench", "@/cases", "--csv", "@/r.csv", "--markdown", "@/r.md"], exitCode: 66, names: "cases", output: "r.md"),
        BadInput(name: "bench folder that does not exist", files: [:],
                 arguments: ["bench", "@/nowhere"], exitCode: 66, names: "nowhere"),
        BadInput(name: "malformed results file", files: oneTask.merging(["r.jsonl": "{\"file\": 3}\n"]) { a, _ in a },
                 arguments: ["bench", "@/cases", "--results", "@/r.jsonl", "--csv", "@/r.csv"], exitCode: 65, names: "r.jsonl", output: "r.csv"),
        BadInput(name: "baseline CSV without a status column", files: oneTask.merging(["base.csv": "file,scenario\r\na.json,a\r\n"]) { a, _ in a },
                 arguments: ["bench", "@/cases", "--baseline", "@/base.csv", "--markdown", "@/r.md"], exitCode: 65, names: "base.csv", output: "r.md"),
        BadInput(name: "peer notes file that does not exist",
                 files: oneTask.merging(["base.csv": "file,scenario,variant,test_answer_available,status,synth_s\r\na.json,a,,1,perfect,0.1\r\n"]) { a, _ in a },
                 arguments: ["bench", "@/cases", "--baseline", "@/base.csv", "--peer-notes", "@/notes.md", "--markdown", "@/r.md"],
                 exitCode: 66, names: "notes.md", output: "r.md"),
    ]
}

@Suite("bad input everywhere")
struct BadInputTests {
    @Test(arguments: BadInput.all)
    func badInputGivesOneLineNamingTheFileItsExitCodeAndNoOutput(_ input: BadInput) async throws {
        let folder = try TemporaryFolder()
        for (name, content) in input.files.sorted(by: { $0.key < $1.key }) {
            if name.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: folder.path(name), withIntermediateDirectories: true)
            } else {
                try folder.write(name, content)
            }
        }
        let arguments = input.arguments.map { $0.replacingOccurrences(of: "@", with: folder.url.path) }
        let run = try await Winnow.run(arguments)
        #expect(run.status == input.exitCode, "stderr: \(run.stderr)")
        #expect(run.stderrLines.count == 1, "stderr: \(run.stderr)")
        #expect(run.stderr.hasPrefix("winnow: "))
        #expect(run.stderr.contains(input.names))
        #expect(run.stdout.isEmpty)
        if let output = input.output { #expect(!folder.exists(output)) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
