import Foundation
import WinnowCore

/// One timed wrk run: requests and statuses as the generated script counted them, wrk's own socket
/// errors, and its latency percentiles (over every answer, 429s included).
struct WrkMeasurement: Sendable {
    var connections: Int
    var threads: Int
    var elapsed: Duration
    var statuses: [Int: Int]
    var connectErrors: Int
    var readErrors: Int
    var writeErrors: Int
    var timeouts: Int
    var p50: Duration
    var p90: Duration
    var p99: Duration
    var max: Duration

    var requests: Int { statuses.values.reduce(0, +) }
}

/// wrk, found and run with a generated Lua script that posts the task and prints one parseable line.
struct Wrk: Sendable {
    var path: String
    /// wrk's first `-v` line, such as `wrk debian/4.1.0-3+b2 [epoll]`, for the report.
    var version: String

    /// Longest wait for one answer before wrk counts a timeout; as `CountedLoad.answerTimeout`.
    static let timeout = CountedLoad.answerTimeout

    /// The wrk at `explicit`, else the first on PATH; a missing wrk is an error that says how to get one,
    /// since the concurrent load is the bar and a report without it would be misleading.
    static func locate(_ explicit: String?) throws -> Wrk {
        let candidates = explicit.map { [$0] }
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/wrk" }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            let detail = explicit.map { "\($0) is not an executable file (--wrk)" } ?? "wrk is not on PATH"
            throw CommandFailure(
                "bench-serve: \(detail); the 64-connection load needs wrk (Debian: apt-get install wrk), or pass --wrk PATH",
                exitCode: ExitStatus.missingInput)
        }
        let (_, output) = try run(path, ["-v"])
        let first = output.split(separator: "\n").first.map(String.init) ?? "wrk"
        let version = first.range(of: " Copyright").map { String(first[..<$0.lowerBound]) } ?? first
        return Wrk(path: path, version: version)
    }

    func measure(url: String, body: Data, connections: Int, seconds: Int) throws -> WrkMeasurement {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-bench-serve-\(getpid()).lua")
        try AtomicFile.write(Self.script(body: String(decoding: body, as: UTF8.self)), to: script.path)
        defer { try? FileManager.default.removeItem(at: script) }
        let threads = min(connections, ProcessInfo.processInfo.activeProcessorCount)
        let arguments = [
            "-t", String(threads), "-c", String(connections), "-d", "\(seconds)s", "--timeout", "\(Self.timeout)s", "-s", script.path, url,
        ]
        let (status, output) = try Self.run(path, arguments)
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(Self.marker) }) else {
            throw CommandFailure("bench-serve: wrk exited \(status) without its result line:\n\(output)", exitCode: ExitStatus.internalFailure)
        }
        var fields: [String: String] = [:]
        for pair in line.dropFirst(Self.marker.count).split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        func number(_ key: String) throws -> Int {
            guard let value = fields[key].flatMap(Double.init) else {
                throw CommandFailure("bench-serve: wrk's result line lacks \(key): \(line)", exitCode: ExitStatus.internalFailure)
            }
            return Int(value)
        }
        var statuses: [Int: Int] = [:]
        for pair in (fields["statuses"] ?? "").split(separator: ",") {
            let parts = pair.split(separator: ":").compactMap { Int($0) }
            if parts.count == 2 { statuses[parts[0]] = parts[1] }
        }
        return WrkMeasurement(
            connections: connections, threads: threads, elapsed: .microseconds(try number("duration_us")), statuses: statuses,
            connectErrors: try number("connect"), readErrors: try number("read"), writeErrors: try number("write"),
            timeouts: try number("timeout"), p50: .microseconds(try number("p50_us")), p90: .microseconds(try number("p90_us")),
            p99: .microseconds(try number("p99_us")), max: .microseconds(try number("max_us")))
    }

    private static let marker = "winnow-bench-serve "

    /// Statuses are counted in `response()` per thread (each wrk thread has its own Lua state) and summed
    /// in `done()` through the thread objects `setup()` kept; wrk's own summary only counts status ≥ 400,
    /// which would lump the documented 429s with real failures.
    static func script(body: String) -> String {
        var level = ""
        while body.contains("]\(level)]") { level += "=" }
        return """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = [\(level)[\(body)]\(level)]

            local threads = {}

            function setup(thread)
              table.insert(threads, thread)
            end

            function init(args)
              statuses = {}
            end

            function response(status, headers, body)
              statuses[status] = (statuses[status] or 0) + 1
            end

            function done(summary, latency, requests)
              local counts = {}
              for _, thread in ipairs(threads) do
                for status, n in pairs(thread:get("statuses")) do
                  counts[status] = (counts[status] or 0) + n
                end
              end
              local parts = {}
              for status, n in pairs(counts) do
                table.insert(parts, string.format("%d:%d", status, n))
              end
              local e = summary.errors
              io.write(string.format(
                "\(marker)duration_us=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d statuses=%s\\n",
                summary.duration, e.connect, e.read, e.write, e.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, table.concat(parts, ",")))
            end

            """
    }

    /// Runs a program to its end; its exit status and stdout and stderr together.
    private static func run(_ path: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CommandFailure("bench-serve: cannot run \(path) (\(error.localizedDescription))", exitCode: ExitStatus.internalFailure)
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
