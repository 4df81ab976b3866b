import Foundation

/// Aggregates benchmark cases into the summary and tables `winnow bench` prints.
public struct BenchReport: Sendable {
    public var cases: [BenchCase]
    public var totalSeconds: Double

    public init(cases: [BenchCase], totalSeconds: Double) {
        self.cases = cases
        self.totalSeconds = totalSeconds
    }

    public struct Summary: Codable, Sendable {
        public var perfect: Int
        public var wrong: Int
        public var none: Int
        public var timeout: Int
        public var unscored: Int
        public var errors: Int
        public var median_ms: Double
        public var p90_ms: Double
        public var max_ms: Double
        public var total_s: Double
        public var scenarios_judgeable: Int
        public var scenarios_with_perfect: Int
    }

    public var summary: Summary {
        func count(_ s: BenchCase.Status) -> Int { cases.filter { $0.status == s }.count }
        let times = cases.filter { $0.status != .error }.map(\.ms).sorted()
        let scenarios = Dictionary(grouping: cases, by: \.scenario)
        let judgeable = scenarios.filter { $0.value.contains { $0.status != .unscored && $0.status != .error } }
        return Summary(
            perfect: count(.perfect), wrong: count(.wrong), none: count(.none), timeout: count(.timeout),
            unscored: count(.unscored), errors: count(.error),
            median_ms: percentile(times, 0.5), p90_ms: percentile(times, 0.9), max_ms: times.last ?? 0,
            total_s: totalSeconds, scenarios_judgeable: judgeable.count,
            scenarios_with_perfect: judgeable.filter { $0.value.contains { $0.status == .perfect } }.count)
    }

    /// Linear-interpolated percentile, as numpy computes it.
    func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    public func jsonText() throws -> String {
        struct Document: Codable { var summary: Summary; var cases: [BenchCase] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(summary: summary, cases: cases)), as: UTF8.self)
    }

    public func table() -> String {
        let s = summary
        var lines = [
            "status     count",
            "perfect    \(s.perfect)",
            "wrong      \(s.wrong)",
            "none       \(s.none)",
            "timeout    \(s.timeout)",
            "unscored   \(s.unscored)",
        ]
        if s.errors > 0 { lines.append("error      \(s.errors)") }
        lines.append("")
        lines.append("scenarios with a perfect variant: \(s.scenarios_with_perfect)/\(s.scenarios_judgeable) judgeable")
        lines.append(String(format: "synthesis time: median %.1f ms, p90 %.1f ms, max %.1f ms; whole run %.1f s", s.median_ms, s.p90_ms, s.max_ms, s.total_s))
        let failing = cases.filter { $0.status == .wrong || $0.status == .none || $0.status == .timeout }
        if !failing.isEmpty {
            lines.append("")
            lines.append("not perfect:")
            for c in failing { lines.append("  \(c.file)  \(c.status.rawValue)  \(String(format: "%.0f", c.ms)) ms  \(c.expanded) nodes  \((c.program ?? []).joined(separator: " | "))") }
        }
        return lines.joined(separator: "\n")
    }
}
