import Foundation
import Synchronization
import WinnowCore

/// Model exchanges recorded to a file and served back, so a run with a model can be repeated
/// offline, byte for byte, and tests need no server.
///
/// One JSON object per line: the request's key (a hash of the model name, the messages and every
/// sampling option), then the completions and usage, or the error the call ended in: a failed call
/// is part of the run (it decides what the gate may commit), so a replay must fail it the same way.
/// Replay fails loudly on a request it has not seen: a silent fallback would make a replayed run
/// quietly differ from the recorded one.
public enum Cassette {
    /// The key of one request: FNV-1a over its canonical JSON (stable across runs and machines).
    public static func key(model: String, messages: [ChatMessage], options: SamplingOptions) -> String {
        let canonical: [String: Any] = [
            "model": model, "messages": messages.map { [$0.role, $0.content] },
            "temperature": options.temperature, "top_p": options.topP, "seed": options.seed.map { $0 as Any } ?? NSNull(),
            "max_tokens": options.maxTokens, "stop": options.stop, "n": options.samples, "thinking": options.thinking,
            "schema": options.jsonSchema.map { $0 as Any } ?? NSNull(),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: canonical, options: [.sortedKeys])) ?? Data()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }

    struct Entry: Codable {
        var key: String
        /// The model name the key was made with, so a replay can find it without being told.
        var model: String?
        var completions: [RecordedCompletion]
        var usage: ModelUsage
        /// Set when the call failed (after its retries); then there are no completions.
        var error: ModelError?
    }

    struct RecordedCompletion: Codable {
        var text: String
        var finishReason: String?
        var reasoning: String?
    }

    /// The model names a cassette was recorded with (older cassettes may not say).
    public static func models(path: String) throws(WinnowError) -> Set<String> {
        Set(try entries(path: path).compactMap(\.model))
    }

    static func read(path: String) throws(WinnowError) -> [String: Result<ModelReply, ModelFailure>] {
        var replies: [String: Result<ModelReply, ModelFailure>] = [:]
        for entry in try entries(path: path) {
            if let error = entry.error {
                replies[entry.key] = .failure(ModelFailure(error, usage: entry.usage))
            } else {
                replies[entry.key] = .success(ModelReply(
                    completions: entry.completions.map { Completion(text: $0.text, finishReason: $0.finishReason, reasoning: $0.reasoning) },
                    usage: entry.usage))
            }
        }
        return replies
    }

    static func entries(path: String) throws(WinnowError) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WinnowError(.missingInput, file: path, "cassette not found")
        }
        var entries: [Entry] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(line)) else {
                throw WinnowError(.badInput, file: path, "line \(number + 1) is not a recorded exchange")
            }
            entries.append(entry)
        }
        return entries
    }
}

/// Records every exchange of the model it wraps, failed ones included, rewriting the cassette
/// atomically after each one so an interrupted run keeps what it recorded.
public final class RecordingModel: LanguageModel {
    private let model: any LanguageModel
    private let modelName: String
    private let path: String
    private let lines = Mutex<[String]>([])

    public init(_ model: any LanguageModel, modelName: String, path: String) {
        self.model = model
        self.modelName = modelName
        self.path = path
    }

    public func complete(_ messages: [ChatMessage], options: SamplingOptions) async throws(ModelFailure) -> ModelReply {
        let key = Cassette.key(model: modelName, messages: messages, options: options)
        let reply: ModelReply
        do {
            reply = try await model.complete(messages, options: options)
        } catch {
            try save(Cassette.Entry(key: key, model: modelName, completions: [], usage: error.usage, error: error.error))
            throw error
        }
        try save(Cassette.Entry(
            key: key, model: modelName,
            completions: reply.completions.map { Cassette.RecordedCompletion(text: $0.text, finishReason: $0.finishReason, reasoning: $0.reasoning) },
            usage: reply.usage))
        return reply
    }

    private func save(_ entry: Cassette.Entry) throws(ModelFailure) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(entry) else { throw ModelFailure(.decode("cannot record the exchange")) }
        // Written under the lock: two calls finishing together would otherwise race, and the one
        // that wrote last could hold fewer lines than the other, losing an exchange.
        let problem = lines.withLock { lines -> String? in
            lines.append(String(decoding: data, as: UTF8.self))
            do throws(WinnowError) {
                try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: path)
                return nil
            } catch {
                return error.message
            }
        }
        if let problem { throw ModelFailure(.transport("cannot write the cassette \(path): \(problem)")) }
    }
}

/// Serves a cassette's replies, and fails the calls that failed when it was recorded; a request it
/// has no reply for is an error naming its key.
public struct ReplayModel: LanguageModel {
    private let replies: [String: Result<ModelReply, ModelFailure>]
    private let modelName: String
    private let path: String

    public init(path: String, modelName: String) throws(WinnowError) {
        replies = try Cassette.read(path: path)
        self.modelName = modelName
        self.path = path
    }

    public func complete(_ messages: [ChatMessage], options: SamplingOptions) async throws(ModelFailure) -> ModelReply {
        let key = Cassette.key(model: modelName, messages: messages, options: options)
        guard let reply = replies[key] else {
            throw ModelFailure(.notRecorded("no recorded reply for request \(key) in \(path) (the prompt, model or options differ from the recording)"))
        }
        return try reply.get()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
