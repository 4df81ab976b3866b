import Foundation
import WinnowTables

/// A candidate program as harvest receives it: a search pipeline, or Python a model wrote.
public enum HarvestProgram: Sendable, Hashable {
    case pipeline(Pipeline)
    case python(String)

    /// The Python that is verified in the jail and trained on. A pipeline is rendered as the model
    /// is asked to write programs (`transform(table)` and its helpers, no command-line wrapper), so
    /// search wins and model wins teach the same format.
    public var pythonSource: String {
        switch self {
        case .pipeline(let pipeline): return PythonExporter.transformFunction(for: pipeline)
        case .python(let source): return source.trimmingCharacters(in: .newlines) + "\n"
        }
    }

    /// The operator lines of a pipeline, one per line, for the learned search prior; "" for Python.
    public var pipelineText: String {
        guard case .pipeline(let pipeline) = self else { return "" }
        return pipeline.steps.map(\.description).joined(separator: "\n")
    }
}
