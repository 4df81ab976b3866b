import Foundation
import Testing

/// What one run of a process printed and how it exited.
struct ProcessOutput {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The non-empty lines of stderr.
    var stderrLines: [Substring] { stderr.split(separator: "\n") }
}

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

    /// Runs any executable, capturing its output in files so that large outputs cannot fill a pipe.
    static func runProcess(_ executable: URL, _ arguments: [String], stdin: Data? = nil, in folder: URL? = nil) async throws -> ProcessOutput {
        let scratch = try TemporaryFolder()
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        let inURL = scratch.url.appendingPathComponent("stdin")
        for url in [outURL, errURL] { try Data().write(to: url) }
        try (stdin ?? Data()).write(to: inURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let inHandle = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = inHandle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        for handle in [outHandle, errHandle, inHandle] { try handle.close() }
        return ProcessOutput(
            status: status,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}

/// A fresh folder under the system temporary folder, removed when the value is no longer used.
final class TemporaryFolder: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes a file into the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
}

/// Parses one JSON object from text.
func jsonObject(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(text.prefix(200))")
}
