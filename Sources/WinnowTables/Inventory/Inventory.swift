import Foundation
import WinnowCore
import WinnowText

/// Which table operators a search may use, their prices, and their candidate parameters.
///
/// Loaded from `inventories/tables.json` so the vocabulary can be changed, ablated or extended
/// without touching code; every name and field is checked, and a typo is an error, not a silent skip.
public struct Inventory: Sendable, Hashable {
    /// Price of each enabled operator, by name.
    public var costs: [String: Double]
    public var mergeSeparators: [String]
    public var splitDelimiters: [String]
    public var splitModes: [SplitMode]
    public var divideClasses: [CellClass]
    public var extractTokens: [TokenClass]
    /// Whether `extract` may anchor its match on literal text before or after it.
    public var extractContext: Bool
    public var wrapSizes: [Int]
    /// Whether `wrap-every` may also use any divisor of the table's row count, so records of any
    /// fixed length can be wrapped, not only the listed sizes.
    public var wrapDivisors: Bool = false
    /// The cell-program parts `derive` and `replace` may use, and those two operators' own prices
    /// (`inventories/text.json`). A table inventory file says nothing about cell programs, so one
    /// loaded alone has them off (`layoutOnlyText`); the command line attaches the text inventory.
    public var text: TextInventory = Inventory.layoutOnlyText

    /// The operators that carry a cell program; `text.json` enables and prices them, not `tables.json`.
    public static let cellOperators: Set<String> = ["derive", "replace"]

    /// The standard cell-program parts with `derive` and `replace` off: a search with it uses layout
    /// operators only, exactly as before cell programs existed.
    public static let layoutOnlyText: TextInventory = {
        var text = TextInventory.standard
        for name in cellOperators { text.costs[name] = nil }
        return text
    }()

    /// How much of a cell program's own price (`CellSynthesizer.cost(of:)`) a `derive` or `replace`
    /// step adds to the operator's price. Program prices run about 0.6 for a copied cell, 1.5 to 2
    /// for a substring between token positions, and 5 and up once a constant word is written, while
    /// a layout step costs 1; at one half, a step deriving a plain substring costs about as much as
    /// three layout steps, so a layout pipeline of similar length that solves the task stays
    /// preferred, and among cell programs the simpler one still wins the ranking.
    public static let cellProgramScale = 0.5

    /// Whether the search may offer `derive` or `replace` steps.
    public var enablesCellPrograms: Bool { Self.cellOperators.contains(where: enables) }

    /// Every operator name an inventory may mention, with the parameter fields it accepts.
    public static let knownOperators: [String: Set<String>] = [
        "drop": [], "move": [], "copy": [], "merge": ["separators"],
        "split": ["modes", "delimiters"], "divide": ["classes", "containing"], "extract": ["tokens", "context"],
        "fold": [], "fold-header": [], "unfold": [], "unfold-header": [], "fill-down": [],
        "delete-rows-with-empty-cell": [], "delete-empty-columns": [], "delete-empty-rows": [],
        "wrap-every": ["k", "divisors"], "wrap-on": [], "wrap-into-one-row": [], "transpose": [],
        "sort": [], "dedupe": [], "filter": [],
    ]

    /// The `wrap-every` sizes to try on a table with `rowCount` rows.
    public func wrapSizes(forRowCount rowCount: Int) -> [Int] {
        var sizes = wrapSizes.filter { rowCount % $0 == 0 }
        if wrapDivisors, rowCount >= 2 {
            for k in 2...rowCount where rowCount % k == 0 && !sizes.contains(k) { sizes.append(k) }
        }
        return sizes
    }

    /// Whether an operator is enabled.
    public func enables(_ name: String) -> Bool {
        costs[name] != nil || (Self.cellOperators.contains(name) && text.enables(name))
    }

    /// What each token of an extract pattern beyond the first adds to its price.
    static let extractTokenPrice = 0.25

    /// The price of an operator (1 for one the inventory does not list, e.g. in a replayed program).
    /// A cell-program step also pays `cellProgramScale` times its program's price, and an extract
    /// `extractTokenPrice` for each pattern token beyond the first, so the ranking prefers the simpler
    /// program and the search tries it first.
    public func cost(of op: TableOperator) -> Double {
        cost(of: op, rows: nil)
    }

    /// `cost(of:)` for a step that reads `rows` in the example, when they are known: a cell program is
    /// then priced on them (`CellSynthesizer.cost(of:rows:records:)`, with the example input's
    /// `records` when the rows are still its rows in place).
    public func cost(of op: TableOperator, rows: [[String]]?, records: [[String]]? = nil) -> Double {
        switch op {
        case .derive(let program, _), .replace(_, let program):
            let synthesizer = CellSynthesizer(inventory: text)
            return text.cost(op.name)
                + Self.cellProgramScale
                * (rows.map { synthesizer.cost(of: program, rows: $0, records: records) } ?? synthesizer.cost(of: program))
        case .extract(_, let pattern):
            return (costs[op.name] ?? 1) + Self.extractTokenPrice * Double(max(0, pattern.tokens.count - 1))
        default:
            return costs[op.name] ?? 1
        }
    }

