import Foundation
import Synchronization
import WinnowCore

/// The peer the served numbers are read against: `winnow solve --json CASE`, one process per solve,
/// as a user scripting the CLI runs it (with `xargs -P` for the same parallelism as the server's
/// admitted run), so the table shows what keeping a server up buys over paying start-up per task.
struct PeerMeasurement: Sendable {
    var runs: Int
    var parallel: Int
    var elapsed: Duration
    var latencies: [Duration]
    /// Runs that did not exit 0 with a `solved` answer, with the first one's reason.
    var failures: Int
    var firstFailure: String?
    /// One run's stdout, to check the server answers the same.
    var answer: Data?
}

enum SolveProcessPeer {
    static func run(executable: String, task path: String, runs: Int, parallel: Int) throws -> PeerMeasurement {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-bench-serve-peer-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = Results()
        let clock = ContinuousClock()
        let started = clock.now
        BlockingWorkers.run(total: runs, workers: parallel) { worker, share in
            let output = folder.appendingPathComponent("solve-\(worker).json").path
            for _ in 0..<share {
                let sent = clock.now
                let outcome = solveOnce(executable: executable, task: path, output: output)
                let latency = clock.now - sent
                results.record(outcome, latency: latency)
            }
        }
        let elapsed = clock.now - started
        return results.state.withLock { state in
            PeerMeasurement(
                runs: runs, parallel: parallel, elapsed: elapsed, latencies: state.latencies, failures: state.failures,
                firstFailure: state.firstFailure, answer: state.answer)
        }
    }

    /// One solve in a fresh process, waited for with a blocking `waitpid` so the wall time has no
    /// polling slack in it.
    private static func solveOnce(executable: String, task: String, output: String) -> Result<Data, SolveFailure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let words: [String] = [executable, "solve", "--json", task]
        let argv = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { return .failure(SolveFailure(reason: "cannot start: \(String(cString: strerror(spawned)))")) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard (status & 0x7F) == 0, (status >> 8) & 0xFF == 0 else {
            return .failure(SolveFailure(reason: "winnow solve --json exited with wait status \(status)"))
        }
        guard let data = FileManager.default.contents(atPath: output),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["status"] as? String == "solved"
        else { return .failure(SolveFailure(reason: "winnow solve --json did not answer solved")) }
        return .success(data)
    }

    private struct SolveFailure: Error {
        var reason: String
    }

    private final class Results: Sendable {
        struct State {
            var latencies: [Duration] = []
            var failures = 0
            var firstFailure: String?
            var answer: Data?
        }

        let state = Mutex(State())

        func record(_ outcome: Result<Data, SolveFailure>, latency: Duration) {
            state.withLock { state in
                switch outcome {
                case .success(let data):
                    state.latencies.append(latency)
                    if state.answer == nil { state.answer = data }
                case .failure(let failure):
                    state.failures += 1
                    if state.firstFailure == nil { state.firstFailure = failure.reason }
                }
            }
        }
    }
}
