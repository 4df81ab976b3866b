import Foundation
import Testing
import WinnowAggregates
import WinnowControl
import WinnowCore

/// How the search and its ranking do on the shipped held-out split: printed, and guarded loosely so
/// a regression shows.
@Suite struct HeldoutMeasurementTests {
    @Test func measuresPoolAndFirstCandidateCorrectnessOnTheHeldOutSplit() throws {
        let tasks = try TaskFile.load(Checkout.path("tasks/aggregates/heldout.jsonl"), as: AggregateValue.self)
        let solver = AggregateSolver(inventory: try Checkout.inventory())
        var poolHasCorrect = 0
        var firstCorrect = 0
        var poolSizes = 0
        for task in tasks {
            let problem = AggregateProblem(task: task, candidates: solver.candidates(for: task))
            poolSizes += problem.candidateCount
            let correct = (0..<problem.candidateCount).filter(problem.isCorrect)
            if !correct.isEmpty { poolHasCorrect += 1 }
            if correct.first == 0 { firstCorrect += 1 }
        }
        let n = Double(tasks.count)
        let pool = Double(poolHasCorrect) / n
        let first = Double(firstCorrect) / n
        print("aggregates held-out (\(tasks.count) tasks): pool contains a correct program \(pool); first candidate correct \(first); mean pool size \(Double(poolSizes) / n)")
        #expect(pool >= 0.95)
        #expect(first >= 0.9)
    }
}
