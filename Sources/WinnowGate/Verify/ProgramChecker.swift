import WinnowCore
import WinnowJail
import WinnowModel

/// What running one model program on the examples and held-out inputs came to.
public struct ProgramCheck: Sendable, Hashable {
    /// An example the program did not reproduce, and what it did there.
    public struct Failure: Sendable, Hashable {
        public var example: Int
        public var verdict: Verdict
        /// Cells that differ from the example's output, when the program returned a table.
        public var differingCells: Int?
    }

    public var reproducesExample = false
    /// The first example it did not reproduce: the repair prompt's material.
    public var failure: Failure?
    /// Outputs on the held-out inputs; nil unless it reproduced every example and ran on every input.
    public var outputs: [Table]?
    /// One line on why it cannot be committed; nil when it can.
    public var problem: String?
    /// Jobs run.
    public var runs = 0
    /// What the program tried outside itself in the jail; non-empty means it is never committed.
    public var sideEffects: [SideEffectAttempt] = []
}

/// The verifier for model programs: runs them, only in the executor (the jail), on every visible
/// example and then on every held-out input.
///
/// Held-out inputs are evidence only, as for search: a program that reproduces the example but
/// crashes on the input it is meant for is not committed. Their answers are never read here.
///
/// What a program tries outside itself is evidence too: the jail refuses a file write and the
/// program may catch the error and still return the right table, but outside the jail the write
/// would happen. The first run that tried anything ends the check, and the program is refused.
public struct ProgramChecker: Sendable {
    public var executor: any Executor

    public init(executor: any Executor) { self.executor = executor }

    /// Throws only when the executor refuses work (shut down, cancelled); a program's failure is
    /// in the check.
    public func check(_ source: String, examples: [Example<Table>], queries: [Table]) async throws(ExecutorError) -> ProgramCheck {
        var check = ProgramCheck()
        for (index, example) in examples.enumerated() {
            let outcome = try await executor.execute(Job(source: source, input: example.input))
            let verdict = outcome.verdict
            check.runs += 1
            if verdict.table != example.output {
                // Still the repair prompt's material when the program also tried a side effect.
                check.failure = ProgramCheck.Failure(
                    example: index, verdict: verdict,
                    differingCells: verdict.table.map { TableDiff(expected: example.output, actual: $0).changes.count })
                check.problem = Self.describe(verdict, expected: example.output, example: index, of: examples.count)
            }
            if Self.refuse(outcome, in: &check) || check.failure != nil { return check }
        }
        check.reproducesExample = true
        var outputs: [Table] = []
        for (index, query) in queries.enumerated() {
            let outcome = try await executor.execute(Job(source: source, input: query))
            let verdict = outcome.verdict
            check.runs += 1
            if Self.refuse(outcome, in: &check) { return check }
            guard let table = verdict.table else {
                let which = queries.count > 1 ? " \(index + 1)" : ""
                check.problem = "reproduces the example but fails on held-out input\(which): \(verdict.summary)"
                return check
            }
            outputs.append(table)
        }
        check.outputs = outputs
        return check
    }

    /// Records a run's side effects; true when there were any (the check ends there).
    private static func refuse(_ outcome: JobOutcome, in check: inout ProgramCheck) -> Bool {
        guard let first = outcome.sideEffects.first else { return false }
        check.sideEffects = outcome.sideEffects
        let more = outcome.sideEffects.count > 1 ? " and \(outcome.sideEffects.count - 1) more" : ""
        check.problem = "refused (\(CheckedProgram.sideEffectsReason)): it tried \(first.summary)\(more) in the jail"
        return true
    }

    /// One line: what the program did instead of reproducing an example.
    static func describe(_ verdict: Verdict, expected: Table, example: Int, of count: Int) -> String {
        let which = count > 1 ? "example \(example + 1)" : "the example"
        guard let table = verdict.table else { return "on \(which): \(verdict.summary)" }
        let diff = TableDiff(expected: expected, actual: table)
        return "differs from \(which) in \(diff.changes.count) cell(s)"
            + (diff.expectedShape != diff.actualShape
                ? " (\(table.rowCount)×\(table.columnCount), expected \(expected.rowCount)×\(expected.columnCount))" : "")
    }

    /// The repair prompt's `observed` and `diff` for a failed check.
    public static func repairMaterial(_ verdict: Verdict, expected: Table, maxRows: Int = 30) -> (observed: String, diff: String) {
        guard let table = verdict.table else {
            return (verdict.summary, "there is no output table to compare: the function did not return one")
        }
        return (PromptTemplate.render(table, maxRows: maxRows), TableDiff(expected: expected, actual: table).summary(limit: 8))
    }
}
