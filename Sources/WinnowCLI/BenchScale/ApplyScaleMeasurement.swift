import Foundation
import WinnowControl
import WinnowCore

/// `solve --apply` on a large generated CSV against the loop a person would write in Python, and the
/// script `--emit python` prints, each in a process of its own, with their outputs compared byte for byte.
struct ApplyScaleMeasurement: Sendable {
    struct Run: Sendable {
        var name: String
        var wallSeconds: Double
        var peakMegabytes: Double
        /// Whether the output equals the hand-written loop's, byte for byte.
        var sameOutput: Bool
    }

    var rows: Int
    var runs: [Run]

    /// The loop a person would write for the generated task: split "Last, First" at the first ", ".
    static let handLoop = """
        import csv, sys
        with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as g:
            w = csv.writer(g, lineterminator="\\r\\n")
            for last_first, n in csv.reader(f):
                last, _, first = last_first.partition(", ")
                w.writerow([first, last, n])

        """

    static func run(rows: Int, seed: UInt64, in folder: URL) throws -> ApplyScaleMeasurement {
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        try AtomicFile.write("\"Smith, John\",12\r\n\"Doe, Jane\",7\r\n\"Brown, Bob\",3\r\n", to: path("in.csv"))
        try AtomicFile.write("John,Smith,12\r\nJane,Doe,7\r\nBob,Brown,3\r\n", to: path("out.csv"))
        try AtomicFile.write(handLoop, to: path("loop.py"))
        var draws = SeededDraws(seed: seed)
        var text: [UInt8] = []
        text.reserveCapacity(rows * 24)
        for _ in 0..<rows {
            let record = "\"\(draws.element(of: ScaleWorkload.lastNames)), \(draws.element(of: ScaleWorkload.firstNames))\",\(draws.int(in: 1...9_999))\r\n"
            text += Array(record.utf8)
        }
        try AtomicFile.write(Data(text), to: path("big.csv"))

        let clock = ContinuousClock()
        func timed(_ name: String, _ executable: String, _ arguments: [String], stdin: String? = nil, stdout: String) throws -> (Run, Int32) {
            let started = clock.now
            let (status, peak) = try ChildProcess.run(executable: executable, arguments: arguments, stdin: stdin, stdout: stdout)
            let run = Run(name: name, wallSeconds: (clock.now - started).milliseconds / 1000, peakMegabytes: Double(peak) / 1024, sameOutput: false)
            return (run, status)
        }
        let winnow = ChildProcess.selfExecutable
        var (loop, loopStatus) = try timed("Python csv loop (hand-written)", "python3", [path("loop.py"), path("big.csv"), path("loop.csv")], stdout: "/dev/null")
        guard loopStatus == 0 else { throw CommandFailure("bench-scale: the Python loop exited \(loopStatus)", exitCode: ExitStatus.internalFailure) }
        loop.sameOutput = true
        let expected = try Data(contentsOf: URL(fileURLWithPath: path("loop.csv")))
        var (apply, _) = try timed(
            "winnow solve --apply", winnow, ["solve", "--input", path("in.csv"), "--example", path("out.csv"), "--apply", path("big.csv"), "-o", path("apply.csv")],
            stdout: "/dev/null")
        apply.sameOutput = (try? Data(contentsOf: URL(fileURLWithPath: path("apply.csv")))) == expected
        _ = try ChildProcess.run(
            executable: winnow, arguments: ["solve", "--input", path("in.csv"), "--example", path("out.csv"), "--emit", "python"], stdout: path("script.py"))
        var (script, _) = try timed("script from --emit python", "python3", [path("script.py"), "--csv"], stdin: path("big.csv"), stdout: path("script.csv"))
        script.sameOutput = (try? Data(contentsOf: URL(fileURLWithPath: path("script.csv")))) == expected
        return ApplyScaleMeasurement(rows: rows, runs: [loop, apply, script])
    }

    var lines: [String] {
        guard let loop = runs.first else { return [] }
        return runs.dropFirst().map { run in
            String(
                format: "%@: %.2f× the loop's wall time (%.2f s vs %.2f s), %.0f MB peak, output %@",
                run.name, run.wallSeconds / loop.wallSeconds, run.wallSeconds, loop.wallSeconds, run.peakMegabytes,
                run.sameOutput ? "identical to the loop's" : "DIFFERENT from the loop's")
        }
    }
}
