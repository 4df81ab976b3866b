import Dispatch
import Foundation
import WinnowCore
import WinnowSearch
import WinnowTables

/// The solver behind every door of `winnow serve` and `winnow mcp`: the HTTP routes and the MCP tools
/// call the same three functions, so a task gets the same answer whichever way it came in.
///
/// Search and apply are synchronous and keep a core busy; `run` moves them off Swift's cooperative
/// threads, which must stay free to read requests and answer 429s while work is in flight.
public struct SolveService: Sendable {
    public var solver: TableSolver
    public var gate: TableGate
    public var limits: ServeLimits

    public init(solver: TableSolver, gate: TableGate, limits: ServeLimits) {
        self.solver = solver
        self.gate = gate
        self.limits = limits
    }

    /// Searches for the simplest program that reproduces the example and applies it to the held-out
    /// inputs, as `winnow solve --json` does.
    public func solve(_ request: SolveRequest) async throws(ServiceError) -> SolveAnswer {
        var configured = solver
        let budget = solver.budget.maxDuration.components
        let seconds = min(request.timeout ?? Double(budget.seconds) + Double(budget.attoseconds) / 1e18, limits.maxTimeout)
        configured.budget.maxDuration = .milliseconds(Int((seconds * 1000).rounded()))
        let (task, gate, solver) = (request.task, self.gate, configured)
        let result = await Self.run { solver.solve(task).gated(by: gate, queries: task.queries) }
        if request.appliesFile, result.program == nil, result.rejected > 0 {
            throw ServiceError(
                .badInput,
                "apply: \(result.rejected) program(s) reproduce the example but none applies to every row of this file (are its rows shaped like the sample's?)")
        }
        let header = request.outputHeader
        let outputs = result.outputs.map { Table((header.map { [$0] } ?? []) + $0.rows) }
        let script = request.script ? result.program.map { PythonExporter.script(for: $0, comment: "Synthesized by `winnow serve`.", outputHeader: header) } : nil
        return SolveAnswer(record: SolveRecord(taskID: task.id, result: result, outputs: outputs, outputHeader: header), script: script)
    }

    /// Runs a committed program on one table.
    public func apply(_ request: ApplyRequest) async throws(ServiceError) -> Table {
        let (program, table) = (request.program, request.table)
        guard let result = await Self.run({ program.apply(table) }) else {
            throw ServiceError(.programFailed, "the program does not apply to this table (are its rows shaped like the example's?)")
        }
        return Table((request.header.map { [$0] } ?? []) + result.rows)
    }

    /// Runs a committed program over a CSV file on disk into another file, streaming when the program
    /// is row-local; returns the records written.
    public func apply(_ program: Pipeline, file: String, header: Bool, outputHeader: [String]?, to destination: String) async throws(ServiceError) -> Int {
        let outcome: Result<Int, FileApply.Failure> = await Self.run {
            Result { () throws(FileApply.Failure) -> Int in
                try FileApply.apply(program, path: file, skipHeader: header, outputHeader: outputHeader, to: destination)
            }
        }
        switch outcome {
        case .success(let rows): return rows
        // The spool file's name means nothing to the client (and is the server's business): the body is "csv".
        case .failure(.notApplicable(let error)): throw ServiceError(.programFailed, "csv: " + error.message)
        case .failure(.file(let error)) where error.file == file:
            throw ServiceError(error.kind == .badInput ? .badInput : .internalFailure, "csv: " + error.message)
        case .failure(.file(let error)): throw ServiceError(error)
        }
    }

    /// A program in words, step by step, with the Python script that performs it.
    public func explain(_ program: Pipeline) -> ProgramExplanation {
        ProgramExplanation(
            steps: zip(program.steps, program.explanations).map { ProgramExplanation.Step(operator: $0.description, explanation: $1) },
            script: PythonExporter.script(for: program, comment: "Explained by `winnow`."))
    }

    /// Runs synchronous work on a Dispatch thread and waits for it without blocking the caller's thread.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}

/// `explain_program`'s answer.
public struct ProgramExplanation: Encodable, Sendable {
    public struct Step: Encodable, Sendable {
        public var `operator`: String
        public var explanation: String
    }

    /// One per step; none for the empty program, which leaves the table as it is.
    public var steps: [Step]
    public var script: String
}
