import WinnowCore
import WinnowJail

/// A table transform the executor benchmark runs, with its expected output computed in Swift, so
/// a fast but wrong executor cannot score.
struct ExecWorkload: Sendable {
    var name: String
    var job: Job
    var expected: Table

    /// Reverse and uppercase every row, and drop the first: a typical small model-written transform.
    static let source = """
        def transform(table):
            return [[cell.upper() for cell in reversed(row)] for row in table[1:]]

        """

    static func make(rows: Int, columns: Int) -> ExecWorkload {
        let input = Table((0..<rows).map { r in (0..<columns).map { c in "r\(r)c\(c)" } })
        let expected = Table(input.rows.dropFirst().map { row in row.reversed().map { $0.uppercased() } })
        return ExecWorkload(name: "\(rows)x\(columns)", job: Job(source: source, input: input), expected: expected)
    }
}

/// What running one workload many times through one executor measured.
struct ExecMeasurement: Sendable {
    var jobs: Int
    var seconds: Double
    /// Per-job latency, call to verdict, in milliseconds, sorted.
    var latencies: [Double]
    /// Jobs whose verdict was not `ok` with exactly the expected table.
    var wrong: Int
    var firstWrong: String?

    var jobsPerSecond: Double { seconds > 0 ? Double(jobs) / seconds : 0 }
    var p50: Double { percentile(0.50) }
    var p99: Double { percentile(0.99) }

    /// Nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let rank = Int((p * Double(latencies.count)).rounded(.up))
        return latencies[min(max(rank, 1), latencies.count) - 1]
    }

    /// Runs `count` copies of the workload through `executor` from `concurrency` callers, each
    /// submitting its next job as soon as its last one returns.
    static func run(_ workload: ExecWorkload, on executor: some Executor, count: Int, concurrency: Int) async throws -> ExecMeasurement {
        let clock = ContinuousClock()
        let started = clock.now
        let perCaller = (0..<concurrency).map { count / concurrency + ($0 < count % concurrency ? 1 : 0) }
        let results = try await withThrowingTaskGroup(of: ([Double], Int, String?).self) { group in
            for share in perCaller where share > 0 {
                group.addTask {
                    var latencies: [Double] = []
                    latencies.reserveCapacity(share)
                    var wrong = 0
                    var firstWrong: String?
                    for _ in 0..<share {
                        let before = clock.now
                        let verdict = try await executor.run(workload.job)
                        latencies.append((clock.now - before).milliseconds)
                        if verdict != .ok(workload.expected) {
                            wrong += 1
                            if firstWrong == nil { firstWrong = verdict.summary }
                        }
                    }
                    return (latencies, wrong, firstWrong)
                }
            }
            var all: [([Double], Int, String?)] = []
            for try await result in group { all.append(result) }
            return all
        }
        let seconds = (clock.now - started).milliseconds / 1000
        return ExecMeasurement(
            jobs: count, seconds: seconds, latencies: results.flatMap(\.0).sorted(),
            wrong: results.reduce(0) { $0 + $1.1 }, firstWrong: results.compactMap(\.2).first)
    }
}
