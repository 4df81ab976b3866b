import Prometheus
import Synchronization
import WinnowTables

/// The Prometheus series `GET /metrics` exposes: what an operator needs to size `--max-in-flight` and
/// to see 429s and failures before users report them.
///
/// Labels are bounded: `route` is one of the server's routes (or `unmatched`), `status` an HTTP code,
/// so no client can grow the series without bound by inventing paths.
public final class ServeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let busySlots: Gauge
    private let draining: Gauge
    /// The series already made, so that answering a request (a 429 above all, the cheapest answer
    /// there is) costs one locked lookup per series instead of building names and labels again.
    private let requestCounters = Mutex<[RequestKey: Counter]>([:])
    private let latencies = Mutex<[String: DurationHistogram]>([:])

    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private static var requests: MetricNameDescriptor { describe("winnow_http_requests_total", "Requests answered, by route, method and status.") }
    private static var latency: MetricNameDescriptor { describe("winnow_http_request_duration_seconds", "Time from request head to response head, by route.") }

    public init() {
        busySlots = registry.makeGauge(descriptor: Self.describe("winnow_http_work_slots_busy", "Requests holding a work slot (solve, apply, MCP) right now."))
        draining = registry.makeGauge(descriptor: Self.describe("winnow_http_draining", "1 while a SIGTERM drains work in flight, else 0."))
    }

    /// A name whose last part is its unit (`_total`, `_seconds`) or, unitless, the whole name.
    private static func describe(_ name: String, _ help: String) -> MetricNameDescriptor {
        for unit in ["total", "seconds"] where name.hasSuffix("_" + unit) {
            return MetricNameDescriptor(metricName: String(name.dropLast(unit.count + 1)), unitName: unit, helpText: help)
        }
        return MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// Counts one answered request and its latency.
    func record(route: String, method: String, status: Int, duration: Duration) {
        let key = RequestKey(route: route, method: method, status: status)
        let counter = requestCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(
                descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))])
            counters[key] = counter
            return counter
        }
        counter.increment()
        let histogram = latencies.withLock { histograms in
            if let histogram = histograms[route] { return histogram }
            let histogram = registry.makeDurationHistogram(descriptor: Self.latency, labels: [("route", route)], buckets: Self.buckets)
            histograms[route] = histogram
            return histogram
        }
        histogram.record(duration)
    }

    /// Counts a search outcome (solved, unsolved, abstained, timeout, memory).
    func recordSolve(_ result: TableSolver.Result) {
        let outcome = result.abstained ? "abstained" : result.status.rawValue
        registry.makeCounter(descriptor: Self.describe("winnow_solves_total", "Searches finished, by outcome."), labels: [("outcome", outcome)])
            .increment()
    }

    func setBusySlots(_ count: Int) { busySlots.set(to: Double(count)) }
    func setDraining(_ on: Bool) { draining.set(to: on ? 1 : 0) }

    /// The exposition text.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
    ]
}
