/// Learns cell programs from example cells: each row of sources maps to its output text.
public struct CellSynthesizer: Sendable {
    public var inventory: TextInventory

    public init(inventory: TextInventory = .standard) {
        self.inventory = inventory
    }

    /// Up to `limit` distinct programs that map every row to its output, best first; empty when none
    /// does. `rows[i]` are the source cells of example `i` and `outputs[i]` the cell it should produce.
    public func learn(rows: [[String]], outputs: [String], limit: Int = 3) -> [RankedCellProgram] {
        []
    }
}

/// A consistent program and its price under the inventory (lower is simpler, and ranked first).
public struct RankedCellProgram: Hashable, Sendable {
    public var program: CellProgram
    public var cost: Double
}
