import Foundation
import Synchronization
import WinnowCore

/// The user's fine-tune command, run once per round on that round's SFT data.
///
/// Winnow does not fine-tune models itself (that needs a GPU and a training stack it should not
/// pin); it hands the data to the command the user trusts and continues with the model the command
/// names. The command is the user's own code, so it runs as the user, outside the jail, through
/// `/bin/sh -c` with the round's facts in its environment:
///
/// - `WINNOW_ROUND`: the round number, from 0;
/// - `WINNOW_DATA_DIR`: the folder holding the round's `train.jsonl` and `valid.jsonl`;
/// - `WINNOW_OUTPUT_DIR`: a folder of its own for checkpoints and logs;
/// - `WINNOW_BASE_MODEL`: the model the run started from (restart from it each round, as ReST-EM does);
/// - `WINNOW_MODEL`: the model the round sampled from.
///
/// It must print the name of the model to continue with (as the server will serve it) as the last
/// non-empty line of its standard output; everything it prints is kept in `train-cmd.log`.
struct ExternalTrainer: Sendable {
    var command: String

    struct Round: Sendable {
        var round: Int
        var dataFolder: String
        var outputFolder: String
        var baseModel: String
        var currentModel: String
    }

    /// Runs the command and waits for it without holding a thread of the cooperative pool; returns
    /// the model it names.
    func run(_ round: Round, log: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["WINNOW_ROUND"] = String(round.round)
        environment["WINNOW_DATA_DIR"] = round.dataFolder
        environment["WINNOW_OUTPUT_DIR"] = round.outputFolder
        environment["WINNOW_BASE_MODEL"] = round.baseModel
        environment["WINNOW_MODEL"] = round.currentModel
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let exited = AsyncStream<Void> { continuation in
            process.terminationHandler = { _ in continuation.finish() }
        }
        do {
            try process.run()
        } catch {
            throw CommandFailure("--train-cmd could not be started: \(error.localizedDescription)", exitCode: ExitStatus.trainCommandFailed)
        }
        // Drain both pipes while the command runs, so a chatty command cannot fill one and stall.
        let output = ProcessOutput()
        let group = DispatchGroup()
        for (pipe, keep) in [(stdout, true), (stderr, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                output.append(data, isStandardOutput: keep)
                group.leave()
            }
        }
        for await _ in exited {}
        await withCheckedContinuation { continuation in group.notify(queue: .global()) { continuation.resume() } }
        let text = output.text
        try? AtomicFile.write("$ \(command)\n" + text.combined, to: log)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let tail = text.standardError.split(separator: "\n").suffix(5).joined(separator: "\n")
            throw CommandFailure(
                "--train-cmd failed in round \(round.round) (exit \(process.terminationStatus)); see \(log)" + (tail.isEmpty ? "" : ":\n\(tail)"),
                exitCode: ExitStatus.trainCommandFailed)
        }
        guard let name = text.standardOutput.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw CommandFailure(
                "--train-cmd printed no model name in round \(round.round) (its last line of standard output must name the model to continue with); see \(log)",
                exitCode: ExitStatus.trainCommandFailed)
        }
        return name.trimmingCharacters(in: .whitespaces)
    }
}

/// Both streams of a child, filled from two reader threads.
private final class ProcessOutput: Sendable {
    private let streams = Mutex((standardOutput: Data(), standardError: Data()))

    func append(_ data: Data, isStandardOutput: Bool) {
        streams.withLock {
            if isStandardOutput { $0.standardOutput.append(data) } else { $0.standardError.append(data) }
        }
    }

    var text: (standardOutput: String, standardError: String, combined: String) {
        streams.withLock {
            let o = String(decoding: $0.standardOutput, as: UTF8.self)
            let e = String(decoding: $0.standardError, as: UTF8.self)
            return (o, e, o + (e.isEmpty ? "" : "--- stderr ---\n" + e))
        }
    }
}
