import Foundation
import WinnowCore
import WinnowGate
import WinnowTables

/// The human report of a solve with a model: what was committed and on what grounds, what it
/// does to the held-out input(s), and what the candidates and the model cost.
enum GatedSolveReport {
    static func text(_ outcome: GatedOutcome, outputs: [Table], queryCount: Int, writtenTo file: String? = nil) -> String {
        let time = Format.ms(outcome.evidence.milliseconds)
        var lines: [String] = []
        switch outcome.decision {
        case .program(_, let origin):
            let program = outcome.program
            let what: String
            switch origin {
            case .search: what = "a search pipeline"
            case .repair: what = "a repaired model program (prompt \(program?.prompt ?? "?"))"
            case .modelProgram, .modelDirect: what = "a model program (prompt \(program?.prompt ?? "?"))"
            }
            lines.append("task \(outcome.taskID): committed \(what) that reproduces the example, in \(time)")
            switch program?.code {
            case .pipeline(let pipeline)?:
                lines.append("program (\(pipeline.steps.count) \(pipeline.steps.count == 1 ? "step" : "steps")):")
                lines += pipeline.description.split(separator: "\n").map { "  " + $0 }
            case .python(let source)?:
                lines.append("program (Python, run in the jail):")
                lines += source.trimmingCharacters(in: .newlines).split(separator: "\n", omittingEmptySubsequences: false).map { "  | " + $0 }
            case nil: break
            }
        case .answer:
            let why = outcome.mode == .direct ? "the direct gate asks for no program" : "no program reproduced the example"
            lines.append("task \(outcome.taskID): answered with the model's direct answer, UNVERIFIED (\(why)), in \(time)")
        case .abstained(let why):
            lines.append("task \(outcome.taskID): abstained in \(time): \(why)")
        }
        if queryCount == 0, outcome.decision.kind != "abstained" { lines.append("no held-out input to transform") }
        for (index, output) in outputs.enumerated() {
            let label = outputs.count > 1 ? "held-out input \(index + 1) of \(outputs.count)" : "held-out input"
            lines.append("")
            lines.append("\(label), transformed (\(output.rowCount) rows):")
            lines.append(TableRenderer.render(output, maxRows: file == nil ? SolveReport.maxRowsShown : SolveReport.maxRowsPreviewed))
        }
        if let file, let output = outputs.first {
            lines.append("")
            lines.append("wrote \(output.rowCount) rows to \(file)")
        }
        lines.append("")
        lines += evidenceLines(outcome)
        return lines.joined(separator: "\n")
    }

    /// What the candidates were and what they cost, a line each.
    static func evidenceLines(_ outcome: GatedOutcome) -> [String] {
        let evidence = outcome.evidence
        var lines: [String] = []
        if let search = evidence.search {
            lines.append("search: " + (search.program != nil
                ? "a pipeline reproduces the example (\(search.consistent.count) consistent, \(search.expanded) nodes)"
                : "\(SolveReport.failureSummary(search))"))
        }
        let model = evidence.programs.filter { $0.origin != .search && outcome.mode.admits($0) }
        if outcome.mode != .direct, !(evidence.search?.program != nil && model.isEmpty && outcome.mode == .searchAndModel) {
            let repaired = model.filter { $0.origin == .repair }.count
            lines.append("model programs: \(model.count) checked in the jail (\(repaired) from repair), "
                + "\(model.filter(\.reproducesExample).count) reproduced the example, \(evidence.jailRuns) jail runs")
            for program in model where !program.isCommittable {
                lines.append("  - \(program.prompt ?? "?")\(program.origin == .repair ? " (repair)" : ""): \(program.problem ?? "not committable")")
            }
        }
        for note in evidence.unreadable { lines.append("  - unreadable reply, \(note)") }
        if let direct = evidence.direct {
            var line = "direct answer: "
            if let tables = direct.tables {
                line += tables.count == 1 ? "\(tables[0].rowCount) rows" : "\(tables.count) tables"
                if let agrees = outcome.directAgrees { line += agrees ? ", agrees with the program" : ", DIFFERS from the program's output" }
                if !direct.repairs.isEmpty { line += " (read \(direct.repairs.joined(separator: "; ")))" }
            } else {
                line += "none (\(direct.problem ?? "no reply"))"
            }
            lines.append(line)
        }
        for error in evidence.modelErrors { lines.append("model error: \(error)") }
        let usage = evidence.usage
        if evidence.modelCalls > 0 {
            lines.append("model \(outcome.modelName): \(usage.requests) request\(usage.requests == 1 ? "" : "s") (\(usage.retries) retries), "
                + "\(usage.promptTokens) prompt + \(usage.completionTokens) completion tokens, \(Format.ms(usage.milliseconds)) waiting")
        }
        return lines
    }
}
