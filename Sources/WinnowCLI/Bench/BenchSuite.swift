import Foundation
import WinnowCore

/// The tasks of a benchmark folder, all loaded before any is solved.
///
/// A file that cannot be read as tasks does not stop the run: it becomes a `Failure` that the report
/// scores as an error, so one malformed file among hundreds costs its own line and nothing else.
struct BenchSuite {
    struct Item: Sendable {
        /// The file name inside the folder.
        var file: String
        var task: SynthesisTask<Table>

        var key: String { "\(file)#\(task.id)" }
    }

    /// A task file that could not be loaded, with the one-line message a user would see from `solve`.
    struct Failure: Sendable, Equatable {
        var file: String
        var message: String
    }

    /// File extensions that hold tasks; Foofah ships JSON in `.txt` files.
    static let extensions: Set<String> = ["json", "jsonl", "txt"]

    var items: [Item]
    var failures: [Failure]

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
        var failures: [Failure] = []
        for file in files {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file).path
            do {
                let tasks: [SynthesisTask<Table>] = try TaskFile.load(path)
                items += tasks.map { Item(file: file, task: $0) }
            } catch {
                // A JSONL error names `path:N`; the line number is kept, the folder is not repeated.
                let line = error.file.flatMap { $0.hasPrefix(path + ":") ? "line \($0.dropFirst(path.count + 1)): " : nil } ?? ""
                failures.append(Failure(file: file, message: line + error.message))
            }
        }
        self.items = items
        self.failures = failures
    }

    /// Task files by extension, skipping hidden files and the licence and read-me files benchmarks ship.
    static func isTaskFile(_ name: String) -> Bool {
        let upper = name.uppercased()
        guard !name.hasPrefix("."), !upper.hasPrefix("README"), !upper.hasPrefix("LICENSE") else { return false }
        return extensions.contains(URL(fileURLWithPath: name).pathExtension.lowercased())
    }
}
