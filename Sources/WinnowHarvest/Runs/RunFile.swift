import Foundation
import WinnowCore
import WinnowTables

/// Reads the results `winnow` commands write into run entries, detecting the format by content:
///
/// - `bench --results FILE` (JSONL, one case a line: `file`, `task`, `program` = operator lines or
///   null) and the `bench --json` document (`cases`, the same objects);
/// - `solve --json` (one object per task and line: `task`, `status`, `program` for a pipeline, or
///   `origin` `model-program`/`repair` with the script in `python` and the model in `model.name`);
/// - `search --json` (one document: `decisions`, each with `taskID`, `committed` and `program`).
///
/// `bench --model` results carry no program text and are refused with a pointer to `solve --json`.
public enum RunFile {
    public static func read(_ path: String) throws(WinnowError) -> [RunEntry] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WinnowError(.missingInput, file: path, "no such run file")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw WinnowError(.missingInput, file: path, isDirectory.boolValue ? "is a folder, expected a run file" : "cannot be read")
        }
        guard data.contains(where: { !Self.isSpace($0) }) else { throw WinnowError(.badInput, file: path, "is empty") }
        if let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let decisions = document["decisions"] { return try searchEntries(decisions, path: path) }
            if let cases = document["cases"] {
                guard let list = cases as? [Any] else { throw WinnowError(.badInput, file: path, "\"cases\" must be a list") }
                var entries: [RunEntry] = []
                for (index, item) in list.enumerated() { entries.append(try entry(item, location: "cases[\(index)]", path: path)) }
                return entries
            }
        }
        var entries: [RunEntry] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !Self.isSpace($0) }) else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) else {
                throw WinnowError(.badInput, file: path, "line \(number + 1): malformed JSON (not a bench, solve or search result)")
            }
            entries.append(try entry(object, location: "line \(number + 1)", path: path))
        }
        return entries
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }

    /// One bench case or solve record.
    private static func entry(_ object: Any, location: String, path: String) throws(WinnowError) -> RunEntry {
        let fields = RunFields(object: object, location: location, path: path)
        guard let record = object as? [String: Any] else { throw fields.failure("expected a JSON object") }
        if record["modes"] != nil {
            throw fields.failure("a `bench --model` result carries no program text; harvest `solve --model --json` output instead")
        }
        let task = try fields.string("task")
        if record["scenario"] != nil || record["file"] != nil {
            return RunEntry(
                taskID: task, file: try fields.string("file"), program: try fields.pipelineIfAny("program"), origin: "search", model: "",
                location: location)
        }
        guard record["status"] != nil else { throw fields.failure("not a bench, solve or search result (no \"status\" or \"file\")") }
        return try solveEntry(fields, task: task)
    }

    /// A `solve --json` record: a pipeline in `program`, or a model program's script in `python`.
    private static func solveEntry(_ fields: RunFields, task: String) throws(WinnowError) -> RunEntry {
        var entry = RunEntry(taskID: task, file: nil, program: nil, origin: "search", model: "", location: fields.location)
        guard try fields.string("status") == "solved" else { return entry }
        switch try fields.optionalString("origin") {
        case nil, "search":
            guard let program = try fields.pipelineIfAny("program") else { throw fields.failure("a solved record without \"program\"") }
            entry.program = program
        case "model-program", "repair":
            guard let script = try fields.optionalString("python") else { throw fields.failure("a model program without \"python\"") }
            entry.program = .python(ModelScript.source(of: script))
            entry.origin = "model"
            entry.model = try fields.modelName()
        default:
            break
        }
        return entry
    }

    /// The `decisions` of a `search --json` document.
    private static func searchEntries(_ decisions: Any, path: String) throws(WinnowError) -> [RunEntry] {
        guard let list = decisions as? [Any] else { throw WinnowError(.badInput, file: path, "\"decisions\" must be a list") }
        var entries: [RunEntry] = []
        for (index, item) in list.enumerated() {
            let fields = RunFields(object: item, location: "decisions[\(index)]", path: path)
            guard let decision = item as? [String: Any] else { throw fields.failure("expected a JSON object") }
            var entry = RunEntry(taskID: try fields.string("taskID"), file: nil, program: nil, origin: "search", model: "", location: fields.location)
            if decision["committed"] is Int {
                guard decision.keys.contains("program") else {
                    throw fields.failure("no \"program\": this `search --json` predates program text in decisions; run search again")
                }
                entry.program = try fields.pipelineIfAny("program")
            }
            entries.append(entry)
        }
        return entries
    }
}

/// Typed reads of one run record's keys, with errors naming the file and the record.
private struct RunFields {
    var object: Any
    var location: String
    var path: String

    private var record: [String: Any] { object as? [String: Any] ?? [:] }

    func failure(_ why: String) -> WinnowError { WinnowError(.badInput, file: path, "\(location): \(why)") }

    func string(_ key: String) throws(WinnowError) -> String {
        guard let value = try optionalString(key) else { throw failure("missing key \"\(key)\"") }
        return value
    }

    func optionalString(_ key: String) throws(WinnowError) -> String? {
        switch record[key] {
        case nil, is NSNull: return nil
        case let text as String: return text
        default: throw failure("\"\(key)\" must be a string")
        }
    }

    /// Operator lines, or nil for null / absent.
    private func lines(_ key: String) throws(WinnowError) -> [String]? {
        switch record[key] {
        case nil, is NSNull: return nil
        case let lines as [String]: return lines
        default: throw failure("\"\(key)\" must be a list of operator lines or null")
        }
    }

    /// The pipeline under `key`, or nil when it is null or absent (no program was committed).
    func pipelineIfAny(_ key: String) throws(WinnowError) -> HarvestProgram? {
        guard let lines = try lines(key) else { return nil }
        do {
            return .pipeline(try Pipeline(parsing: lines))
        } catch {
            throw failure(error.message)
        }
    }

    func modelName() throws(WinnowError) -> String {
        guard let model = record["model"] as? [String: Any], let name = model["name"] as? String else {
            throw failure("a model program without \"model\": {\"name\"}")
        }
        return name
    }
}
