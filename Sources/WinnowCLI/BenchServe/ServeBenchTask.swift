import Foundation
import WinnowCore

/// The one task every request posts, and the check that the server answers it as `winnow solve` does.
enum ServeBenchTask {
    /// The task in the native form `POST /v1/solve` reads: `TaskFile` reads a Foofah case (or a native
    /// file) as `solve` does, and only the example and the held-out input are sent, since the route
    /// takes no Foofah keys and answers are for scoring, not for the search.
    static func body(_ path: String) throws(WinnowError) -> Data {
        let tasks: [SynthesisTask<Table>] = try TaskFile.load(path)
        guard tasks.count == 1, let task = tasks.first else {
            throw WinnowError(.badInput, file: path, "holds \(tasks.count) tasks; bench-serve posts exactly one")
        }
        let object: [String: Any] = [
            "examples": task.examples.map { ["input": $0.input.jsonObject, "output": $0.output.jsonObject] },
            "queries": task.queries.map { ["input": $0.jsonObject] },
        ]
        do {
            return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        } catch {
            throw WinnowError(.badInput, file: path, "cannot be written as a request body (\(error.localizedDescription))")
        }
    }

    static let comparedKeys = ["status", "program", "outputs"]

    /// Why the served answer differs from `solve --json`'s, or `nil` when status, program and outputs
    /// agree; a benchmark of a server that answers something else would time the wrong work.
    static func difference(served: [UInt8], cli: Data) -> String? {
        guard let servedObject = try? JSONSerialization.jsonObject(with: Data(served)) as? [String: Any] else {
            return "the served answer is not a JSON object: \(String(decoding: served.prefix(300), as: UTF8.self))"
        }
        guard let cliObject = try? JSONSerialization.jsonObject(with: cli) as? [String: Any] else {
            return "solve --json printed no JSON object"
        }
        for key in comparedKeys where canonical(servedObject[key]) != canonical(cliObject[key]) {
            return "\"\(key)\" differs: served \(canonical(servedObject[key])), solve --json \(canonical(cliObject[key]))"
        }
        return nil
    }

    /// A JSON value as sorted-key text, so two parsed documents compare by content.
    private static func canonical(_ value: Any?) -> String {
        guard let value, let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else {
            return "nothing"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
