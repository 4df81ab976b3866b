import Foundation

/// Reads task files in the formats Winnow accepts, detecting the format from the content.
///
/// - native JSON: `{"id", "domain", "examples": [{"input", "output"}], "queries": [{"input"}], "answers"?}`
/// - native JSONL: one native task per line (blank lines ignored)
/// - Foofah: `{"InputTable", "OutputTable", "TestingTable", "TestAnswer", ...}`, read as-is
///
/// Detection is by content, not extension, because the Foofah benchmark ships JSON in `.txt` files;
/// a `.jsonl` name, or a multi-line file that is not one JSON document, is read line by line.
public enum TaskFile {
    /// The answer the Foofah benchmark ships where no real answer exists; such cases are unscored.
    public static let foofahPlaceholderAnswer: Table = [["NOT AVAILABLE, SORRY"]]

    /// Loads every task in a file.
    public static func load<Value: JSONValueDecoding & Hashable & Sendable>(
        _ path: String, as _: Value.Type = Value.self
    ) throws(WinnowError) -> [SynthesisTask<Value>] {
        let data = try read(path)
        let fallbackID = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if path.hasSuffix(".jsonl") { return try loadLines(data, path: path, fallbackID: fallbackID) }
        let object: Any
        do {
            object = try parse(data, path: path)
        } catch {
            // One object per line also arrives under other names; only when the whole file is not one
            // JSON document and it has several lines is it read as JSONL (with line-numbered errors).
            let lines = data.split(separator: UInt8(ascii: "\n")).filter { $0.contains { $0 > 32 } }
            guard lines.count > 1 else { throw error }
            return try loadLines(data, path: path, fallbackID: fallbackID)
        }
        do {
            return [try task(from: object, fallbackID: fallbackID)]
        } catch {
            throw WinnowError(.badInput, file: path, error.message)
        }
    }

