import Foundation

/// The OpenAI chat-completions wire format, read leniently: the servers Winnow talks to (vLLM,
/// llama-server, Ollama, SGLang, LM Studio) differ in error shapes and optional fields.
enum OpenAIWire {
    static func requestBody(model: String, messages: [ChatMessage], options: SamplingOptions, n: Int) -> Data {
        var body: [String: Any] = [
            "model": model,
            "messages": messages.map { ["role": $0.role, "content": $0.content] },
            "temperature": options.temperature,
            "top_p": options.topP,
            "max_tokens": options.maxTokens,
            "stream": false,
        ]
        if n > 1 { body["n"] = n }
        if let seed = options.seed { body["seed"] = seed }
        if !options.stop.isEmpty { body["stop"] = options.stop }
        if !options.thinking { body["chat_template_kwargs"] = ["enable_thinking": false] }
        if let schema = options.jsonSchema, let object = try? JSONSerialization.jsonObject(with: Data(schema.utf8)) {
            body["response_format"] = ["type": "json_schema", "json_schema": ["name": "answer", "schema": object, "strict": true]]
        }
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
    }

    /// Completions and usage from a 200 response.
    static func reply(_ data: Data) throws(ModelError) -> ([Completion], ModelUsage) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .decode("the response is not a JSON object: \(preview(data))")
        }
        guard let choices = object["choices"] as? [[String: Any]], !choices.isEmpty else {
            throw .decode("no choices in the response: \(preview(data))")
        }
        let completions = try choices.map { (choice: [String: Any]) throws(ModelError) -> Completion in
            guard let message = choice["message"] as? [String: Any], let content = message["content"] as? String ?? (message["content"] is NSNull ? "" : nil) else {
                throw .decode("a choice without message content")
            }
            return Completion(
                text: content, finishReason: choice["finish_reason"] as? String,
                reasoning: message["reasoning_content"] as? String ?? message["reasoning"] as? String)
        }
        var usage = ModelUsage()
        if let counts = object["usage"] as? [String: Any] {
            usage.promptTokens = (counts["prompt_tokens"] as? NSNumber)?.intValue ?? 0
            usage.completionTokens = (counts["completion_tokens"] as? NSNumber)?.intValue ?? 0
        }
        return (completions, usage)
    }

    /// The error message of a non-200 response, from whichever shape the server uses, as one line.
    static func errorMessage(_ data: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return oneLine(message) }
            if let message = object["message"] as? String { return oneLine(message) }
            if let error = object["error"] as? String { return oneLine(error) }
            if let detail = object["detail"] as? String { return oneLine(detail) }
        }
        return preview(data)
    }

    /// Whether an error body is about the structured-output fields Winnow sends with a schema.
    /// Read from the whole body: a one-line message may have cut the name off.
    static func namesSchema(_ data: Data) -> Bool {
        let body = String(decoding: data, as: UTF8.self).lowercased()
        return body.contains("response_format") || body.contains("json_schema")
    }

    /// Model ids from `GET /models`.
    static func modelIDs(_ data: Data) throws(ModelError) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = object["data"] as? [[String: Any]]
        else { throw .decode("not a model list: \(preview(data))") }
        return list.compactMap { $0["id"] as? String }
    }

    static func preview(_ data: Data) -> String {
        let text = oneLine(String(decoding: data.prefix(4096), as: UTF8.self))
        return text.isEmpty ? "(empty body)" : text
    }

    /// A server's text as one short line, because errors are printed one line each: a Python
    /// traceback is reduced to its last line (the exception), whitespace runs become one space,
    /// and anything past `limit` characters is cut.
    static func oneLine(_ text: String, limit: Int = 200) -> String {
        var text = text
        if text.contains("Traceback (most recent call last)"),
           let last = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) {
            text = String(last)
        }
        let words = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return words.count > limit ? String(words.prefix(limit)) + "…" : words
    }
}
