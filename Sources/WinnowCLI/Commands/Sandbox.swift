import ArgumentParser
import Foundation
import WinnowCore
import WinnowJail

/// `winnow sandbox`: inspect the jail on this machine.
struct Sandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect the jail that runs untrusted programs.",
        subcommands: [Check.self])

    /// `winnow sandbox check`: start one zygote, list every layer and whether it is active, and run
    /// a probe job through it.
    struct Check: AsyncParsableCommand, LoggingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the jail and report which isolation layers are active on this machine.",
            discussion: """
                Exits 0 when every layer the profile requires is active and a probe job ran; \
                \(ExitStatus.jailUnavailable) when the jail cannot start here (the failing layer is named).
                """)

        @Flag(help: "Print one JSON object: layers, python, probe verdict.")
        var json = false

        @OptionGroup var jail: JailOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reportingFailures {
                let profile = try SandboxLocator.load(explicit: jail.profile)
                let report = try await withJailPool(profile: profile, size: 1) { pool in
                    let probe = Job(source: "def transform(t):\n    return [list(reversed(r)) for r in t]\n", input: [["a", "b"]])
                    let verdict = try await pool.run(probe)
                    return CheckReport(profile: profile.name, python: pool.pythonVersion, layers: pool.layers, probe: verdict.kind)
                }
                if json {
                    StandardStreams.output(try JSONOutput.encode(report))
                } else {
                    StandardStreams.output(report.text)
                }
                guard report.probe == "ok" else {
                    throw CommandFailure("the probe job did not run: \(report.probe)", exitCode: ExitStatus.jailUnavailable)
                }
            }
        }
    }
}

struct CheckReport: Codable, Sendable {
    var profile: String
    var python: String
    var layers: [JailLayer]
    var probe: String

    var text: String {
        let width = layers.map(\.name.count).max() ?? 0
        var lines = ["profile \(profile), python \(python)"]
        for layer in layers {
            let padded = layer.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("\(layer.active ? "active  " : "INACTIVE") \(padded)  \(layer.detail)")
        }
        lines.append("probe job: \(probe)")
        return lines.joined(separator: "\n")
    }
}
