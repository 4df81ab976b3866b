import Foundation
import WinnowAggregates
import WinnowCore

/// Paths into the checkout and small builders shared by the aggregates tests.
enum Checkout {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func inventory() throws -> AggregateInventory {
        try AggregateInventory.load(path: path(AggregateInventory.shippedPath))
    }
}

func program(_ text: String) throws -> AggregateProgram { try AggregateProgram(parsing: text) }

func list(_ xs: Double...) -> AggregateValue { .list(xs) }

/// A task whose outputs (visible and hidden) are made by `target`.
func task(_ id: String, target: AggregateProgram, inputs: [[Double]], queries: [[Double]]) -> SynthesisTask<AggregateValue> {
    SynthesisTask(
        id: id, domain: "aggregates",
        examples: inputs.map { Example(input: .list($0), output: target.apply(.list($0))!) },
        queries: queries.map { .list($0) },
        answers: queries.map { target.apply(.list($0)) })
}
