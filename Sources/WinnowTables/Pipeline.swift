import WinnowCore

/// A table program found by search: operators applied left to right.
///
/// Pipelines run in-process because their operators are trusted Swift code; they also export to a
/// standalone Python script (`PythonExporter`) that a user can keep and run anywhere.
public struct Pipeline: Hashable, Sendable {
    public var steps: [TableOperator]

    public init(_ steps: [TableOperator]) {
        self.steps = steps
    }

    /// Runs the pipeline, or returns `nil` if some step is not applicable to its input.
    public func apply(_ table: Table) -> Table? {
        var current = table
        for step in steps {
            guard let next = step.apply(current) else { return nil }
            current = next
        }
        return current
    }

    /// Total price under an inventory: the simplicity measure consistent programs are ranked by.
    public func price(under inventory: Inventory) -> Double {
        steps.reduce(0) { $0 + inventory.cost(of: $1) }
    }
}

extension Pipeline: CustomStringConvertible {
    /// One operator per line, as `winnow solve` prints it.
    public var description: String {
        steps.isEmpty ? "identity()" : steps.map(\.description).joined(separator: "\n")
    }
}
