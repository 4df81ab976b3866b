import Foundation
import WinnowControl
import WinnowCore
import WinnowLearn

/// Where a trained policy's controls live beside it: `NAME.json` has `NAME.shuffled-rewards.json`
/// and `NAME.scrambled-features.json`, so that evaluating a policy always shows its controls.
enum LearnedPolicyFiles {
    static func controls(of path: String) -> [String] {
        let stem = path.hasSuffix(".json") ? String(path.dropLast(5)) : path
        return TrainingControl.allCases.filter { $0 != .none }.map { "\(stem).\($0.rawValue).json" }
    }

    /// The policy, then each control found beside it.
    static func load(_ path: String) throws -> [any ControlPolicy] {
        guard FileManager.default.fileExists(atPath: path) else { throw WinnowError(.missingInput, file: path, "no such policy file") }
        var policies: [any ControlPolicy] = []
        for file in [path] + controls(of: path).filter({ FileManager.default.fileExists(atPath: $0) }) {
            do {
                policies.append(try LearnedPolicy(path: file))
            } catch {
                throw WinnowError(.badConfiguration, file: file, "not a learned policy: \(error)")
            }
        }
        return policies
    }
}
