import Foundation
import WinnowCore

/// What `iterate` has done so far, kept in `OUT/iterate.json` and rewritten atomically after every
/// round, so an interrupted run resumes after its last complete round.
struct IterationLog: Codable, Sendable {
    /// What the run was asked to do; a rerun into the same folder must ask the same.
    struct Settings: Codable, Sendable, Equatable {
        var pool: [String]
        var eval: [String]
        var foofah: String?
        var nodes: Int
        var foofahNodes: Int
        var maxPerTask: Int
        var trainSeed: UInt64
        var requireHidden: Bool
        var prior: String?
        var model: String?

        private enum CodingKeys: String, CodingKey {
            case pool, eval, foofah, nodes, prior, model
            case foofahNodes = "foofah_nodes", maxPerTask = "max_per_task", trainSeed = "train_seed", requireHidden = "require_hidden"
        }
    }

    /// One evaluated task set: the name the table shows and each arm's score.
    struct Evaluation: Codable, Sendable {
        var name: String
        var nodes: Int
        var arms: [String: ArmScore]
    }

    struct Round: Codable, Sendable {
        var round: Int
        /// The pool solved with the round's starting prior under the tight budget.
        var pool: ArmScore
        /// Verified records new this round, and the data set's size after it.
        var added: Int
        var records: Int
        /// Pipeline steps the priors were trained on.
        var trainingSteps: Int
        /// Pool tasks with a model program that passed the jail (0 without a model).
        var modelSolved: Int
        /// The model sampled this round, and the one the train command named for the next.
        var model: String
        var nextModel: String
        var evaluations: [Evaluation]
        var seconds: Double

        private enum CodingKeys: String, CodingKey {
            case round, pool, added, records, model, evaluations, seconds
            case trainingSteps = "training_steps", modelSolved = "model_solved", nextModel = "next_model"
        }
    }

    var settings: Settings
    var rounds: [Round] = []

    static func load(path: String) throws(WinnowError) -> IterationLog? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw WinnowError(.missingInput, file: path, "cannot be read") }
        do {
            return try JSONDecoder().decode(IterationLog.self, from: data)
        } catch {
            throw WinnowError(.badInput, file: path, "not an iterate log (\(error.localizedDescription)); use another output folder")
        }
    }

    func save(path: String) throws(WinnowError) {
        try AtomicFile.write(try JSONOutput.encode(self) + "\n", to: path)
    }
}
