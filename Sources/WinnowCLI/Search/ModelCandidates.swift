import WinnowCore
import WinnowGate
import WinnowJail
import WinnowTables

/// Model programs as candidates of a table problem: what `search --model` adds to each pool.
///
/// The model is asked as the `ensemble` gate asks it (every program prompt, with repair); a program
/// joins the pool only if it reproduced the example and ran on every held-out input in the jail,
/// as any candidate must. It is then run, in the jail again, on every input of the problem, so the
/// policy sees it exactly as it sees a pipeline; one that tries a side effect there is dropped.
enum ModelCandidates {
    static func add(
        to problems: [TableProblem], tasks: [SynthesisTask<Table>], proposer: ModelProposer, pool: JailPool, repairRounds: Int
    ) async throws -> [TableProblem] {
        var solver = GatedSolver(search: nil, proposer: proposer, checker: ProgramChecker(executor: pool))
        solver.repairRounds = repairRounds
        var out: [TableProblem] = []
        for (problem, task) in zip(problems, tasks) {
            let evidence = try await solver.gather(task, for: [.ensemble])
            var seen: Set<String> = []
            var added: [TableProblem.OutsideCandidate] = []
            for program in evidence.programs where program.isCommittable {
                guard case .python(let source) = program.code, seen.insert(source).inserted else { continue }
                var outputs: [Table?] = []
                var triedSideEffects = false
                for input in problem.inputs where !triedSideEffects {
                    let outcome = try await pool.execute(Job(source: source, input: input))
                    outputs.append(outcome.verdict.table)
                    triedSideEffects = !outcome.sideEffects.isEmpty
                }
                // A program that tries a side effect on any probe is no candidate, as at the gate.
                if triedSideEffects { continue }
                let origin = program.origin == .repair ? ", repaired" : ""
                added.append(TableProblem.OutsideCandidate(name: "model program \(added.count + 1) (prompt \(program.prompt ?? "?")\(origin))", outputs: outputs))
            }
            out.append(problem.appending(added))
        }
        return out
    }
}
