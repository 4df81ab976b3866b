import Foundation
import WinnowCore

/// The tasks run files refer to, found by id: run files hold only task ids (and bench results the
/// task file's name), so harvest needs the task files themselves for the examples and answers.
public struct TaskCatalog: Sendable {
    public struct Entry: Sendable {
        /// The task file's name (without its folder), as bench results name it.
        public var file: String
        public var task: SynthesisTask<Table>
        public var family: String
    }

    public private(set) var entries: [Entry] = []
    private var byID: [String: [Int]] = [:]

    /// File extensions that hold tasks; Foofah ships JSON in `.txt` files.
    static let extensions: Set<String> = ["json", "jsonl", "txt"]

    /// Loads task files, and the task files directly inside folders (hidden, README and LICENSE
    /// files skipped, as `bench` does).
    public init(paths: [String]) throws(WinnowError) {
        for path in paths {
            for file in try Self.taskFiles(path) {
                let families = Self.declaredFamilies(file)
                for task in try TaskFile.load(file, as: Table.self) {
                    byID[task.id, default: []].append(entries.count)
                    entries.append(Entry(
                        file: URL(fileURLWithPath: file).lastPathComponent, task: task,
                        family: TaskFamily.of(taskID: task.id, declared: families[task.id])))
                }
            }
        }
    }

    public var tasks: [SynthesisTask<Table>] { entries.map(\.task) }

    /// The task a run entry names. Not found is a missing input; an id that several files define
    /// differently, with no file name to choose by, is bad input.
    public func entry(for run: RunEntry, in runFile: String) throws(WinnowError) -> Entry {
        let candidates = (byID[run.taskID] ?? []).map { entries[$0] }
        guard let first = candidates.first else {
            throw WinnowError(.missingInput, file: runFile, "\(run.location): task \(run.taskID) is in none of the --tasks files")
        }
        let named = candidates.filter { $0.file == run.file }
        let chosen = named.isEmpty ? candidates : named
        guard chosen.allSatisfy({ Self.same($0.task, first.task) }) else {
            throw WinnowError(.badInput, file: runFile, "\(run.location): task id \(run.taskID) names different tasks in \(chosen.map(\.file).joined(separator: ", "))")
        }
        return chosen[0]
    }

    private static func same(_ a: SynthesisTask<Table>, _ b: SynthesisTask<Table>) -> Bool {
        a.examples == b.examples && a.queries == b.queries && a.answers == b.answers
    }

    private static func taskFiles(_ path: String) throws(WinnowError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WinnowError(.missingInput, file: path, "no such task file or folder")
        }
        guard isDirectory.boolValue else { return [path] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw WinnowError(.missingInput, file: path, "cannot be listed (\(error.localizedDescription))")
        }
        let files = names.filter(isTaskFile).sorted()
        guard !files.isEmpty else { throw WinnowError(.missingInput, file: path, "holds no task files (*.json, *.jsonl, *.txt)") }
        return files.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
    }

    private static func isTaskFile(_ name: String) -> Bool {
        let upper = name.uppercased()
        guard !name.hasPrefix("."), !upper.hasPrefix("README"), !upper.hasPrefix("LICENSE") else { return false }
        return extensions.contains(URL(fileURLWithPath: name).pathExtension.lowercased())
    }

    /// The `"family"` keys of a native JSON or JSONL file, by task id (`TaskFile` does not keep them).
    private static func declaredFamilies(_ path: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var families: [String: String] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let id = object["id"] as? String, let family = object["family"] as? String
            else { continue }
            families[id] = family
        }
        return families
    }
}
