import Foundation
import WinnowCore

/// Run files turned into the candidates harvest verifies.
public struct HarvestRuns: Sendable {
    /// One candidate per committed program, in run-file order.
    public var sources: [HarvestSource] = []
    /// Task results read, with or without a program.
    public var read = 0
    /// Results that committed no program (unsolved, abstained, a direct answer, a search candidate
    /// that is not a pipeline).
    public var withoutProgram = 0

    /// Reads every run file and looks up each task in `catalog`.
    public init(paths: [String], catalog: TaskCatalog, round: Int) throws(WinnowError) {
        for path in paths {
            let run = URL(fileURLWithPath: path).lastPathComponent
            for entry in try RunFile.read(path) {
                read += 1
                let found = try catalog.entry(for: entry, in: path)
                guard let program = entry.program else {
                    withoutProgram += 1
                    continue
                }
                sources.append(HarvestSource(
                    task: found.task, family: found.family, program: program, origin: entry.origin, model: entry.model, round: round, run: run))
            }
        }
    }
}
