import Foundation
import WinnowCore

/// One workload solved by `winnow solve` in a process of its own, timed from outside.
///
/// A child process per workload is what makes peak memory a per-workload figure (the child's own
/// `VmHWM`), where one process running every workload would only ever report the largest so far. Wall time includes reading the task file, as a user
/// waits for it.
struct ScaleMeasurement: Sendable {
    var workload: String
    var exampleRows: Int
    var exampleColumns: Int
    var options: [String]
    var wallSeconds: Double
    var peakMegabytes: Double
    /// What `solve --json` reported: `solved`, `timeout`, `unsolved`, `memory`.
    var status: String
    /// Synthesis time inside the child.
    var solveMilliseconds: Double?
    var program: [String]?
    /// The held-out output checked against the generator's answer; `nil` when there is none to check.
    var correct: Bool?

    static func run(_ workload: ScaleWorkload, in folder: URL, budget: [String]) throws -> ScaleMeasurement {
        let file = folder.appendingPathComponent(workload.name.filter { $0.isLetter || $0.isNumber } + ".json")
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: workload.task.jsonObject), to: file.path)
        let output = folder.appendingPathComponent("solve-output.json")
        let arguments = ["solve", file.path, "--json"] + budget + workload.options
        let clock = ContinuousClock()
        let started = clock.now
        let (status, peak) = try ChildProcess.run(executable: ChildProcess.selfExecutable, arguments: arguments, stdout: output.path)
        let wall = (clock.now - started).milliseconds / 1000
        guard status == 0 || status == 2 || status == 5,
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any]
        else {
            throw CommandFailure("bench-scale: winnow solve exited \(status) on \(workload.name)", exitCode: ExitStatus.internalFailure)
        }
        let program = object["program"] as? [String]
        var correct: Bool?
        if let answer = workload.answer {
            let outputs = (object["outputs"] as? [[[String]]]) ?? []
            correct = outputs.first.map { Table($0) == answer } ?? false
        }
        let example = workload.task.examples[0].input
        return ScaleMeasurement(
            workload: workload.name, exampleRows: example.rowCount, exampleColumns: example.columnCount, options: workload.options,
            wallSeconds: wall, peakMegabytes: Double(peak) / 1024, status: object["status"] as? String ?? "?",
            solveMilliseconds: object["ms"] as? Double, program: program, correct: correct)
    }
}

/// Runs a program to completion with its standard output in a file.
enum ChildProcess {
    static var selfExecutable: String { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path }

    /// The exit status and the child's peak resident memory in kilobytes.
    static func run(executable: String, arguments: [String], stdin input: String? = nil, stdout path: String) throws -> (Int32, Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input { posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0) }
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw CommandFailure("bench-scale: cannot start \(executable) (\(String(cString: strerror(spawned))))", exitCode: ExitStatus.internalFailure)
        }
        var status: Int32 = 0
        var usage = rusage()
        var peak = 0
        // The kernel's `ru_maxrss` of a spawned child starts from the parent's own high-water mark
        // (it survives `execve`), so the child's peak is read from its `VmHWM` while it runs.
        while true {
            peak = max(peak, highWaterKilobytes(of: pid) ?? 0)
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { break }
            usleep(2_000)
        }
        let exited = (status & 0x7F) == 0
        return (exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), peak)
    }

    /// `VmHWM` of a running process, in kilobytes.
    private static func highWaterKilobytes(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.dropFirst("VmHWM:".count).filter(\.isNumber))
    }
}
