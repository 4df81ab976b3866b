import Foundation
import Logging
import WinnowCore
import WinnowGate
import WinnowJail
import WinnowModel
import WinnowTables

/// `winnow solve` with a model: every task through the propose → verify → commit loop, printed as
/// the model-free path prints (text, `--json`, `--emit python`, `--apply`), plus the decision.
struct GatedSolveRun: Sendable {
    var mode: GateMode
    var search: TableSolver?
    var proposer: ModelProposer
    var model: ConnectedModel
    var repairRounds: Int
    var json: Bool
    var emit: Bool
    var header: Bool
    var apply: String?
    var output: String?

    private var logger: Logger { Logger(label: "winnow.solve") }

    /// Runs `body` with a jail when the mode runs programs (every mode but `direct`).
    func withExecutor(profile: String?, _ body: @Sendable (ProgramChecker?) async throws -> Int32) async throws -> Int32 {
        guard mode != .direct else { return try await body(nil) }
        let loaded = try SandboxLocator.load(explicit: profile)
        return try await withJailPool(profile: loaded) { pool in try await body(ProgramChecker(executor: pool)) }
    }

    /// The task's outcome, and the failure of the whole run it showed, if any: the model answered
    /// none of its calls (76), or the replay asked for a request the cassette does not hold (65).
    /// The outcome is still reported (its search and its errors are real), then the run fails.
    func outcome(_ task: SynthesisTask<Table>, checker: ProgramChecker?) async throws -> (GatedOutcome, CommandFailure?) {
        var solver = GatedSolver(search: search, proposer: proposer, checker: checker)
        solver.repairRounds = repairRounds
        let (evidence, decision) = try await solver.solve(task, mode: mode)
        var failure: CommandFailure?
        if model.replaying, let miss = evidence.modelErrors.first(where: { $0.contains(ModelError.notRecordedLead) }) {
            failure = CommandFailure("the replayed cassette does not match this run: \(miss)", exitCode: ExitStatus.badInput)
        } else if evidence.modelUnavailable {
            let first = ModelErrorAdvice.line(evidence.modelErrors.first ?? "", structuredOutput: proposer.structuredOutput)
            failure = CommandFailure("every model request failed: \(first)", exitCode: ExitStatus.modelUnavailable)
        }
        logger.info("\(decision.kind)", metadata: [
            "task": "\(task.id)", "origin": "\(decision.origin?.rawValue ?? "-")", "programs": "\(evidence.programs.count)",
            "requests": "\(evidence.usage.requests)", "ms": "\(String(format: "%.1f", evidence.milliseconds))",
        ])
        return (GatedOutcome(taskID: task.id, mode: mode, modelName: model.name, evidence: evidence, decision: decision), failure)
    }

    /// 4 when it abstained; 2 when `--emit` has no program to print (the decision was the answer).
    func exitCode(_ outcome: GatedOutcome) -> Int32 {
        if outcome.decision.kind == "abstained" { return ExitStatus.abstained }
        return emit && outcome.program == nil ? ExitStatus.unsolved : ExitStatus.success
    }

    // MARK: - Task files

    func taskFile(_ path: String, checker: ProgramChecker?) async throws -> Int32 {
        let tasks: [SynthesisTask<Table>] = try TaskFile.load(path)
        if emit, tasks.count != 1 {
            throw CommandFailure("\(path): holds \(tasks.count) tasks, but --emit needs a file with exactly one", exitCode: ExitStatus.usage)
        }
        var code = ExitStatus.success
        var failure: CommandFailure?
        for (index, task) in tasks.enumerated() {
            let (outcome, failed) = try await outcome(task, checker: checker)
            failure = failure ?? failed
            code = max(code, exitCode(outcome))
            let comment = "Committed by `winnow solve --gate \(mode.rawValue)` from \(path) (task \(task.id))."
            if json {
                StandardStreams.output(try JSONOutput.encode(GatedSolveRecord(
                    outcome: outcome, outputs: outcome.outputs, python: outcome.script(comment: comment), error: failed?.message)))
            } else if emit {
                emitScript(outcome, comment: comment)
            } else {
                if index > 0 { StandardStreams.output("") }
                StandardStreams.output(GatedSolveReport.text(outcome, outputs: outcome.outputs, queryCount: task.queries.count))
            }
        }
        if let failure { throw failure }
        return code
    }

    // MARK: - CSV pair

    func csvPair(input: String, example: String, checker: ProgramChecker?) async throws -> Int32 {
        let pair = try CSVPairTask(input: input, example: example, apply: apply, header: header)
        let (wanted, task) = (pair.wanted, pair.task)
        if let output { try OutputPath.checkWritable(output) }
        let (outcome, failure) = try await outcome(task, checker: checker)
        let outputs = outcome.outputs.map { Table((wanted.header.map { [$0] } ?? []) + $0.rows) }
        if let applied = outputs.first {
            if let output {
                try AtomicFile.write(CSV.render(applied), to: output)
            } else {
                StandardStreams.outputRaw(CSV.render(applied))
            }
        }
        let comment = "Committed by `winnow solve --gate \(mode.rawValue)` from \(input) -> \(example)."
        if json {
            StandardStreams.output(try JSONOutput.encode(GatedSolveRecord(
                outcome: outcome, outputs: outputs, outputFile: output, python: outcome.script(comment: comment), error: failure?.message)))
        } else if emit {
            emitScript(outcome, comment: comment)
        } else {
            let report = GatedSolveReport.text(outcome, outputs: outputs, queryCount: task.queries.count, writtenTo: output)
            if apply != nil, output == nil { StandardStreams.error(report) } else { StandardStreams.output(report) }
        }
        if let failure { throw failure }
        return exitCode(outcome)
    }

    /// `--json` when the server could not be reached before any task ran: still one object per
    /// task, abstained, with the error in it, so a script reading stdout sees every task fail.
    static func unreached(_ failure: CommandFailure, mode: GateMode, modelName: String, taskIDs: [String]) throws {
        for taskID in taskIDs {
            let outcome = GatedOutcome(
                taskID: taskID, mode: mode, modelName: modelName, evidence: Evidence(),
                decision: .abstained("the model could not be reached"))
            StandardStreams.output(try JSONOutput.encode(GatedSolveRecord(outcome: outcome, outputs: [], python: nil, error: failure.message)))
        }
    }

    private func emitScript(_ outcome: GatedOutcome, comment: String) {
        guard let script = outcome.script(comment: comment) else {
            StandardStreams.error("winnow: \(outcome.taskID): no program to emit (\(outcome.reason ?? "the committed answer is the model's direct answer, not a program"))")
            return
        }
        StandardStreams.outputRaw(script)
    }
}
