import Foundation

/// The human table `winnow bench` prints on stdout.
enum BenchReport {
    static func text(
        cases: [BenchCase], summary: BenchSummary, comparison: PeerComparison?, context: BenchContext, controls: GateControls
    ) -> String {
        var lines = ["winnow bench: \(cases.count) cases from \(context.folder)", context.settingsLine, ""]
        lines += aligned([BenchComparisonTable.header(comparison: comparison)] + BenchComparisonTable.rows(summary: summary, comparison: comparison))
        if let comparison {
            lines.append("(\(comparison.name): recorded run read from \(comparison.baseline), not re-run\(comparison.scopeNote))")
        }
        lines += ["", "the gate and its controls (docs/ambiguity.md):"]
        lines += aligned([controls.table.header] + controls.table.rows).map { "  " + $0 }
        lines.append(controls.ambiguityLine)

        lines += ["", "per scenario (one letter per variant k; \(ScenarioGrid.legend)):"]
        let grid = ScenarioGrid.rows(cases)
        if let comparison {
            lines += aligned([["", "Winnow", comparison.name]] + grid.map { [$0.scenario, $0.letters, comparison.peerGrid[$0.scenario] ?? "—"] })
        } else {
            let width = (grid.map(\.scenario.count).max() ?? 0) + 1
            let cells = grid.map { $0.scenario.padding(toLength: width, withPad: " ", startingAt: 0) + $0.letters }
            let cellWidth = (cells.map(\.count).max() ?? 0) + 2
            let perLine = max(1, 100 / cellWidth)
            for start in stride(from: 0, to: cells.count, by: perLine) {
                let line = cells[start..<min(start + perLine, cells.count)]
                    .map { $0.padding(toLength: cellWidth, withPad: " ", startingAt: 0) }.joined()
                lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
            }
        }

        if let comparison {
            lines += differences("perfect for Winnow, not for \(comparison.name)", comparison.winnowOnly, peer: comparison.name)
            lines += differences("perfect for \(comparison.name), not for Winnow", comparison.peerOnly, peer: comparison.name)
            if comparison.unmatched > 0 {
                lines.append("")
                lines.append("\(comparison.unmatched) case(s) are not in the baseline")
            }
        }

        let columnOrder = cases.filter { $0.status != .perfect && $0.anyColumnOrder == .perfect }
        lines += ["", "perfect only when the order of columns is ignored (\(columnOrder.count)): "
            + (columnOrder.isEmpty ? "none" : columnOrder.map(\.file).joined(separator: ", "))]

        let failing = cases.filter { $0.status != .perfect }
        lines += ["", "not perfect (\(failing.count)):"]
        lines += aligned(failing.map { c in
            if let error = c.error { return [c.file, c.status.rawValue, error] }
            return [c.file, c.status.rawValue, Format.ms(c.ms), "\(c.expanded) nodes", c.programSteps?.joined(separator: " | ") ?? "(none)"]
        }).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    private static func differences(_ title: String, _ list: [PeerComparison.Difference], peer: String) -> [String] {
        guard !list.isEmpty else { return ["", "\(title): none"] }
        return ["", "\(title) (\(list.count)):"]
            + aligned(list.map { [$0.file, "Winnow \($0.winnow.rawValue)", "\(peer) \($0.peer.rawValue)"] }).map { "  " + $0 }
    }

    /// Left-aligned columns separated by two spaces.
    static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            let padded = row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }
            return padded.joined(separator: "  ")
        }
    }
}
