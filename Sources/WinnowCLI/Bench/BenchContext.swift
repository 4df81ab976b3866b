import Foundation
import WinnowSearch

/// How a benchmark run was set up, for the reports that must say what they measured.
struct BenchContext {
    var folder: String
    var budget: SearchBudget
    var jobs: Int
    /// The inventory given with `--inventory`, or `nil` for the default lookup.
    var inventory: String?
    /// The text inventory given with `--text-inventory`, or `nil` for the shipped one: it decides
    /// whether cell programs are searched at all.
    var textInventory: String?
    /// The search prior given with `--prior`, or `nil` for the uniform default: the same cases solve
    /// with different node counts under another prior, so a report that omits it cannot be rerun.
    var prior: String?

    var settingsLine: String {
        let seconds = budget.maxDuration.milliseconds / 1000
        return "max-nodes \(budget.maxExpansions), timeout \(Format.number(seconds)) s per case, \(jobs) case(s) at a time"
            + ", inventory \(inventory ?? "default"), text inventory \(textInventory ?? "default"), prior \(prior ?? "uniform")"
    }
}

/// Number formats shared by the human and Markdown reports.
enum Format {
    /// A duration in milliseconds, in the unit a reader expects for its size.
    static func ms(_ value: Double?) -> String {
        guard let value else { return "—" }
        if value >= 1000 { return String(format: "%.2f s", value / 1000) }
        if value >= 10 { return String(format: "%.0f ms", value) }
        return String(format: "%.1f ms", value)
    }

    /// A number without a trailing `.0`.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func fraction(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "\(part)/0" }
        return String(format: "%d/%d (%.1f %%)", part, whole, 100 * Double(part) / Double(whole))
    }
}
