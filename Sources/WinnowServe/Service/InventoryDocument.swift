import WinnowTables

/// `GET /v1/inventory`: the vocabulary this server searches, so a client can tell what it may be asked
/// before sending a task (and why a transform outside it comes back unsolved).
public struct InventoryDocument: Encodable, Sendable {
    struct Entry: Encodable {
        var name: String
        var cost: Double
    }

    /// Table operators with their prices, cheapest first; a cheaper operator is preferred among
    /// programs that reproduce the example equally.
    var operators: [Entry]
    /// The parts cell programs are built from (`derive` and `replace` steps), with their prices.
    var cellParts: [Entry]
    var cellPrograms: Bool
    var splitDelimiters: [String]
    var mergeSeparators: [String]

    public init(_ inventory: Inventory) {
        func entries(_ costs: [String: Double]) -> [Entry] {
            costs.map { Entry(name: $0.key, cost: $0.value) }.sorted { ($0.cost, $0.name) < ($1.cost, $1.name) }
        }
        operators = entries(inventory.costs.merging(inventory.text.costs.filter { Inventory.cellOperators.contains($0.key) }) { $1 })
        cellParts = entries(inventory.text.costs.filter { !Inventory.cellOperators.contains($0.key) })
        cellPrograms = inventory.enablesCellPrograms
        splitDelimiters = inventory.splitDelimiters
        mergeSeparators = inventory.mergeSeparators
    }

    private enum CodingKeys: String, CodingKey {
        case operators
        case cellParts = "cell_parts"
        case cellPrograms = "cell_programs"
        case splitDelimiters = "split_delimiters"
        case mergeSeparators = "merge_separators"
    }
}
