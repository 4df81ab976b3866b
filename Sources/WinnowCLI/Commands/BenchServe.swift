import ArgumentParser
import Foundation
import WinnowCore
import WinnowServe

/// `winnow bench-serve`: `winnow serve` under concurrent load on loopback, against one `winnow solve`
/// process per task measured in the same run.
struct BenchServe: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-serve",
        abstract: "Benchmark winnow serve under load: wrk on loopback against one solve process per task.",
        discussion: """
            Starts winnow serve --port 0 from this executable, checks that it answers the case as \
            winnow solve --json does, sends exactly 10,000 requests (reading the server's resident \
            memory after 1,000 and after 10,000), then runs wrk with --connections for --duration \
            seconds and with no more connections than work slots for up to 10 s, and times \
            winnow solve --json on the same case as one process per solve. Errors are socket errors \
            and any status other than 200 and the documented 429. Needs wrk (Debian: apt-get install wrk).
            """)

    @Argument(help: ArgumentHelp("Task to post: a Foofah case or a native task file holding one task.", valueName: "case"))
    var task = "../shared/foofah/exp0_10_1.txt"

    @Option(help: "Concurrent connections of the main wrk run.")
    var connections = 64

    @Option(help: ArgumentHelp("Seconds of the main wrk run.", valueName: "seconds"))
    var duration = 60

    @Option(help: ArgumentHelp("The wrk executable (default: wrk on PATH).", valueName: "path"))
    var wrk: String?

    @Option(help: ArgumentHelp("Write this run's section of a Markdown report (e.g. BENCHMARKS.md), atomically.", valueName: "file"))
    var markdown: String?

    @OptionGroup var global: GlobalOptions

    /// Requests the server has answered when its memory is read: the issue's two points.
    static let memoryCounts = (early: 1_000, late: 10_000)
    static let warmUp = 100
    static let peerRuns = 30
    /// Seconds of the admitted run: enough for a stable p99 at a few hundred solves per second.
    static let admittedSeconds = 10

    func validate() throws {
        guard connections > 0 else { throw ValidationError("--connections must be positive") }
        guard duration > 0 else { throw ValidationError("--duration must be a positive number of seconds") }
    }

    func run() async throws {
        try await reportingFailures {
            let clock = ContinuousClock()
            let started = clock.now
            if let markdown { try OutputPath.checkWritable(markdown) }
            let wrk = try Wrk.locate(self.wrk)
            let body = try ServeBenchTask.body(task)
            let executable = ServerProcess.currentExecutable
            // The server's default, named on its command line so the report can say how many slots the
            // admitted runs stay within.
            let slots = ServeLimits.defaultInFlight
            let admitted = min(4, slots)

            StandardStreams.error("bench-serve: peer: \(Self.peerRuns) × winnow solve --json \(task), \(admitted) at a time")
            let peer = try SolveProcessPeer.run(executable: executable, task: task, runs: Self.peerRuns, parallel: admitted)
            guard let cliAnswer = peer.answer else {
                throw CommandFailure("bench-serve: winnow solve --json did not solve \(task) (\(peer.firstFailure ?? "no run")); nothing to serve", exitCode: ExitStatus.internalFailure)
            }

            let server: ServerProcess
            do {
                server = try ServerProcess(executable: executable, arguments: ["--max-in-flight", String(slots)])
            } catch {
                throw CommandFailure("bench-serve: \(error)", exitCode: ExitStatus.internalFailure)
            }
            StandardStreams.error("bench-serve: winnow serve (pid \(server.pid)) listening on \(server.address)")
            var memory = [MemoryPoint(when: "after start", answered: 0, bytes: server.residentBytes())]
            var rows: [ServeRunRow] = []
            var answered = 0
            func alive(after phase: String) throws {
                if let exit = server.exitStatus() {
                    throw CommandFailure(
                        "bench-serve: winnow serve \(exit) during \(phase); its stderr ended with:\n\(server.stderrTail)",
                        exitCode: ExitStatus.internalFailure)
                }
            }
            func counted(_ run: String, upTo total: Int, after first: LoadTally = LoadTally()) throws {
                StandardStreams.error("bench-serve: \(run)")
                var tally = CountedLoad.run(port: server.port, body: body, count: total - answered, connections: admitted)
                tally.merge(first)
                tally.elapsed += first.elapsed
                answered = total
                rows.append(ServeRunRow(run: run, counted: tally, connections: admitted))
                try alive(after: run)
            }
            func timed(_ run: String, connections: Int, seconds: Int) throws {
                StandardStreams.error("bench-serve: \(run): wrk, \(connections) connections, \(seconds) s")
                let measured = try wrk.measure(url: "\(server.address)v1/solve", body: body, connections: connections, seconds: seconds)
                answered += measured.requests
                rows.append(ServeRunRow(run: run, wrk: measured))
                try alive(after: run)
                memory.append(MemoryPoint(when: "after \(run)", answered: answered, bytes: server.residentBytes()))
            }

            let (early, late) = Self.memoryCounts
            let (answerDifference, first) = try checkAnswer(server: server, body: body, cli: cliAnswer)
            answered = 1
            try counted("warm-up, requests 1–\(Self.warmUp)", upTo: Self.warmUp, after: first)
            try counted("requests \(Self.warmUp + 1)–\(grouped(early))", upTo: early)
            let memoryAt1k = server.residentBytes()
            memory.append(MemoryPoint(when: "after \(grouped(early)) requests", answered: answered, bytes: memoryAt1k))
            try counted("requests \(grouped(early + 1))–\(grouped(late))", upTo: late)
            let memoryAt10k = server.residentBytes()
            memory.append(MemoryPoint(when: "after \(grouped(late)) requests", answered: answered, bytes: memoryAt10k))
            try timed("load", connections: connections, seconds: duration)
            let load = rows[rows.count - 1]
            try timed("admitted (no more connections than slots)", connections: admitted, seconds: min(duration, Self.admittedSeconds))
            let admittedRun = rows[rows.count - 1]
            StandardStreams.error("bench-serve: stopping the server (SIGTERM)")
            let exit = server.stop()

            let result = ServeBenchResult(
                taskPath: task, workSlots: slots, wrkVersion: wrk.version, duration: duration, rows: rows, peer: ServeRunRow(peer: peer),
                load: load, admitted: admittedRun, memory: memory, memoryAt1k: memoryAt1k, memoryAt10k: memoryAt10k, answerDifference: answerDifference,
                serverExit: exit, wall: clock.now - started)
            if let markdown {
                try MarkdownSections.write(
                    section: "winnow bench-serve", body: ServeBenchReport.markdown(result, commandLine: CommandLine.arguments), to: markdown)
            }
            StandardStreams.output(ServeBenchReport.text(result))
        }
    }

    /// Counts as the bar writes them, whatever the locale.
    private func grouped(_ n: Int) -> String { n.formatted(.number.locale(Locale(identifier: "en_US"))) }

    /// Posts the case once and compares the answer with `solve --json`'s; this is the first request the
    /// server answers, so it counts towards the 1,000 (the returned tally joins the warm-up's).
    private func checkAnswer(server: ServerProcess, body: Data, cli: Data) throws -> (String?, LoadTally) {
        let clock = ContinuousClock()
        let sent = clock.now
        guard let connection = LoopbackConnection(port: server.port) else {
            throw CommandFailure("bench-serve: cannot connect to winnow serve on port \(server.port)", exitCode: ExitStatus.internalFailure)
        }
        switch connection.exchange(LoopbackConnection.request(port: server.port, path: "/v1/solve", body: body)) {
        case .answer(200, _, let served):
            var tally = LoadTally()
            tally.statuses[200] = 1
            tally.elapsed = clock.now - sent
            tally.latencies = [tally.elapsed]
            return (ServeBenchTask.difference(served: served, cli: cli), tally)
        case .answer(let status, _, let served):
            throw CommandFailure(
                "bench-serve: winnow serve answered the case with \(status): \(String(decoding: served, as: UTF8.self))", exitCode: ExitStatus.internalFailure)
        case .failed(let failure):
            throw CommandFailure("bench-serve: no answer from winnow serve to the first request (\(failure))", exitCode: ExitStatus.internalFailure)
        }
    }
}
