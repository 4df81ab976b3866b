import Foundation
import WinnowCore

/// The tasks of a benchmark folder, all loaded before any is solved so that a broken file stops the
/// run at once instead of after minutes of solving.
struct BenchSuite {
    struct Item: Sendable {
        /// The file name inside the folder.
        var file: String
        var task: SynthesisTask<Table>

        var key: String { "\(file)#\(task.id)" }
    }

    /// File extensions that hold tasks; Foofah ships JSON in `.txt` files.
    static let extensions: Set<String> = ["json", "jsonl", "txt"]

    var items: [Item]

    init(folder: String) throws(WinnowError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw WinnowError(.missingInput, file: folder, "no such folder")
        }
        guard isDirectory.boolValue else { throw WinnowError(.missingInput, file: folder, "is a file, expected a folder of task files") }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw WinnowError(.missingInput, file: folder, "cannot be listed (\(error.localizedDescription))")
        }
        let files = names.filter(Self.isTaskFile).sorted()
        if files.isEmpty {
            throw WinnowError(.missingInput, file: folder, "holds no task files (*.json, *.jsonl, *.txt)")
        }
        var items: [Item] = []
        for file in files {
            let tasks: [SynthesisTask<Table>] = try TaskFile.load(URL(fileURLWithPath: folder).appendingPathComponent(file).path)
            items += tasks.map { Item(file: file, task: $0) }
        }
        self.items = items
    }

    /// Task files by extension, skipping hidden files and the licence and read-me files benchmarks ship.
    static func isTaskFile(_ name: String) -> Bool {
        let upper = name.uppercased()
        guard !name.hasPrefix("."), !upper.hasPrefix("README"), !upper.hasPrefix("LICENSE") else { return false }
        return extensions.contains(URL(fileURLWithPath: name).pathExtension.lowercased())
    }
}
