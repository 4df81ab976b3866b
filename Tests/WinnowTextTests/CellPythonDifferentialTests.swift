import Foundation
import Testing
import WinnowControl
import WinnowTestSupport
@testable import WinnowText

/// Swift's `apply` against the Python each program exports: for sampled programs over every row of
/// the pool, both must produce the same cell scalar for scalar, or both report "not applicable".
@Suite(.enabled(if: PythonDriver.executable != nil, "python3 is not installed"))
struct CellPythonDifferentialTests {
    @Test func sampledProgramsAgreeWithTheirPythonOnEveryRow() async throws {
        var random = SeededRandom(seed: 0xCE11)
        let sampler = CellProgramSampler()
        var programs: [CellProgram] = []
        while programs.count < 400 {
            if let program = sampler.sample(rows: CellRowPool.draw(using: &random), using: &random) { programs.append(program) }
        }
        programs += CellProgramParsingTests.handWritten
        let rows = CellRowPool.allRows
        let outcomes = try await PythonDriver.run(programs, on: rows)
        let comparison = PythonDriver.compare(programs, on: rows, with: outcomes)
        #expect(outcomes.count == programs.count && outcomes.allSatisfy { $0.count == rows.count })
        #expect(comparison.mismatches.isEmpty, "\(comparison.mismatches.count) disagreements:\n\(comparison.mismatches.prefix(10).joined(separator: "\n"))")
        // Both paths must be exercised, not only one.
        #expect(comparison.applicable > 1000 && comparison.notApplicable > 1000, "\(comparison.applicable) applicable, \(comparison.notApplicable) not")
    }

    @Test func numberPartsReadOddNumbersAsTheirPythonDoes() async throws {
        let programs = (0..<4).flatMap { c in
            [CellProgram(otherwise: [.number(.column(c), NumberFormat(decimals: 0))]),
             CellProgram(otherwise: [.truth(.compare(.column(c), .greater, 0), .lower)])]
        }
        let rows = CellRowPool.numberOddities
        let outcomes = try await PythonDriver.run(programs, on: rows)
        // The number types are placeholders until Numbers/ lands; this pins their known disagreement
        // so that the fix shows up as this known issue no longer being recorded.
        withKnownIssue("NumberTerm reads cells with Double(String) in Swift and float() in Python (\" 12\", \"1_000\", \"0x1p3\"); the Python of format raises on NaN and inf and rounds halves to even") {
            let mismatches = PythonDriver.compare(programs, on: rows, with: outcomes).mismatches
            #expect(mismatches.isEmpty, "\(mismatches.count) disagreements:\n\(mismatches.joined(separator: "\n"))")
        }
    }
}

/// Runs every program's Python expression on every row in one `python3` process.
enum PythonDriver {
    enum Outcome: Equatable, CustomStringConvertible {
        case value(String?)
        case raised(String)

        var description: String {
            switch self {
            case .value(let text): text.debugDescription
            case .raised(let error): "raised \(error)"
            }
        }
    }

    static let executable: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("python3") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    struct Comparison {
        var mismatches: [String] = []
        var applicable = 0
        var notApplicable = 0
    }

    static func compare(_ programs: [CellProgram], on rows: [[String]], with outcomes: [[Outcome]]) -> Comparison {
        var comparison = Comparison()
        for (program, results) in zip(programs, outcomes) {
            for (row, python) in zip(rows, results) {
                let swift = program.apply(row)
                if swift == nil { comparison.notApplicable += 1 } else { comparison.applicable += 1 }
                if python != .value(swift) {
                    comparison.mismatches.append("\(program) on \(row): Swift \(swift.debugDescription), Python \(python)")
                }
            }
        }
        return comparison
    }

    static func run(_ programs: [CellProgram], on rows: [[String]]) async throws -> [[Outcome]] {
        var script = CellPython.prelude + "\n\nimport json, sys\n\nprograms = [\n"
        for program in programs { script += "    lambda row: \(program.python(row: "row")),\n" }
        script += """
            ]
            rows = json.load(sys.stdin)
            results = []
            for program in programs:
                outcomes = []
                for row in rows:
                    try:
                        outcomes.append({"value": program(row)})
                    except Exception as error:
                        outcomes.append({"error": repr(error)})
                results.append(outcomes)
            sys.stdout.write(json.dumps(results))

            """
        let folder = try TemporaryFolder()
        let path = try folder.write("programs.py", script)
        let run = try await runProcess(try #require(executable), ["-I", "-W", "error", path], stdin: try JSONEncoder().encode(rows))
        try #require(run.status == 0, "python3 exited \(run.status): \(run.stderr)")
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[[String: Any]]])
        return decoded.map { results in
            results.map { outcome in
                if let error = outcome["error"] as? String { return .raised(error) }
                return .value(outcome["value"] as? String)
            }
        }
    }
}
