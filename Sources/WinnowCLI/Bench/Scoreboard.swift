/// Counts and timings that can be computed the same way for Winnow's cases and for a peer's
/// recorded cases, so the two columns of a comparison always mean the same thing.
struct Scoreboard: Encodable, Equatable {
    /// What the scoreboard needs to know about one case.
    struct Entry {
        var scenario: String
        var variant: Int?
        var status: BenchCase.Status
        /// Synthesis time, when recorded.
        var ms: Double?
    }

    var cases: Int
    /// Cases with a usable held-out answer.
    var judgeable: Int
    var perfect: Int
    var wrong: Int
    /// Cases where programs were found but the gate abstained (Winnow's own runs only).
    var abstained: Int
    var none: Int
    var timeout: Int
    /// Cases stopped by the memory ceiling (Winnow's own runs only).
    var memory: Int
    var unscored: Int
    /// Task files that could not be loaded (Winnow's own runs only).
    var errors: Int
    var scenarios: Int
    /// Scenarios with at least one judgeable case.
    var scenariosJudgeable: Int
    var scenariosWithPerfect: Int
    /// Median synthesis time of the perfect cases, the comparison least distorted by time caps.
    var perfectMedianMs: Double?
    var perfectP90Ms: Double?
    /// Perfect cases per variant `k` (keys are `k` as text, for JSON).
    var perfectByVariant: [String: Int]

    private enum CodingKeys: String, CodingKey {
        case cases, judgeable, perfect, wrong, abstained, none, timeout, memory, unscored, errors, scenarios
        case scenariosJudgeable = "scenarios_judgeable"
        case scenariosWithPerfect = "scenarios_with_perfect"
        case perfectMedianMs = "perfect_median_ms"
        case perfectP90Ms = "perfect_p90_ms"
        case perfectByVariant = "perfect_by_variant"
    }

    init(_ entries: [Entry]) {
        func count(_ status: BenchCase.Status) -> Int { entries.filter { $0.status == status }.count }
        cases = entries.count
        perfect = count(.perfect)
        wrong = count(.wrong)
        abstained = count(.abstained)
        none = count(.none)
        timeout = count(.timeout)
        memory = count(.memory)
        unscored = count(.unscored)
        errors = count(.error)
        judgeable = cases - unscored - errors
        let byScenario = Dictionary(grouping: entries, by: \.scenario)
        scenarios = byScenario.count
        scenariosJudgeable = byScenario.values.filter { $0.contains { $0.status != .unscored && $0.status != .error } }.count
        scenariosWithPerfect = byScenario.values.filter { $0.contains { $0.status == .perfect } }.count
        let perfectTimes = entries.filter { $0.status == .perfect }.compactMap(\.ms).sorted()
        perfectMedianMs = Statistics.percentile(perfectTimes, 0.5)
        perfectP90Ms = Statistics.percentile(perfectTimes, 0.9)
        var byVariant: [String: Int] = [:]
        for entry in entries {
            guard let k = entry.variant else { continue }
            byVariant["\(k)", default: 0] += entry.status == .perfect ? 1 : 0
        }
        perfectByVariant = byVariant
    }
}

/// Order statistics for reports.
enum Statistics {
    /// The `q` quantile of sorted values with linear interpolation (numpy's default), so figures match
    /// those computed for the peer baseline; `nil` for no values.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}