    private static func loadLines<Value: JSONValueDecoding & Hashable & Sendable>(
        _ data: Data, path: String, fallbackID: String
    ) throws(WinnowError) -> [SynthesisTask<Value>] {
        var tasks: [SynthesisTask<Value>] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }
            if trimmed.isEmpty || trimmed.allSatisfy({ $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: " ") }) { continue }
            let object = try parse(Data(trimmed), path: "\(path):\(number + 1)")
            do {
                tasks.append(try task(from: object, fallbackID: "\(fallbackID)-\(number + 1)"))
            } catch {
                throw WinnowError(.badInput, file: "\(path):\(number + 1)", error.message)
            }
        }
        if tasks.isEmpty { throw WinnowError(.badInput, file: path, "holds no task") }
        return tasks
    }

    static func read(_ path: String) throws(WinnowError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WinnowError(.missingInput, file: path, "no such file")
        }
        if isDirectory.boolValue { throw WinnowError(.missingInput, file: path, "is a directory, expected a task file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WinnowError(.missingInput, file: path, "cannot be read (\(error.localizedDescription))")
        }
    }

    static func parse(_ data: Data, path: String) throws(WinnowError) -> Any {
        if data.isEmpty { throw WinnowError(.badInput, file: path, "is empty") }
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
            throw WinnowError(.badInput, file: path, "malformed JSON: \(detail)")
        }
    }

    /// One task from an already parsed JSON object, for callers whose tasks do not come from a file
    /// (the HTTP server, MCP tools).
    public static func task<Value: JSONValueDecoding & Hashable & Sendable>(
        from object: Any, fallbackID: String
    ) throws(JSONShapeError) -> SynthesisTask<Value> {
        guard let dict = object as? [String: Any] else {
            throw JSONShapeError("a task must be a JSON object, found \(JSONDescription.kind(of: object))")
        }
        if dict["InputTable"] != nil || dict["OutputTable"] != nil { return try foofahTask(dict, fallbackID: fallbackID) }
        return try nativeTask(dict, fallbackID: fallbackID)
    }

    private static func nativeTask<Value: JSONValueDecoding & Hashable & Sendable>(
        _ dict: [String: Any], fallbackID: String
    ) throws(JSONShapeError) -> SynthesisTask<Value> {
        let id = dict["id"] as? String ?? fallbackID
        let domain = dict["domain"] as? String ?? "table"
        guard let exampleObjects = dict["examples"] else { throw JSONShapeError("missing key \"examples\"") }
        guard let exampleList = exampleObjects as? [Any], !exampleList.isEmpty else {
            throw JSONShapeError("\"examples\" must be a non-empty list of {\"input\", \"output\"} objects")
        }
        var examples: [Example<Value>] = []
        for (i, item) in exampleList.enumerated() {
            guard let pair = item as? [String: Any] else { throw JSONShapeError("examples[\(i)] must be an object") }
            guard let input = pair["input"] else { throw JSONShapeError("examples[\(i)] is missing key \"input\"") }
            guard let output = pair["output"] else { throw JSONShapeError("examples[\(i)] is missing key \"output\"") }
            examples.append(Example(
                input: try Value(jsonObject: input, at: "examples[\(i)].input"),
                output: try Value(jsonObject: output, at: "examples[\(i)].output")))
        }
        var queries: [Value] = []
        if let queryObjects = dict["queries"] {
            guard let list = queryObjects as? [Any] else { throw JSONShapeError("\"queries\" must be a list") }
            for (i, item) in list.enumerated() {
                let input = (item as? [String: Any])?["input"] ?? item
                queries.append(try Value(jsonObject: input, at: "queries[\(i)].input"))
            }
        }
        var answers: [Value?]?
        if let answerObjects = dict["answers"], !(answerObjects is NSNull) {
            guard let list = answerObjects as? [Any] else { throw JSONShapeError("\"answers\" must be a list") }
            guard list.count == queries.count else {
                throw JSONShapeError("\"answers\" has \(list.count) entries but \"queries\" has \(queries.count)")
            }
            var decoded: [Value?] = []
            for (i, item) in list.enumerated() {
                decoded.append(item is NSNull ? nil : try Value(jsonObject: item, at: "answers[\(i)]"))
            }
            answers = decoded
        }
        return SynthesisTask(id: id, domain: domain, examples: examples, queries: queries, answers: answers)
    }

    private static func foofahTask<Value: JSONValueDecoding & Hashable & Sendable>(
        _ dict: [String: Any], fallbackID: String
    ) throws(JSONShapeError) -> SynthesisTask<Value> {
        func table(_ key: String) throws(JSONShapeError) -> Value {
            guard let object = dict[key] else { throw JSONShapeError("missing key \"\(key)\"") }
            return try Value(jsonObject: object, at: key)
        }
        let example = Example(input: try table("InputTable"), output: try table("OutputTable"))
        var queries: [Value] = []
        var answers: [Value?]?
        if dict["TestingTable"] != nil {
            queries = [try table("TestingTable")]
            if dict["TestAnswer"] != nil {
                let answer = try table("TestAnswer")
                let placeholder = try? Value(jsonObject: foofahPlaceholderAnswer.jsonObject, at: "")
                answers = [answer == placeholder ? nil : answer]
            }
        }
        return SynthesisTask(id: fallbackID, domain: "table", examples: [example], queries: queries, answers: answers)
    }
}

/// Writes the JSON form of a task, so synthetic and converted tasks round-trip through `TaskFile`.
extension SynthesisTask where Value: JSONValueDecoding {
    public var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "id": id, "domain": domain,
            "examples": examples.map { ["input": $0.input.jsonObject, "output": $0.output.jsonObject] },
            "queries": queries.map { ["input": $0.jsonObject] },
        ]
        if let answers { object["answers"] = answers.map { $0?.jsonObject ?? NSNull() } }
        return object
    }
}
