import ArgumentParser
import Foundation
import WinnowCore

/// A failure found while a command runs that is not about one input file's content, such as two
/// options that both want standard output, so it still reaches the user as one line and a documented
/// exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32

    init(_ message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }
}

/// Runs a command body, turning a `WinnowError` or `CommandFailure` into one line on stderr
/// (`winnow: FILE: problem`) and its documented exit code, so every command fails the same way.
func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as WinnowError {
        StandardStreams.error("winnow: \(error.description)")
        throw ExitCode(error.exitCode)
    } catch let failure as CommandFailure {
        StandardStreams.error("winnow: \(failure.message)")
        throw ExitCode(failure.exitCode)
    }
}
