/// Renders tables as aligned text for people reading a terminal.
public enum TableRenderer {
    /// Aligned columns separated by two spaces; empty cells shown as `·` so blanks stay visible.
    public static func render(_ table: Table, maxRows: Int = .max) -> String {
        let shown = Array(table.rows.prefix(maxRows))
        let width = shown.reduce(0) { max($0, $1.count) }
        guard width > 0 else { return "(empty table)" }
        let display = shown.map { row in (0..<width).map { $0 < row.count ? visible(row[$0]) : "" } }
        let widths = (0..<width).map { col in display.map { $0[col].count }.max() ?? 0 }
        var lines = display.map { row in
            zip(row, widths).map { cell, w in cell + String(repeating: " ", count: w - cell.count) }
                .joined(separator: "  ")
                .trimmingTrailingSpaces()
        }
        if table.rowCount > shown.count {
            lines.append("… \(table.rowCount - shown.count) more rows")
        }
        return lines.joined(separator: "\n")
    }

    private static func visible(_ cell: String) -> String {
        if cell.isEmpty { return "·" }
        return cell.replacingControlCharacters()
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }

    fileprivate func replacingControlCharacters() -> String {
        var out = ""
        for ch in self {
            switch ch {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out
    }
}
