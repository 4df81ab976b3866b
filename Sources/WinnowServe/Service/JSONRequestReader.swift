import Foundation
import WinnowCore

/// Reads a JSON request body strictly: one object, only the keys the route knows, each of its type.
///
/// A misspelt option that is silently ignored gives a person an answer to a question they did not ask;
/// so an unknown key is an error that names the keys there are.
struct JSONRequestReader {
    let object: [String: Any]
    /// What the body is called in messages ("the solve request").
    let name: String

    init(_ data: some DataProtocol, name: String, allowed: Set<String>) throws(ServiceError) {
        let bytes = Data(data)
        if bytes.isEmpty { throw ServiceError(.badInput, "\(name): the body is empty; send a JSON object") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
            throw ServiceError(.badInput, "\(name): malformed JSON: \(detail)")
        }
        try self.init(parsed, name: name, allowed: allowed)
    }

    init(_ parsed: Any, name: String, allowed: Set<String>) throws(ServiceError) {
        guard let object = parsed as? [String: Any] else {
            throw ServiceError(.badInput, "\(name): must be a JSON object, found \(JSONDescription.kind(of: parsed))")
        }
        let unknown = Set(object.keys).subtracting(allowed)
        if let first = unknown.sorted().first {
            throw ServiceError(.badInput, "\(name): unknown key \"\(first)\"; the keys are \(allowed.sorted().map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        self.object = object
        self.name = name
    }

    func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    func string(_ key: String) throws(ServiceError) -> String? {
        guard has(key) else { return nil }
        guard let value = object[key] as? String else { throw typeError(key, "a string") }
        return value
    }

    func bool(_ key: String) throws(ServiceError) -> Bool? {
        guard has(key) else { return nil }
        // JSONSerialization reads `1` as an NSNumber that also casts to Bool; only true and false are booleans.
        guard let number = object[key] as? NSNumber, JSONDescription.isBoolean(number) else {
            throw typeError(key, "true or false")
        }
        return number.boolValue
    }

    func number(_ key: String) throws(ServiceError) -> Double? {
        guard has(key) else { return nil }
        guard let number = object[key] as? NSNumber, !(object[key] is String), !JSONDescription.isBoolean(number), number.doubleValue.isFinite else {
            throw typeError(key, "a number")
        }
        return number.doubleValue
    }

    func strings(_ key: String) throws(ServiceError) -> [String]? {
        guard has(key) else { return nil }
        guard let list = object[key] as? [Any], let strings = list as? [String], strings.count == list.count else {
            throw typeError(key, "a list of strings")
        }
        return strings
    }

    func table(_ key: String) throws(ServiceError) -> Table? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        do {
            return try Table(jsonObject: value, at: key)
        } catch {
            throw ServiceError(.badInput, "\(name): \(error.message)")
        }
    }

    private func typeError(_ key: String, _ expected: String) -> ServiceError {
        ServiceError(.badInput, "\(name): \"\(key)\" must be \(expected), found \(JSONDescription.kind(of: object[key] as Any))")
    }
}
