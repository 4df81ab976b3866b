/// The gate's figures beside their controls: the plain gate (commit the best-ranked program) and
/// the oracle (a correct program whenever the pool has one), and, with `--queries`, the decision
/// after asking, so that a gain or a loss of the gate is always read against both.
struct GateControls: Encodable, Equatable {
    struct Row: Encodable, Equatable {
        var policy: String
        var perfect: Int
        var wrong: Int
        var abstained: Int
    }

    var rows: [Row]
    /// What other `--commit-share` values would have decided on the same pools (the trade-off
    /// between wrong commits and abstentions, from each case's leading share).
    var curve: [Row]
    /// Judgeable cases whose consistent programs disagree on the held-out input.
    var ambiguous: Int
    /// Of those, the cases where the gate committed a program of the right behaviour.
    var ambiguousCommittedRight: Int

    private enum CodingKeys: String, CodingKey {
        case rows, curve, ambiguous
        case ambiguousCommittedRight = "ambiguous_committed_right"
    }

    init(cases: [BenchCase], commitShare: Double, queries: Int) {
        let judged = cases.filter { $0.status != .unscored && $0.status != .error }
        func row(_ policy: String, _ status: (BenchCase) -> BenchCase.Status?) -> Row {
            let statuses = judged.compactMap(status)
            return Row(
                policy: policy, perfect: statuses.filter { $0 == .perfect }.count, wrong: statuses.filter { $0 == .wrong }.count,
                abstained: statuses.filter { $0 == .abstained }.count)
        }
        rows = [
            row("gate (commit a behaviour above \(commitShare) of belief)", \.status),
            row("plain gate (commit the best-ranked program)", \.plain),
            row("oracle (a correct program whenever the pool has one)", \.oracle),
        ]
        if queries > 0 { rows.append(row("after up to \(queries) question\(queries == 1 ? "" : "s") about held-out rows", \.queried)) }
        curve = Self.thresholds.map { threshold in
            row("commit-share \(threshold)") { c in c.groups <= 1 || (c.share ?? 0) > threshold ? c.leader : .abstained }
        }
        let ambiguousCases = judged.filter(\.ambiguous)
        ambiguous = ambiguousCases.count
        ambiguousCommittedRight = ambiguousCases.filter { $0.status == .perfect }.count
    }

    static let thresholds = [0, 0.25, 0.5, 0.75, 0.9]

    /// The table's header and rows, for the text and Markdown reports.
    var table: (header: [String], rows: [[String]]) {
        (["decision", "perfect", "wrong", "abstained"], (rows + curve).map { [$0.policy, "\($0.perfect)", "\($0.wrong)", "\($0.abstained)"] })
    }

    var ambiguityLine: String {
        "\(ambiguous) judgeable case(s) ambiguous (their consistent programs disagree on the held-out input); the gate committed the right behaviour in \(ambiguousCommittedRight)"
    }
}
