import Foundation
import WinnowCore

/// A synthetic table task and the pipeline that made it.
///
/// `target` and `family` are written beside the task for analysis and for splitting the pool;
/// `TaskFile` ignores both, so no solver sees them.
public struct GeneratedTableTask: Sendable {
    public var task: SynthesisTask<Table>
    public var target: Pipeline
    /// The target's operator names joined by `>` (`split>fill-down`): tasks of one family share a
    /// program shape, so a train/validation split by family tests generalisation to new shapes.
    public var family: String

    public init(task: SynthesisTask<Table>, target: Pipeline) {
        self.task = task
        self.target = target
        family = Self.family(of: target)
    }

    public static func family(of pipeline: Pipeline) -> String {
        pipeline.steps.map(\.name).joined(separator: ">")
    }

    /// The native task object with `target` (one line per step) and `family`.
    public var jsonObject: [String: Any] {
        var object = task.jsonObject
        object["target"] = target.steps.map(\.description)
        object["family"] = family
        return object
    }

    /// Reads a generated JSONL file back: each task with its family (the target is not parsed).
    public static func load(path: String) throws(WinnowError) -> [(task: SynthesisTask<Table>, family: String)] {
        let tasks = try TaskFile.load(path, as: Table.self)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WinnowError(.missingInput, file: path, "cannot be read (\(error.localizedDescription))")
        }
        var families: [String] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where line.contains(where: { $0 > 32 }) {
            let object = try? JSONSerialization.jsonObject(with: Data(line))
            guard let family = (object as? [String: Any])?["family"] as? String else {
                throw WinnowError(.badInput, file: "\(path):\(number + 1)", "missing string \"family\" (not a generated task file?)")
            }
            families.append(family)
        }
        guard families.count == tasks.count else {
            throw WinnowError(.badInput, file: path, "holds \(tasks.count) tasks but \(families.count) families")
        }
        return Array(zip(tasks, families)).map { (task: $0.0, family: $0.1) }
    }
}
