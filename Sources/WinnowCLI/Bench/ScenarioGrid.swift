/// One line per scenario with a letter per variant (`exp0_10 PPPPP`), the compact view of a benchmark
/// that shows at a glance how many example records a scenario needs.
enum ScenarioGrid {
    /// The legend printed above every grid.
    static let legend = "P perfect, W wrong on the held-out input, A abstained (programs disagree, none dominates), N no program, T timeout, M memory ceiling, U unscored (no usable answer), E error (the task file could not be loaded)"

    /// Scenarios in the order their first case appears, each with its letters in variant order.
    static func rows(_ cases: [BenchCase]) -> [(scenario: String, letters: String)] {
        var order: [String] = []
        var groups: [String: [BenchCase]] = [:]
        for c in cases {
            if groups[c.scenario] == nil { order.append(c.scenario) }
            groups[c.scenario, default: []].append(c)
        }
        return order.map { scenario in
            let sorted = groups[scenario, default: []].sorted { ($0.variant ?? 0, $0.key) < ($1.variant ?? 0, $1.key) }
            return (scenario, String(sorted.map(\.status.letter)))
        }
    }
}