    /// Loads and validates an inventory file.
    public static func load(path: String) throws(WinnowError) -> Inventory {
        let object = try ConfigurationFile.json(path: path, what: "inventory")
        do {
            return try parse(object)
        } catch {
            throw WinnowError(.badConfiguration, file: path, error.message)
        }
    }

    /// Validates an inventory already parsed from JSON.
    public static func parse(_ object: Any) throws(JSONShapeError) -> Inventory {
        guard let root = object as? [String: Any] else { throw JSONShapeError("an inventory must be a JSON object") }
        if let domain = root["domain"], domain as? String != "table" {
            throw JSONShapeError("\"domain\" must be \"table\" for a table inventory")
        }
        guard let operators = root["operators"] as? [String: Any] else {
            throw JSONShapeError("missing object \"operators\"")
        }
        var inventory = Inventory(
            costs: [:], mergeSeparators: [], splitDelimiters: [], splitModes: [], divideClasses: [],
            extractTokens: [], extractContext: false, wrapSizes: [])
        for name in operators.keys.sorted() {
            guard let fields = knownOperators[name] else {
                let known = knownOperators.keys.sorted().joined(separator: ", ")
                throw JSONShapeError("unknown operator \"\(name)\" (known: \(known))")
            }
            guard let spec = operators[name] as? [String: Any] else {
                throw JSONShapeError("operator \"\(name)\" must be an object")
            }
            for key in spec.keys where !(fields.contains(key) || key == "enabled" || key == "cost") {
                throw JSONShapeError("operator \"\(name)\" has unknown field \"\(key)\"")
            }
            let enabled = try field(spec, "enabled", of: name, default: true)
            guard enabled else { continue }
            var cost = 1.0
            if let raw = spec["cost"] {
                guard let number = raw as? NSNumber, !(raw is String), number.doubleValue > 0, number.doubleValue.isFinite else {
                    throw JSONShapeError("operator \"\(name)\" field \"cost\" must be a positive number")
                }
                cost = number.doubleValue
            }
            inventory.costs[name] = cost
            switch name {
            case "merge":
                inventory.mergeSeparators = try field(spec, "separators", of: name, default: [""])
            case "split":
                inventory.splitDelimiters = try field(spec, "delimiters", of: name, default: [] as [String]).filter { !$0.isEmpty }
                let modes: [String] = try field(spec, "modes", of: name, default: ["first", "all"])
                inventory.splitModes = try modes.map { (mode: String) throws(JSONShapeError) -> SplitMode in
                    guard let m = SplitMode(rawValue: mode) else {
                        throw JSONShapeError("split mode \"\(mode)\" is not one of first, all, runs")
                    }
                    return m
                }
            case "divide":
                let classes: [String] = try field(spec, "classes", of: name, default: [])
                inventory.divideClasses = try classes.map { (text: String) throws(JSONShapeError) -> CellClass in
                    switch text {
                    case "digits": return .digits
                    case "letters": return .letters
                    case "alphanumeric": return .alphanumeric
                    case "date": return .date
                    default: throw JSONShapeError("divide class \"\(text)\" is not one of digits, letters, alphanumeric, date")
                    }
                }
                let containing: [String] = try field(spec, "containing", of: name, default: [])
                inventory.divideClasses += containing.filter { !$0.isEmpty }.map { .containing($0) }
            case "extract":
                let tokens: [String] = try field(spec, "tokens", of: name, default: TokenClass.allCases.map(\.rawValue))
                inventory.extractTokens = try tokens.map { (text: String) throws(JSONShapeError) -> TokenClass in
                    guard let t = TokenClass(rawValue: text) else {
                        throw JSONShapeError("extract token \"\(text)\" is not one of \(TokenClass.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return t
                }
                inventory.extractContext = try field(spec, "context", of: name, default: true)
            case "wrap-every":
                inventory.wrapSizes = try field(spec, "k", of: name, default: [2, 3, 4, 5])
                if inventory.wrapSizes.contains(where: { $0 < 2 }) {
                    throw JSONShapeError("wrap-every sizes must be at least 2")
                }
                inventory.wrapDivisors = try field(spec, "divisors", of: name, default: false)
            default:
                break
            }
        }
        return inventory
    }

    private static func field<T>(_ spec: [String: Any], _ key: String, of op: String, default value: T) throws(JSONShapeError) -> T {
        guard let raw = spec[key] else { return value }
        guard let typed = raw as? T else {
            throw JSONShapeError("operator \"\(op)\" field \"\(key)\" has the wrong type (\(JSONDescription.kind(of: raw)))")
        }
        return typed
    }
}
