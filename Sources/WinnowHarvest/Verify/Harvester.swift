import Foundation
import WinnowCore
import WinnowJail

/// Verifies candidate programs in the jail and turns the ones that pass into training records.
///
/// What is verified is what is trained on: the rendered Python (a pipeline's `transform` function,
/// or the model's source), run in the jail on every visible example and, where answers are known,
/// on the held-out inputs. A record is made only if the program reproduced every visible example,
/// and with `requireHidden` every held-out answer too. Each verified program gives one `program`
/// record and one `direct` record per answer it reproduced that the channel would ask for.
public struct Harvester: Sendable {
    public var options: HarvestOptions
    public var executor: any Executor
    /// The `created` stamp of the records this harvester makes, ISO 8601 UTC.
    public var created: String
    /// Programs verified at once; the jail pool runs them in parallel.
    public var concurrency = 4

    public init(options: HarvestOptions = HarvestOptions(), executor: any Executor, now: Date = Date()) {
        self.options = options
        self.executor = executor
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        created = formatter.string(from: now)
    }

    /// Why a source gave no record.
    public enum Rejection: String, Sendable {
        case failsVisible = "fails a visible example"
        case noHiddenAnswers = "no hidden answers to check (--require-hidden)"
        case failsHidden = "fails a hidden answer (--require-hidden)"
        case unparsable = "Python cannot parse it"
        case sideEffects = "tried side effects in the jail (files, network, processes or imports)"
    }

    /// The records of every source that passed, in source order, and every source that did not,
    /// with why (a `Rejection`'s text). Throws only when the executor refuses work, or a shipped
    /// prompt file is missing.
    public func verify(_ sources: [HarvestSource]) async throws -> (records: [HarvestRecord], rejected: [(HarvestSource, reason: String)]) {
        let outcomes = try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            func startNext() {
                guard next < sources.count else { return }
                let index = next
                next += 1
                group.addTask { (index, try await self.verify(sources[index])) }
            }
            for _ in 0..<max(1, concurrency) { startNext() }
            var outcomes: [(Int, Outcome)] = []
            while let outcome = try await group.next() {
                outcomes.append(outcome)
                startNext()
            }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var records: [HarvestRecord] = []
        var rejected: [(HarvestSource, reason: String)] = []
        for (source, outcome) in zip(sources, outcomes) {
            switch outcome {
            case .made(let made): records += made
            case .rejected(let why): rejected.append((source, reason: why.rawValue))
            }
        }
        return (records, rejected)
    }

    private enum Outcome: Sendable {
        case made([HarvestRecord])
        case rejected(Rejection)
    }

    private func verify(_ source: HarvestSource) async throws -> Outcome {
        let python = source.program.pythonSource
        let trial = try await ProgramTrial.run(python, on: source.task, executor: executor)
        guard trial.sideEffects.isEmpty else { return .rejected(.sideEffects) }
        guard trial.passesVisible else { return .rejected(.failsVisible) }
        if options.requireHidden {
            guard trial.hiddenKnown > 0 else { return .rejected(.noHiddenAnswers) }
            guard trial.passesHidden else { return .rejected(.failsHidden) }
        }
        guard let hash = try await ProgramNormaliser.hash(python, executor: executor) else { return .rejected(.unparsable) }
        let builder = RecordBuilder(source: source, trial: trial, created: created)
        return .made(try builder.records(python: python, programHash: hash))
    }
}

