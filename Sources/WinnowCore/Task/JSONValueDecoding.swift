import Foundation

/// A value that can be read from a parsed JSON object (as `JSONSerialization` produces it).
///
/// Task files are parsed once into Foundation objects and then each value is checked by hand, so a
/// bad cell is reported with its exact location (`examples[0].input row 3 cell 2`) instead of a
/// generic decoding failure.
public protocol JSONValueDecoding {
    /// Reads a value, throwing a one-line description of what is wrong at `path`.
    init(jsonObject: Any, at path: String) throws(JSONShapeError)
    /// The value as a JSON-serialisable object.
    var jsonObject: Any { get }
}

/// What is wrong with a JSON value and where: the loader prefixes the file name.
public struct JSONShapeError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension Table: JSONValueDecoding {
    public init(jsonObject: Any, at path: String) throws(JSONShapeError) {
        guard let rowObjects = jsonObject as? [Any] else {
            throw JSONShapeError("\(path) must be a list of rows, found \(JSONDescription.kind(of: jsonObject))")
        }
        var rows: [[String]] = []
        rows.reserveCapacity(rowObjects.count)
        for (r, rowObject) in rowObjects.enumerated() {
            guard let cells = rowObject as? [Any] else {
                throw JSONShapeError("\(path) row \(r) must be a list of cells, found \(JSONDescription.kind(of: rowObject))")
            }
            var row: [String] = []
            row.reserveCapacity(cells.count)
            for (c, cell) in cells.enumerated() {
                guard let text = cell as? String else {
                    throw JSONShapeError(
                        "\(path) row \(r) cell \(c) is \(JSONDescription.kind(of: cell)), but every cell must be a string")
                }
                row.append(text)
            }
            rows.append(row)
        }
        guard !rows.isEmpty, rows.contains(where: { !$0.isEmpty }) else {
            throw JSONShapeError("\(path) is an empty table")
        }
        self.init(rows)
    }

    public var jsonObject: Any { rows }
}

/// Names JSON kinds the way a user would, for error messages.
public enum JSONDescription {
    /// Whether a number `JSONSerialization` read was `true` or `false`: it gives booleans as NSNumbers
    /// that also cast to Int and Double, and only their Objective-C type (`c`) tells them apart.
    public static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    public static func kind(of value: Any) -> String {
        switch value {
        case is String: return "a string"
        case is [Any]: return "a list"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        default: return "a number or boolean"
        }
    }
}
