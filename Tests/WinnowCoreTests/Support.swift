import Foundation

/// Paths of the files in `Tests/WinnowCoreTests/Fixtures`, copied into the test bundle.
enum Fixture {
    static func path(_ name: String) -> String {
        guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the Fixtures folder is missing from the test bundle")
        }
        return folder.appendingPathComponent(name).path
    }
}

/// A fresh folder under the system temporary directory, removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("winnow-core-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    var path: String { url.path }

    /// Writes `text` (UTF-8) to a file in the folder and returns the file's path.
    @discardableResult
    func write(_ text: String, to name: String) -> String {
        write(Data(text.utf8), to: name)
    }

    @discardableResult
    func write(_ data: Data, to name: String) -> String {
        let file = url.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: file.path, contents: data)
        return file.path
    }

    /// The names of the files in the folder, hidden ones included, sorted.
    func contents() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }
}
