import Foundation

/// A query string read as HTML forms, Python's `urlencode` and most HTTP clients write it: `+` is a
/// space, `%XX` a byte; a parameter given twice is an error, not a silent choice of one.
struct FormQuery {
    let values: [String: String]

    init(_ query: String?, allowed: [String], name: String) throws(ServiceError) {
        var values: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(parts[0], name: name)
            let value = try Self.decode(parts.count > 1 ? parts[1] : "", name: name)
            guard allowed.contains(key) else {
                throw ServiceError(
                    .badInput, "\(name): unknown query parameter \"\(key)\"; the parameters are \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            guard values[key] == nil else { throw ServiceError(.badInput, "\(name): the query parameter \"\(key)\" is given twice") }
            values[key] = value
        }
        self.values = values
    }

    subscript(key: String) -> String? { values[key] }

    private static func decode(_ text: Substring, name: String) throws(ServiceError) -> String {
        guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw ServiceError(.badInput, "\(name): the query string is not valid percent-encoded UTF-8")
        }
        return decoded
    }
}
