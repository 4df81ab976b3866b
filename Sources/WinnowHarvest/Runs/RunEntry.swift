/// One task's result in a run file, before its task is looked up.
public struct RunEntry: Sendable, Hashable {
    public var taskID: String
    /// The task file's name, when the run names it (bench results do).
    public var file: String?
    /// The committed program; nil when the run committed none (or only a direct answer).
    public var program: HarvestProgram?
    /// "search" or "model".
    public var origin: String
    /// The model id for a model program; "" for search.
    public var model: String
    /// Where in the run file it is, for messages: "line 3" or "decisions[2]".
    public var location: String
}
