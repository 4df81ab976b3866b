import ArgumentParser
import Foundation
import WinnowCore
import WinnowModel

/// `winnow models`: what an OpenAI-compatible server serves, to pick `--model-name` from.
struct Models: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the models an OpenAI-compatible server (vLLM, llama-server, Ollama…) serves.",
        discussion: """
            Exits \(ExitStatus.modelUnavailable) when the server cannot be reached or does not answer \
            with a model list.
            """)

    @Option(help: ArgumentHelp("The server's base URL, e.g. http://127.0.0.1:8000/v1 (vLLM), :8080/v1 (llama-server), :11434/v1 (Ollama).", valueName: "url"))
    var model: String

    @Flag(help: "Print a JSON list of model ids.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            guard let url = URL(string: model), url.scheme == "http" || url.scheme == "https" else {
                throw CommandFailure("--model must be an http(s) URL such as http://127.0.0.1:8000/v1", exitCode: ExitStatus.usage)
            }
            var configuration = OpenAICompatibleClient.Configuration(baseURL: url, model: "")
            configuration.timeoutSeconds = 10
            configuration.maxRetries = 1
            let ids: [String]
            do {
                ids = try await OpenAICompatibleClient(configuration).models()
            } catch {
                throw CommandFailure("\(model): \(error)", exitCode: ExitStatus.modelUnavailable)
            }
            StandardStreams.output(json ? try JSONOutput.encode(ids) : ids.joined(separator: "\n"))
        }
    }
}
