/// The flat, type-stable metadata of a harvested record.
///
/// Every key is present in every record with the same type, never null ("" and 0 stand for
/// nothing), because `datasets` infers one Arrow schema from the JSON and fails on a key that is a
/// string in one row and null in another. Decoding is strict for the same reason: a file with a
/// missing or mistyped key is refused instead of silently merged.
public struct HarvestMeta: Codable, Sendable, Hashable {
    public var taskID: String
    public var domain: String
    /// The task family; every record of a family is in the same split.
    public var family: String
    /// "train" or "valid".
    public var split: String
    public var round: Int
    /// "search" or "model".
    public var origin: String
    /// The model id for model programs; "" for search.
    public var model: String
    /// "program" (the assistant writes `transform`) or "direct" (the assistant writes the table).
    public var view: String
    /// "pass" when every check run passed; "pass-visible" when the visible examples passed but a
    /// known hidden answer did not (kept only without `--require-hidden`).
    public var verifier: String
    /// Checks run in the jail: every visible example, plus every held-out input with a known answer.
    public var checksPassed: Int
    public var checksTotal: Int
    /// SHA-256 of the user turn.
    public var promptSHA256: String
    /// SHA-256 of the normalised program (see `ProgramNormaliser`); for the direct view, of the answer.
    public var programSHA256: String
    /// A search pipeline's operator lines joined by "\n"; "" for model programs and direct answers.
    public var pipeline: String
    /// The visible example shown in the prompt, as compact JSON lists of rows.
    public var exampleInput: String
    public var exampleOutput: String
    /// The pair the assistant turn answers, as compact JSON: the visible example for the program
    /// view (the program must turn one into the other), the asked table and its verified answer
    /// for the direct view.
    public var checkInput: String
    public var checkOutput: String
    /// The run file the program came from.
    public var run: String
    /// When the record was first harvested, ISO 8601 UTC.
    public var created: String

    public init(
        taskID: String, domain: String, family: String, split: String, round: Int, origin: String, model: String, view: String,
        verifier: String, checksPassed: Int, checksTotal: Int, promptSHA256: String, programSHA256: String, pipeline: String,
        exampleInput: String, exampleOutput: String, checkInput: String, checkOutput: String, run: String, created: String
    ) {
        self.taskID = taskID
        self.domain = domain
        self.family = family
        self.split = split
        self.round = round
        self.origin = origin
        self.model = model
        self.view = view
        self.verifier = verifier
        self.checksPassed = checksPassed
        self.checksTotal = checksTotal
        self.promptSHA256 = promptSHA256
        self.programSHA256 = programSHA256
        self.pipeline = pipeline
        self.exampleInput = exampleInput
        self.exampleOutput = exampleOutput
        self.checkInput = checkInput
        self.checkOutput = checkOutput
        self.run = run
        self.created = created
    }

    private enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case domain, family, split, round, origin, model, view, verifier
        case checksPassed = "checks_passed"
        case checksTotal = "checks_total"
        case promptSHA256 = "prompt_sha256"
        case programSHA256 = "program_sha256"
        case pipeline
        case exampleInput = "example_input"
        case exampleOutput = "example_output"
        case checkInput = "check_input"
        case checkOutput = "check_output"
        case run, created
    }
}
