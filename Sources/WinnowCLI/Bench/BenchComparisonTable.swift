/// The summary rows both reports print, with the peer's figures beside Winnow's when a baseline is given.
///
/// Built once so the terminal table and the Markdown table cannot disagree.
enum BenchComparisonTable {
    static func rows(summary: BenchSummary, comparison: PeerComparison?) -> [[String]] {
        let w = summary.board
        let p = comparison?.peer
        var rows: [[String]] = []
        func row(_ label: String, _ winnow: String, _ peer: String? = nil) {
            rows.append(comparison == nil ? [label, winnow] : [label, winnow, peer ?? "—"])
        }
        row("perfect (of judgeable cases)", Format.fraction(w.perfect, w.judgeable), p.map { Format.fraction($0.perfect, $0.judgeable) })
        row(
            "perfect if the order of columns is ignored", Format.fraction(summary.perfectAnyColumnOrder, w.judgeable),
            p.map { _ in "not recorded" })
        row("wrong on the held-out input", "\(w.wrong)", p.map { "\($0.wrong)" })
        row("no program", "\(w.none)", p.map { "\($0.none)" })
        row("timeout", "\(w.timeout)", p.map { "\($0.timeout)" })
        if w.memory > 0 { row("memory ceiling reached", "\(w.memory)") }
        row("unscored (no usable answer)", "\(w.unscored)", p.map { "\($0.unscored)" })
        if w.errors > 0 { row("error (task file could not be loaded)", "\(w.errors)") }
        row(
            "scenarios with a perfect variant", "\(w.scenariosWithPerfect)/\(w.scenariosJudgeable)",
            p.map { "\($0.scenariosWithPerfect)/\($0.scenariosJudgeable)" })
        // Only the variants Winnow's cases carry: a peer's CSV may number variants a folder's file
        // names do not (cvc5's k for a SyGuS `kN` folder), and a 0 for Winnow there would be invented.
        let variants = w.perfectByVariant.keys.compactMap(Int.init).sorted()
        if !variants.isEmpty {
            let label = "perfect by variant k=" + variants.map(String.init).joined(separator: "/")
            row(label, variants.map { "\(w.perfectByVariant["\($0)"] ?? 0)" }.joined(separator: " "),
                p.map { peer in variants.map { "\(peer.perfectByVariant["\($0)"] ?? 0)" }.joined(separator: " ") })
        }
        row("synthesis time, perfect cases: median", Format.ms(w.perfectMedianMs), p.map { Format.ms($0.perfectMedianMs) })
        row("synthesis time, perfect cases: p90", Format.ms(w.perfectP90Ms), p.map { Format.ms($0.perfectP90Ms) })
        row("synthesis time, all cases: median / p90 / max",
            "\(Format.ms(summary.medianMs)) / \(Format.ms(summary.p90Ms)) / \(Format.ms(summary.maxMs))")
        row("nodes expanded: median / max", "\(Format.number(summary.expandedMedian)) / \(summary.expandedMax)")
        row("whole run", String(format: "%.1f s", summary.totalSeconds) + (summary.resumed > 0 ? " (\(summary.resumed) cases resumed)" : ""))
        return rows
    }

    static func header(comparison: PeerComparison?) -> [String] {
        comparison.map { ["", "Winnow", $0.name] } ?? ["", "Winnow"]
    }
}
