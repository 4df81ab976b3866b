/// What a harvest keeps.
public struct HarvestOptions: Sendable, Hashable {
    /// Keep only programs that also reproduce the held-out answers (a task without known answers
    /// then contributes nothing): rules out programs that special-case the visible example.
    public var requireHidden = false
    /// Distinct programs kept per task and view, so easy tasks with many solutions do not dominate.
    public var maxPerTask = 4
    /// The share of families that go to `valid.jsonl`, chosen by a stable hash of the family.
    public var validFraction = 0.1

    public init(requireHidden: Bool = false, maxPerTask: Int = 4, validFraction: Double = 0.1) {
        self.requireHidden = requireHidden
        self.maxPerTask = maxPerTask
        self.validFraction = validFraction
    }
}
