import WinnowCore

/// One candidate program for one task, with where it came from: what harvest verifies.
public struct HarvestSource: Sendable {
    public var task: SynthesisTask<Table>
    /// The task family train/valid splits keep together (see `TaskFamily`).
    public var family: String
    public var program: HarvestProgram
    /// "search" or "model".
    public var origin: String
    /// The model id for a model program; "" for search.
    public var model: String
    /// The expert-iteration round the program was found in.
    public var round: Int
    /// The run file (or run) the program came from.
    public var run: String

    public init(
        task: SynthesisTask<Table>, family: String, program: HarvestProgram, origin: String, model: String, round: Int, run: String
    ) {
        self.task = task
        self.family = family
        self.program = program
        self.origin = origin
        self.model = model
        self.round = round
        self.run = run
    }
}
