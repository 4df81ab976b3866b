import ArgumentParser
import Foundation
import WinnowCore
import WinnowGate
import WinnowModel

/// The model settings `solve` and `bench` share: which server, how to sample, how to record.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Base URL of an OpenAI-compatible server (vLLM :8000/v1, llama-server :8080/v1, Ollama :11434/v1). Turns the model channel on.",
        valueName: "url"))
    var model: String?

    @Option(name: .customLong("model-name"), help: ArgumentHelp(
        "The model to ask (default: the only one the server serves, or the one a --replay cassette was recorded with).",
        valueName: "name"))
    var modelName: String?

    @Option(help: ArgumentHelp("Programs asked for per program prompt (n; sent one by one where the server ignores n).", valueName: "n"))
    var samples = 1

    @Option(help: ArgumentHelp("Sampling temperature for programs (direct answers are greedy).", valueName: "t"))
    var temperature = 0.7

    @Option(name: .customLong("top-p"), help: ArgumentHelp("Nucleus sampling for programs.", valueName: "p"))
    var topP = 0.8

    @Option(help: ArgumentHelp(
        "Base sampling seed: a prompt's first sample gets it, each sample fetched on its own a seed derived from it (servers that honour seeds repeat their replies).",
        valueName: "n"))
    var seed = 0

    @Option(name: .customLong("max-tokens"), help: ArgumentHelp("Completion tokens per program reply.", valueName: "n"))
    var maxTokens = 1536

    @Option(name: .customLong("repair-rounds"), help: ArgumentHelp("Repair rounds for a prompt none of whose programs reproduces the example (0: none).", valueName: "n"))
    var repairRounds = 1

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp("Seconds to wait for one model reply.", valueName: "seconds"))
    var requestTimeout = 120.0

    @Option(name: .customLong("retries"), help: ArgumentHelp(
        "Retries of a request that got 429/5xx or lost its connection (with exponential backoff); a timeout is retried at most once.",
        valueName: "n"))
    var retries = 3

    @Option(name: .customLong("concurrency"), help: ArgumentHelp("Model requests in flight at once (match the server's parallel slots).", valueName: "n"))
    var concurrency = 4

    @Flag(help: "Let Qwen3-style models think before answering (off by default: it costs thousands of tokens).")
    var thinking = false

    @Flag(name: .customLong("no-structured-output"), help: "Do not send a JSON schema with direct-answer requests.")
    var noStructuredOutput = false

    @Option(help: ArgumentHelp("Record every model exchange to this JSONL cassette (rewritten atomically after each).", valueName: "file"))
    var record: String?

    @Option(help: ArgumentHelp("Serve model replies from this cassette, offline; a request it does not hold is an error.", valueName: "file"))
    var replay: String?

    /// Whether the model channel is on.
    var enabled: Bool { model != nil || replay != nil }

    func validate() throws {
        if record != nil, replay != nil { throw ValidationError("--record and --replay cannot be used together") }
        if record != nil, model == nil { throw ValidationError("--record needs --model") }
        if samples < 1 { throw ValidationError("--samples must be at least 1") }
        if repairRounds < 0 { throw ValidationError("--repair-rounds cannot be negative") }
        if retries < 0 { throw ValidationError("--retries cannot be negative") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if maxTokens < 16 { throw ValidationError("--max-tokens must be at least 16") }
        guard requestTimeout > 0, requestTimeout.isFinite else { throw ValidationError("--request-timeout must be a positive number of seconds") }
        guard temperature >= 0, temperature <= 2 else { throw ValidationError("--temperature must be between 0 and 2") }
        guard topP > 0, topP <= 1 else { throw ValidationError("--top-p must be in (0, 1]") }
        if let model {
            guard let url = URL(string: model), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("--model must be an http(s) URL such as http://127.0.0.1:8000/v1")
            }
        }
    }

    var sampling: SamplingOptions {
        var options = SamplingOptions()
        options.samples = samples
        options.temperature = temperature
        options.topP = topP
        options.seed = seed
        options.maxTokens = maxTokens
        options.thinking = thinking
        return options
    }

    /// A connected model: the client (or a replay of a cassette), wrapped in a recorder when asked.
    ///
    /// A live server is asked what it serves first, so an unreachable server or a misspelt model
    /// name is one clear error before any work starts.
    func connect() async throws -> ConnectedModel {
        if let replay {
            let recorded = try Cassette.models(path: replay)
            let name: String
            if let modelName {
                name = modelName
            } else if recorded.count == 1, let only = recorded.first {
                name = only
            } else {
                throw CommandFailure("\(replay): say which recorded model to replay with --model-name (the cassette holds \(recorded.count == 0 ? "no model names" : recorded.sorted().joined(separator: ", ")))", exitCode: ExitStatus.usage)
            }
            return ConnectedModel(model: try ReplayModel(path: replay, modelName: name), name: name, replaying: true)
        }
        guard let model, let url = URL(string: model) else { throw CommandFailure("--model or --replay is needed", exitCode: ExitStatus.usage) }
        var configuration = OpenAICompatibleClient.Configuration(baseURL: url, model: modelName ?? "")
        configuration.timeoutSeconds = requestTimeout
        configuration.maxRetries = retries
        configuration.maxConcurrentRequests = concurrency
        let served: [String]
        do {
            var probe = configuration
            probe.timeoutSeconds = min(requestTimeout, 10)
            probe.maxRetries = min(retries, 1)
            served = try await OpenAICompatibleClient(probe).models()
        } catch {
            throw CommandFailure("\(model): \(error)", exitCode: ExitStatus.modelUnavailable)
        }
        if let modelName {
            guard served.isEmpty || served.contains(modelName) else {
                throw CommandFailure("\(model) serves \(served.joined(separator: ", ")), not \(modelName)", exitCode: ExitStatus.usage)
            }
        } else {
            guard served.count == 1 else {
                throw CommandFailure("\(model) serves \(served.isEmpty ? "no models" : served.joined(separator: ", ")); choose one with --model-name", exitCode: ExitStatus.usage)
            }
            configuration.model = served[0]
        }
        let client: any LanguageModel = OpenAICompatibleClient(configuration)
        let recorded = record.map { RecordingModel(client, modelName: configuration.model, path: $0) }
        return ConnectedModel(model: recorded ?? client, name: configuration.model, replaying: false)
    }

    func proposer(_ connected: ConnectedModel) -> ModelProposer {
        ModelProposer(model: connected.model, programOptions: sampling, structuredOutput: !noStructuredOutput)
    }
}

/// The model a command talks to, and what it is called.
struct ConnectedModel {
    var model: any LanguageModel
    var name: String
    /// Served from a cassette: a failed request is a mismatch with the recording, not a server fault.
    var replaying: Bool
}

extension GateMode: ExpressibleByArgument {}
