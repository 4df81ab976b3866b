import Foundation
import WinnowCore

/// Which cell-program parts synthesis may use, and their prices.
///
/// Loaded from `inventories/text.json` and priced like `tables.json`: the price of a part is what the
/// ranking of consistent programs adds up, so raising a price makes synthesis reach for that part
/// only when nothing cheaper explains the example. Every name and field is checked; a typo is an
/// error, not a silent skip. `derive` and `replace` are the table operators that carry a cell program
/// into the layout search; the other names are parts of the cell language.
public struct TextInventory: Sendable, Hashable {
    /// Price of each enabled part or operator, by name.
    public var costs: [String: Double]
    /// Token classes positions may use.
    public var tokens: [TextToken]
    /// Whether positions may also look for literal text taken from the source cells.
    public var literalTokens: Bool
    /// Classes a filter may keep: the characters worth pulling out of a cell whatever surrounds them
    /// (digits, capitals for initials). Each class offered multiplies the version space's edges, so
    /// the shipped inventory offers few.
    public var filterClasses: [TextToken]
    /// Case changes copied text may get (`keep` is always allowed).
    public var caseMaps: [CaseMap]
    /// Whitespace clean-ups a whole column may get (`keep` is always allowed).
    public var spacings: [Spacing]
    /// How truth values may be printed.
    public var truthStyles: [TruthStyle]
    /// At most this many branches in a conditional (plus `otherwise`).
    public var maxBranches: Int
    /// What a branch saves when its condition tests for text the program writes (`ProgramCost`).
    public var writtenTextDiscount: Double
    /// Two-digit years below this become 20xx, the others 19xx.
    public var yearPivot: Int
    /// What a constant pays for beginning or ending inside a number another part prints
    /// (`ProgramCost`): `36` is one number, not a copied `3` with a `6` written after it.
    public var numberSpliceCharge: Double = 2
    /// What a constant in arithmetic pays when every example row holds its value in another cell
    /// (`ProgramCost`): the row's number explains it, as a row's text explains a copied word.
    public var heldConstantCharge: Double = 2

    /// Every name an inventory may mention, with the parameter fields it accepts.
    public static let knownParts: [String: Set<String>] = [
        "derive": [], "replace": [], "constant": ["number-splice-charge"], "substring": ["tokens", "literals"], "filter": ["keep"], "case": ["maps"],
        "whitespace": ["spacings"], "substitute": [], "number": [], "arithmetic": ["held-constant-charge"], "count": [], "date": ["pivot"], "truth": ["styles"],
        "conditional": ["branches", "written-text-discount"],
    ]

    /// Whether a part or operator is enabled.
    public func enables(_ name: String) -> Bool { costs[name] != nil }

    /// The price of a part (1 for one the inventory does not list, as in a replayed program).
    public func cost(_ name: String) -> Double { costs[name] ?? 1 }

    /// Every part with its default parameters, at the prices of the shipped file.
    public static let standard = TextInventory(
        costs: [
            "derive": 1, "replace": 2, "constant": 1, "substring": 1, "filter": 1.5, "case": 0.5, "whitespace": 0.5, "substitute": 1.0, "number": 1.5,
            "arithmetic": 1.5, "count": 1.5, "date": 1.5, "truth": 1.5, "conditional": 2,
        ],
        tokens: TextToken.classes, literalTokens: true, filterClasses: [.digits, .upper], caseMaps: [.lower, .upper, .title, .capitalize],
        spacings: [.trim, .collapse], truthStyles: TruthStyle.allCases, maxBranches: 2,
        writtenTextDiscount: 1.5, yearPivot: 50)

    /// Loads and validates an inventory file.
    public static func load(path: String) throws(WinnowError) -> TextInventory {
        let object = try ConfigurationFile.json(path: path, what: "text inventory")
        do {
            return try parse(object)
        } catch {
            throw WinnowError(.badConfiguration, file: path, error.message)
        }
    }

