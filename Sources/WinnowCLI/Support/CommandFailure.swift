import ArgumentParser
import Foundation
import WinnowCore

/// Runs a command body, turning a `WinnowError` into a one-line message on stderr and its documented
/// exit code, so every command fails the same way.
func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as WinnowError {
        FileHandle.standardError.write(Data("winnow: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
