import Logging

/// A benchmark case's result as the results file keeps it: `key` names the case (file and task).
protocol BenchRecord: Codable, Sendable {
    var key: String { get }
}

/// What `bench` and `bench --model` share: resume the cases a results file already holds, solve the
/// rest `jobs` at a time, and rewrite the file as cases finish, so an interrupted run loses at most
/// the cases in flight.
///
/// Results of cases outside the folder stay in the file untouched; they are not reported.
struct ResumableBench<Record: BenchRecord> {
    let suite: BenchSuite
    let resultsFile: ResultsFile<Record>?
    /// The cases the results file already held, by key.
    let finished: [String: Record]
    let foreign: [Record]
    /// The cases still to solve, in folder order.
    let pending: [BenchSuite.Item]

    /// How often the results file is rewritten while cases finish.
    static var saveInterval: Duration { .milliseconds(250) }

    init(suite: BenchSuite, results: String?) throws {
        self.suite = suite
        resultsFile = results.map(ResultsFile<Record>.init)
        let keys = Set(suite.items.map(\.key))
        let previous = try resultsFile?.load() ?? []
        foreign = previous.filter { !keys.contains($0.key) }
        let finished = Dictionary(previous.filter { keys.contains($0.key) }.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        self.finished = finished
        pending = suite.items.filter { finished[$0.key] == nil }
        if let results { StandardStreams.error("bench: resumed \(finished.count) of \(suite.items.count) cases from \(results)") }
    }

    var resumed: Int { finished.count }

    /// Solves the pending cases and returns every case's result in folder order. `mark` labels a
    /// finished case on the progress line (a status letter, a score).
    func run(
        jobs: Int, mark: (Record) -> String, solve: @escaping @Sendable (BenchSuite.Item) async throws -> Record
    ) async throws -> [Record] {
        var finished = finished
        let logger = Logger(label: "winnow.bench")
        if !pending.isEmpty {
            logger.info("running", metadata: ["cases": "\(pending.count)", "jobs": "\(jobs)"])
            let clock = ContinuousClock()
            var lastSave = clock.now
            var progress = BenchProgress(total: pending.count)
            defer { progress.finish() }
            let pending = pending
            try await withThrowingTaskGroup(of: Record.self) { group in
                var next = 0
                func startNext() {
                    guard next < pending.count else { return }
                    let item = pending[next]
                    next += 1
                    group.addTask { try await solve(item) }
                }
                for _ in 0..<min(jobs, pending.count) { startNext() }
                var done = 0
                while let result = try await group.next() {
                    done += 1
                    finished[result.key] = result
                    let label = mark(result)
                    progress.record(label)
                    logger.debug("finished", metadata: ["case": "\(result.key)", "mark": "\(label)"])
                    if done == pending.count || clock.now - lastSave >= Self.saveInterval {
                        try resultsFile?.write(foreign + suite.items.compactMap { finished[$0.key] })
                        lastSave = clock.now
                    }
                    startNext()
                }
            }
        }
        return suite.items.compactMap { finished[$0.key] }
    }
}
