import Foundation

/// What one run of a process printed and how it exited.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// The non-empty lines of stderr.
    public var stderrLines: [Substring] { stderr.split(separator: "\n") }
}

/// Runs an executable to its end, capturing its output in files so that a large output cannot fill
/// a pipe and stall the child; stdin is `stdin`, or empty.
public func runProcess(_ executable: URL, _ arguments: [String], stdin: Data? = nil, in folder: URL? = nil) async throws -> ProcessOutput {
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
