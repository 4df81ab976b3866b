import Foundation
import WinnowCore
import WinnowServe

/// Latency percentiles of one run.
struct LatencySummary: Sendable {
    var p50: Duration
    var p90: Duration
    var p99: Duration
    var max: Duration

    /// Nearest-rank percentiles; `nil` for no samples.
    init?(_ samples: [Duration]) {
        let sorted = samples.sorted()
        guard let last = sorted.last else { return nil }
        func rank(_ p: Double) -> Duration { sorted[Swift.max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        p50 = rank(0.50)
        p90 = rank(0.90)
        p99 = rank(0.99)
        max = last
    }

    init(p50: Duration, p90: Duration, p99: Duration, max: Duration) {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
    }
}

/// One line of the table: a served run or the peer, in the same columns.
struct ServeRunRow: Sendable {
    var run: String
    var client: String
    var connections: Int
    var elapsed: Duration
    var requests: Int
    /// 200 answers (served) or solved processes (peer).
    var solved: Int
    /// 429 answers; `nil` for the peer, which has no server to refuse it.
    var refused: Int?
    /// Everything that is neither: socket errors and any other status, spelled out in `errorDetail`.
    var errors: Int
    var errorDetail: String?
    var latency: LatencySummary?

    var seconds: Double { elapsed.milliseconds / 1000 }
    var solvesPerSecond: Double { seconds > 0 ? Double(solved) / seconds : 0 }

    init(run: String, counted tally: LoadTally, connections: Int) {
        self.init(
            run: run, client: "counted loop", connections: connections, elapsed: tally.elapsed, statuses: tally.statuses,
            socket: [("connect", tally.connectErrors), ("read", tally.readErrors), ("write", tally.writeErrors), ("timeout", tally.timeouts)],
            latency: LatencySummary(tally.latencies))
    }

    init(run: String, wrk m: WrkMeasurement) {
        self.init(
            run: run, client: "wrk, \(m.threads) thread\(m.threads == 1 ? "" : "s")", connections: m.connections, elapsed: m.elapsed, statuses: m.statuses,
            socket: [("connect", m.connectErrors), ("read", m.readErrors), ("write", m.writeErrors), ("timeout", m.timeouts)],
            latency: LatencySummary(p50: m.p50, p90: m.p90, p99: m.p99, max: m.max))
    }

    init(peer m: PeerMeasurement) {
        run = "peer: `winnow solve --json`, one process per solve"
        client = "\(m.parallel) process\(m.parallel == 1 ? "" : "es") at a time"
        connections = m.parallel
        elapsed = m.elapsed
        requests = m.runs
        solved = m.latencies.count
        refused = nil
        errors = m.failures
        errorDetail = m.firstFailure
        latency = LatencySummary(m.latencies)
    }

    private init(
        run: String, client: String, connections: Int, elapsed: Duration, statuses: [Int: Int], socket: [(String, Int)], latency: LatencySummary?
    ) {
        self.run = run
        self.client = client
        self.connections = connections
        self.elapsed = elapsed
        solved = statuses[200] ?? 0
        refused = statuses[429] ?? 0
        let other = statuses.filter { $0.key != 200 && $0.key != 429 }.sorted { $0.key < $1.key }.map { ("status \($0.key)", $0.value) }
        let failures = (other + socket).filter { $0.1 > 0 }
        errors = failures.reduce(0) { $0 + $1.1 }
        errorDetail = failures.isEmpty ? nil : failures.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
        requests = statuses.values.reduce(0, +) + socket.reduce(0) { $0 + $1.1 }
        self.latency = latency
    }
}

/// The server's resident memory at one point of the run.
struct MemoryPoint: Sendable {
    var when: String
    /// Requests answered by the server so far, whatever their status.
    var answered: Int
    var bytes: Int?
}

/// Everything one `bench-serve` run measured.
struct ServeBenchResult: Sendable {
    var taskPath: String
    var workSlots: Int
    var wrkVersion: String
    var duration: Int
    /// Served runs in order, then the peer last.
    var rows: [ServeRunRow]
    var peer: ServeRunRow
    /// The 64-connection run, the issue's bar.
    var load: ServeRunRow
    /// The timed run within the work slots: the latency of admitted work, and the throughput the peer is read against.
    var admitted: ServeRunRow
    var memory: [MemoryPoint]
    var memoryAt1k: Int?
    var memoryAt10k: Int?
    /// Why the served answer differs from `solve --json`'s; `nil` when they agree.
    var answerDifference: String?
    var serverExit: ServerProcess.Exit
    var wall: Duration

    static let memoryBar = 0.10
    static let barConnections = 64
    static let barSeconds = 60

    var servedErrors: Int { rows.reduce(0) { $0 + $1.errors } }

    var memoryGrowth: Double? {
        guard let before = memoryAt1k, let after = memoryAt10k, before > 0 else { return nil }
        return Double(after - before) / Double(before)
    }

    var memoryMet: Bool { memoryGrowth.map { abs($0) <= Self.memoryBar } ?? false }
    var errorsMet: Bool { servedErrors == 0 }

    /// The bar sentences, with the verdict written by `mark` (plain on the terminal, bold in Markdown).
    func errorsStatement(_ mark: (Bool) -> String) -> String {
        let detail = rows.filter { $0.errors > 0 }.map { "\($0.run): \($0.errorDetail ?? "")" }
        return "zero errors other than documented 429s, over all \(rows.reduce(0) { $0 + $1.requests }) served requests: "
            + mark(errorsMet) + (errorsMet ? "" : " (\(detail.joined(separator: "; ")))")
    }

    func memoryStatement(_ mark: (Bool) -> String) -> String {
        let growth = memoryGrowth.map { String(format: "%+.1f %%", $0 * 100) } ?? "not readable"
        return "resident memory after 10,000 requests within \(Int(Self.memoryBar * 100)) % of after 1,000 "
            + "(\(megabytes(memoryAt1k)) → \(megabytes(memoryAt10k)), \(growth)): \(mark(memoryMet))"
    }

    var latencyStatement: String {
        "under \(load.connections) connections, p99 latency \(ms(load.latency?.p99)) over every answer (\(load.refused ?? 0) of the "
            + "\(load.requests) answers were 429s); admitted work alone (\(admitted.connections) connections): p99 \(ms(admitted.latency?.p99))"
    }

    var throughputStatement: String {
        let ratio = peer.solvesPerSecond > 0 ? String(format: " (%.1f×)", admitted.solvesPerSecond / peer.solvesPerSecond) : ""
        let overload = admitted.solvesPerSecond > 0 ? String(format: ", %.0f %% of the admitted run's", 100 * load.solvesPerSecond / admitted.solvesPerSecond) : ""
        return String(format: "served, %.1f solves/s with %d connections against %.1f for one process per solve, %d at a time",
            admitted.solvesPerSecond, admitted.connections, peer.solvesPerSecond, peer.connections) + ratio
            + String(format: "; under %d connections %.1f solves/s", load.connections, load.solvesPerSecond) + overload
    }
}

/// The terminal table and the `BENCHMARKS.md` section for `bench-serve`.
enum ServeBenchReport {
    static let header = ["run", "client", "conns", "seconds", "requests", "200", "429", "errors", "solves/s", "p50", "p90", "p99", "max"]

    static func cells(_ row: ServeRunRow) -> [String] {
        [
            row.run, row.client, String(row.connections), String(format: "%.1f", row.seconds), String(row.requests), String(row.solved),
            row.refused.map(String.init) ?? "—", String(row.errors), String(format: "%.1f", row.solvesPerSecond),
            ms(row.latency?.p50), ms(row.latency?.p90), ms(row.latency?.p99), ms(row.latency?.max),
        ]
    }

    static func memoryCells(_ point: MemoryPoint) -> [String] {
        [point.when, String(point.answered), megabytes(point.bytes)]
    }

    static func text(_ result: ServeBenchResult) -> String {
        var lines = [
            "winnow serve --port 0 --max-in-flight \(result.workSlots), posting \(result.taskPath); the peer column is "
                + "`winnow solve --json` as one process per solve", "",
        ]
        lines += TextTable.lines([header] + (result.rows + [result.peer]).map(cells))
        lines += ["", "resident memory of the server:"]
        lines += TextTable.lines([["point", "answered", "VmRSS"]] + result.memory.map(memoryCells)).map { "  " + $0 }
        lines += [""] + notes(result)
        lines += [
            "", "bar: " + result.errorsStatement(plain), "bar: " + result.memoryStatement(plain), result.latencyStatement,
            result.throughputStatement,
            String(format: "whole benchmark: %.0f s", result.wall.milliseconds / 1000),
        ]
        return lines.joined(separator: "\n")
    }

    /// What a reader must know beside the numbers: a wrong answer, errors, how the server ended.
    private static func notes(_ result: ServeBenchResult) -> [String] {
        var out = [
            result.answerDifference.map { "the served answer DIFFERS from solve --json: \($0)" }
                ?? "the served answer equals solve --json's (status, program, outputs)",
            "server after SIGTERM: \(result.serverExit)",
        ]
        out += (result.rows + [result.peer]).compactMap { row in row.errorDetail.map { "errors in \(row.run): \($0)" } }
        return out
    }

    static func markdown(_ result: ServeBenchResult, commandLine: [String], date: Date = Date()) -> String {
        var out = ["## Serving solves under load (`winnow bench-serve`)", ""]
        out += Machine.provenance(tool: "winnow bench-serve", commandLine: commandLine, date: date)
        out.append(
            "- Server: `winnow serve --port 0 --max-in-flight \(result.workSlots)` (one work slot per core, the default) started by the command "
                + "on loopback; every request posts `\(result.taskPath)` as a native task to `POST /v1/solve`.")
        out.append(
            "- Clients: the first 10,000 requests come from a loop in the command (exact counts, one request at a time per connection, "
                + "no more connections than work slots); the timed runs from \(result.wrkVersion) with a generated Lua script that counts "
                + "statuses; its latency covers every answer, 429s included, and it counts a request unanswered after \(Wrk.timeout) s as an error.")
        out.append(
            "- Peer, measured in the same run: `winnow solve --json` on the same case, one process per solve, "
                + "\(result.peer.connections) at a time, \(result.peer.requests) runs: what scripting the CLI costs per task.")
        out.append("- Errors: socket errors (connect, read, write, timeout) and any status other than 200 and the documented 429.")
        out += ["", table(header, (result.rows + [result.peer]).map(cells))]
        out += ["", "Resident memory of the server (`VmRSS`):", ""]
        out.append(table(["point", "requests answered", "VmRSS"], result.memory.map(memoryCells)))
        out += ["", "### Against the bar", ""]
        out.append(
            "Load, on loopback: \(ServeBenchResult.barConnections) concurrent connections posting a Foofah task for \(ServeBenchResult.barSeconds) s: zero errors "
                + "other than documented 429s, p99 latency reported, resident memory after 10,000 requests within "
                + "\(Int(ServeBenchResult.memoryBar * 100)) % of after 1,000.")
        out.append("")
        out.append("- \(capitalised(result.errorsStatement(bold))).")
        out.append("- \(capitalised(result.latencyStatement)).")
        out.append("- \(capitalised(result.memoryStatement(bold))).")
        out += notes(result).map { "- \(capitalised($0))." }
        out += ["", capitalised(result.throughputStatement) + "."]
        if result.duration != ServeBenchResult.barSeconds || result.load.connections != ServeBenchResult.barConnections {
            out += [
                "", "This run used \(result.load.connections) connections for \(result.duration) s, not the bar's "
                    + "\(ServeBenchResult.barConnections) for \(ServeBenchResult.barSeconds) s.",
            ]
        }
        return out.joined(separator: "\n")
    }

    private static func table(_ header: [String], _ rows: [[String]]) -> String {
        BenchMarkdown.table(header, rows).joined(separator: "\n")
    }

    private static func plain(_ met: Bool) -> String { met ? "met" : "not met" }
    private static func bold(_ met: Bool) -> String { met ? "**met**" : "**not met**" }

    private static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}

private func ms(_ value: Duration?) -> String { Format.ms(value?.milliseconds) }

private func megabytes(_ bytes: Int?) -> String {
    bytes.map { String(format: "%.1f MiB", Double($0) / 1_048_576) } ?? "—"
}
