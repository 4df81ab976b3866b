/// Winnow's figures for a benchmark run: the shared scoreboard plus what only Winnow's own run records.
///
/// `--json` prints it flat under `summary`; `perfect`, `wrong`, `none`, `timeout`, `unscored`,
/// `median_ms` and `total_s` are names scripts rely on.
struct BenchSummary: Encodable, Equatable {
    var board: Scoreboard
    /// Perfect cases when outputs may differ from the answers in the order of their columns, Foofah's
    /// goal test (`ColumnOrderRule`); `board.perfect` is exact equality.
    var perfectAnyColumnOrder: Int
    /// Synthesis time over every case (also unscored ones), milliseconds.
    var medianMs: Double
    var p90Ms: Double
    var maxMs: Double
    var expandedMedian: Double
    var expandedMax: Int
    /// Wall-clock time of this invocation, seconds.
    var totalSeconds: Double
    /// Cases taken from the results file instead of being solved again.
    var resumed: Int

    private enum CodingKeys: String, CodingKey {
        case perfectAnyColumnOrder = "perfect_any_column_order"
        case medianMs = "median_ms"
        case p90Ms = "p90_ms"
        case maxMs = "max_ms"
        case expandedMedian = "expanded_median"
        case expandedMax = "expanded_max"
        case totalSeconds = "total_s"
        case resumed
    }

    init(cases: [BenchCase], totalSeconds: Double, resumed: Int) {
        board = Scoreboard(cases.map { Scoreboard.Entry(scenario: $0.scenario, variant: $0.variant, status: $0.status, ms: $0.ms) })
        perfectAnyColumnOrder = cases.filter { $0.anyColumnOrder == .perfect }.count
        let times = cases.map(\.ms).sorted()
        medianMs = Statistics.percentile(times, 0.5) ?? 0
        p90Ms = Statistics.percentile(times, 0.9) ?? 0
        maxMs = times.last ?? 0
        let expanded = cases.map(\.expanded).sorted()
        expandedMedian = Statistics.percentile(expanded.map(Double.init), 0.5) ?? 0
        expandedMax = expanded.last ?? 0
        self.totalSeconds = (totalSeconds * 1000).rounded() / 1000
        self.resumed = resumed
    }

    func encode(to encoder: any Encoder) throws {
        try board.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(perfectAnyColumnOrder, forKey: .perfectAnyColumnOrder)
        try container.encode(medianMs, forKey: .medianMs)
        try container.encode(p90Ms, forKey: .p90Ms)
        try container.encode(maxMs, forKey: .maxMs)
        try container.encode(expandedMedian, forKey: .expandedMedian)
        try container.encode(expandedMax, forKey: .expandedMax)
        try container.encode(totalSeconds, forKey: .totalSeconds)
        try container.encode(resumed, forKey: .resumed)
    }
}
