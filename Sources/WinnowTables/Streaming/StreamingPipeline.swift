import WinnowCore
import WinnowText

/// A pipeline applied one record at a time, for programs whose every step is row-local.
///
/// `solve --apply` on a million-row file should cost what a loop over its lines costs, in constant
/// memory; a pipeline applied to a table holds the whole file several times over. Row-local steps
/// (drop, move, copy, merge, split at the first delimiter, divide, extract, derive, replace, filter) give each output record from its input record alone, on a rectangular table. Steps that
/// need the whole table (sort, dedupe, fold, unfold, fill-down, transpose, wrap, deleting empty
/// columns, split at every delimiter or run) make `init` fail, and the caller applies the program to the
/// table read whole.
///
/// The result equals `Pipeline.apply` on the whole file exactly, or `isExact` says it may not: a
/// table pads its rows to its widest (a ragged file), and a filter that keeps nothing makes the table
/// step inapplicable. The caller then discards the stream's output and applies the program
/// to the whole table.
public struct StreamingPipeline {
    private let steps: [TableOperator]
    private let width: Int
    private var sawRaggedRecord = false
    /// Per step, the records that reached it; per filter step, those it kept.
    private var reached: [Int]
    private var kept: [Int?]

    /// `nil` when a step needs the whole table or is not applicable to `width` columns.
    public init?(_ pipeline: Pipeline, width: Int) {
        var current = width
        for op in pipeline.steps {
            guard let next = Self.width(after: op, from: current) else { return nil }
            current = next
        }
        steps = pipeline.steps
        self.width = width
        reached = Array(repeating: 0, count: steps.count)
        kept = steps.map { if case .filter = $0 { 0 } else { nil } }
    }

    /// Whether every step of `pipeline` is row-local, whatever the table's width.
    public static func streams(_ pipeline: Pipeline) -> Bool {
        pipeline.steps.allSatisfy { op in
            switch op {
            case .drop, .move, .copy, .merge, .divide, .extract, .derive, .replace, .filter: true
            case .split(_, _, let mode): mode == .first
            default: false
            }
        }
    }

    /// What one record becomes.
    public enum Outcome {
        case record([String])
        /// A filter left it out.
        case dropped
        /// A step cannot handle it (a cell program with no answer for it): the program does not apply
        /// to the file.
        case notApplicable
    }

    public mutating func apply(_ record: [String]) -> Outcome {
        if record.count != width { sawRaggedRecord = true }
        var row = record.count >= width ? record : record + Array(repeating: "", count: width - record.count)
        for (index, step) in steps.enumerated() {
            reached[index] += 1
            switch step {
            case .filter(let predicate, let keep, let header):
                // The table step keeps its table's first row as the header: the first record to get here.
                let isHeader = header && reached[index] == 1
                if !isHeader, predicate.holds(row) != keep { return .dropped }
                kept[index]? += 1
            default:
                guard let next = step.applyToRow(row) else { return .notApplicable }
                row = next
            }
        }
        return .record(row)
    }

    /// Whether the records streamed so far are exactly what the table step would give.
    public var isExact: Bool {
        !sawRaggedRecord && kept.allSatisfy { ($0 ?? 1) > 0 }
    }

    /// The width after a row-local `op`, or `nil` when `op` needs the whole table or does not apply.
    private static func width(after op: TableOperator, from w: Int) -> Int? {
        switch op {
        case .drop(let c): return c >= 0 && c < w && w > 1 ? w - 1 : nil
        case .move(let c, let to): return c >= 0 && c < w && to >= 0 && to < w && c != to ? w : nil
        case .copy(let c): return c >= 0 && c < w ? w + 1 : nil
        case .merge(let c, _): return c >= 0 && c < w - 1 ? w - 1 : nil
        case .split(let c, let delimiter, let mode):
            // At the first occurrence a split always makes two cells; at every one, as many as the
            // cell with the most pieces, which only the whole table knows.
            return c >= 0 && c < w && !delimiter.isEmpty && mode == .first ? w + 1 : nil
        case .divide(let c, _), .extract(let c, _): return c >= 0 && c < w ? w + 1 : nil
        case .derive(_, let at): return at >= 0 && at <= w ? w + 1 : nil
        case .replace(let c, _): return c >= 0 && c < w ? w : nil
        case .filter(let predicate, _, _): return predicate.columns.allSatisfy { $0 >= 0 && $0 < w } ? w : nil
        default: return nil
        }
    }
}
