import Foundation
import WinnowTestSupport
import Testing

/// Runs the real `winnow` executable the way a user does, from the build products folder that
/// `swift test` also puts the test bundle's resources in.
enum Winnow {
    /// The package checkout, for the shipped tasks and inventory.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("winnow")
    }

    static var fixtures: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func shippedTask(_ name: String) -> String {
        packageRoot.appendingPathComponent("tasks/examples/\(name).json").path
    }

    static var csvExample: URL { packageRoot.appendingPathComponent("tasks/csv-example") }

    /// Runs `winnow` with arguments, optionally feeding stdin and choosing the working folder.
    static func run(_ arguments: [String], stdin: Data? = nil, in folder: URL? = nil) async throws -> ProcessOutput {
        #expect(FileManager.default.isExecutableFile(atPath: binary.path), "winnow is not built at \(binary.path)")
        return try await runProcess(binary, arguments, stdin: stdin, in: folder)
    }
}

/// Parses one JSON object from text.
func jsonObject(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(text.prefix(200))")
}