    /// Validates an inventory already parsed from JSON.
    public static func parse(_ object: Any) throws(JSONShapeError) -> TextInventory {
        guard let root = object as? [String: Any] else { throw JSONShapeError("a text inventory must be a JSON object") }
        if let domain = root["domain"], domain as? String != "text" {
            throw JSONShapeError("\"domain\" must be \"text\" for a text inventory")
        }
        guard let parts = root["parts"] as? [String: Any] else { throw JSONShapeError("missing object \"parts\"") }
        var inventory = TextInventory(
            costs: [:], tokens: [], literalTokens: false, filterClasses: [], caseMaps: [], spacings: [], truthStyles: [], maxBranches: 0,
            writtenTextDiscount: 1.5, yearPivot: 50)
        for name in parts.keys.sorted() {
            guard let fields = knownParts[name] else {
                throw JSONShapeError("unknown part \"\(name)\" (known: \(knownParts.keys.sorted().joined(separator: ", ")))")
            }
            guard let spec = parts[name] as? [String: Any] else { throw JSONShapeError("part \"\(name)\" must be an object") }
            for key in spec.keys where !(fields.contains(key) || key == "enabled" || key == "cost") {
                throw JSONShapeError("part \"\(name)\" has unknown field \"\(key)\"")
            }
            guard try field(spec, "enabled", of: name, default: true) else { continue }
            var cost = 1.0
            if let raw = spec["cost"] {
                guard let number = raw as? NSNumber, !(raw is String), number.doubleValue > 0, number.doubleValue.isFinite else {
                    throw JSONShapeError("part \"\(name)\" field \"cost\" must be a positive number")
                }
                cost = number.doubleValue
            }
            inventory.costs[name] = cost
            switch name {
            case "substring":
                inventory.tokens = try classes(spec, "tokens", of: name, default: TextToken.classes)
                inventory.literalTokens = try field(spec, "literals", of: name, default: true)
            case "filter":
                inventory.filterClasses = try classes(spec, "keep", of: name, default: [.digits, .upper])
            case "case":
                inventory.caseMaps = try enumList(spec, "maps", of: name, default: [.lower, .upper, .title, .capitalize])
            case "whitespace":
                inventory.spacings = try enumList(spec, "spacings", of: name, default: [.trim, .collapse])
            case "truth":
                inventory.truthStyles = try enumList(spec, "styles", of: name, default: TruthStyle.allCases)
            case "conditional":
                inventory.maxBranches = try field(spec, "branches", of: name, default: 2)
                guard (1...4).contains(inventory.maxBranches) else {
                    throw JSONShapeError("conditional branches must be between 1 and 4")
                }
                inventory.writtenTextDiscount = try price(spec, "written-text-discount", of: name, default: 1.5)
            case "constant":
                inventory.numberSpliceCharge = try price(spec, "number-splice-charge", of: name, default: 2)
            case "arithmetic":
                inventory.heldConstantCharge = try price(spec, "held-constant-charge", of: name, default: 2)
            case "date":
                inventory.yearPivot = try field(spec, "pivot", of: name, default: 50)
                guard (0...99).contains(inventory.yearPivot) else { throw JSONShapeError("date pivot must be between 0 and 99") }
            default:
                break
            }
        }
        return inventory
    }

    private static func classes(
        _ spec: [String: Any], _ key: String, of part: String, default value: [TextToken]
    ) throws(JSONShapeError) -> [TextToken] {
        let names: [String] = try field(spec, key, of: part, default: value.map(\.name))
        return try names.map { (text: String) throws(JSONShapeError) -> TextToken in
            guard let token = TextToken.classes.first(where: { $0.name == text }) else {
                throw JSONShapeError("token \"\(text)\" is not one of \(TextToken.classes.map(\.name).joined(separator: ", "))")
            }
            return token
        }
    }

    private static func enumList<T: RawRepresentable & CaseIterable>(
        _ spec: [String: Any], _ key: String, of part: String, default value: [T]
    ) throws(JSONShapeError) -> [T] where T.RawValue == String {
        let names: [String] = try field(spec, key, of: part, default: value.map(\.rawValue))
        return try names.map { (text: String) throws(JSONShapeError) -> T in
            guard let item = T(rawValue: text) else {
                throw JSONShapeError("\(part) \(key) \"\(text)\" is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return item
        }
    }

    /// A charge or saving of the ranking: a number of at least 0 (0 turns its rule off, the control).
    private static func price(_ spec: [String: Any], _ key: String, of part: String, default value: Double) throws(JSONShapeError) -> Double {
        guard let raw = spec[key] else { return value }
        guard let number = raw as? NSNumber, !(raw is String), !JSONDescription.isBoolean(number), number.doubleValue >= 0,
            number.doubleValue.isFinite
        else { throw JSONShapeError("\(part) \(key) must be a number of at least 0") }
        return number.doubleValue
    }

    private static func field<T>(_ spec: [String: Any], _ key: String, of part: String, default value: T) throws(JSONShapeError) -> T {
        guard let raw = spec[key] else { return value }
        guard let typed = raw as? T, !(T.self == Int.self && raw is Bool) else {
            throw JSONShapeError("part \"\(part)\" field \"\(key)\" has the wrong type (\(JSONDescription.kind(of: raw)))")
        }
        return typed
    }
}
