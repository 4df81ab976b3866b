/// One chat turn of a training record.
public struct HarvestMessage: Codable, Sendable, Hashable {
    /// "user" or "assistant" (the model channel sends no system turn, so records have none either).
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// One line of `train.jsonl` / `valid.jsonl`: exactly `{"messages": [...], "meta": {...}}`.
///
/// TRL, Unsloth and mlx-lm read `messages` with no configuration and axolotl with
/// `type: chat_template`; nothing else may sit at the top level (a `prompt` or `text` key would make
/// mlx-lm switch formats), and the last message is always the assistant's.
public struct HarvestRecord: Codable, Sendable, Hashable {
    public var messages: [HarvestMessage]
    public var meta: HarvestMeta

    public init(messages: [HarvestMessage], meta: HarvestMeta) {
        self.messages = messages
        self.meta = meta
    }

    /// What makes two records the same training example: re-harvesting one adds nothing.
    public var key: Key { Key(taskID: meta.taskID, view: meta.view, programSHA256: meta.programSHA256) }

    public struct Key: Hashable, Sendable {
        public var taskID: String
        public var view: String
        public var programSHA256: String
    }
}
