import Foundation
import WinnowTestSupport
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

/// Parses one JSON object from text.
func jsonObject(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(text.prefix(200))")
}
