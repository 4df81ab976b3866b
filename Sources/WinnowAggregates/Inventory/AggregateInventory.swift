import Foundation
import WinnowCore

/// Which aggregates operators a search (and the task generator) may use, their prices, and the
/// parameter values of the parameterised ones.
///
/// Loaded strictly from `inventories/aggregates.json`: an unknown key, operator or field, a kind
/// that does not match the operator, a missing or stray parameter list, or a bad price is an error
/// that names the nearest known spelling, never a silent skip.
///
/// ```json
/// {"domain": "aggregates", "version": 1, "operators": [
///   {"name": "sum", "kind": "reduce", "price": 1.0, "enabled": true},
///   {"name": "kth-largest", "kind": "reduce", "parameters": [2, 3], "price": 1.6}]}
/// ```
public struct AggregateInventory: Sendable, Hashable {
    /// One operator as the file lists it.
    public struct Entry: Sendable, Hashable {
        public var op: AggregateOperator
        /// The price of one step with this operator: its share of a program's simplicity cost.
        public var price: Double
        /// Values of `k` for a parameterised operator; empty otherwise.
        public var parameters: [Int]
        public var enabled: Bool

        public init(op: AggregateOperator, price: Double, parameters: [Int] = [], enabled: Bool = true) {
            self.op = op
            self.price = price
            self.parameters = parameters
            self.enabled = enabled
        }
    }

    /// Every listed operator, in file order (disabled ones included).
    public private(set) var entries: [Entry]
    /// Every step the search may take, in file order, each parameter value its own step.
    public private(set) var steps: [AggregateStep]
    private var prices: [AggregateOperator: Double]
    private var order: [AggregateStep: Int]

    public init(entries: [Entry]) {
        self.entries = entries
        var steps: [AggregateStep] = []
        var prices: [AggregateOperator: Double] = [:]
        for entry in entries {
            prices[entry.op] = entry.price
            guard entry.enabled else { continue }
            if entry.op.isParameterised {
                steps += entry.parameters.map { AggregateStep(entry.op, $0) }
            } else {
                steps.append(AggregateStep(entry.op))
            }
        }
        self.steps = steps
        self.prices = prices
        order = Dictionary(steps.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// The enabled operators.
    public var operators: [AggregateOperator] { entries.filter(\.enabled).map(\.op) }

    public func enables(_ op: AggregateOperator) -> Bool { entries.contains { $0.op == op && $0.enabled } }

    /// A step's price: its operator's listed price (1 for an operator the file does not list).
    public func price(of step: AggregateStep) -> Double { prices[step.op] ?? 1 }

    /// A program's price: the sum of its steps' prices (its simplicity cost; lower is simpler).
    public func price(of program: AggregateProgram) -> Double {
        program.steps.reduce(0) { $0 + price(of: $1) }
    }

    /// A step's position in the inventory (steps it does not list come after all that it does).
    public func position(of step: AggregateStep) -> Int { order[step] ?? (steps.count + step.op.ordinal) }

    // MARK: Loading

    /// The shipped file's path relative to the checkout.
    public static let shippedPath = "inventories/aggregates.json"

    /// Loads `explicit` when given, else the shipped `inventories/aggregates.json` found from the
    /// working directory or the executable upward.
    public static func locate(explicit: String?) throws(WinnowError) -> AggregateInventory {
        if let explicit { return try load(path: explicit) }
        guard let found = ConfigurationFile.locateShipped(shippedPath) else {
            throw WinnowError(.missingInput, file: shippedPath, "not found; pass --inventory PATH")
        }
        return try load(path: found)
    }

    /// Loads and validates an inventory file (bad content → exit 78, missing file → exit 66).
    public static func load(path: String) throws(WinnowError) -> AggregateInventory {
        let object = try ConfigurationFile.json(path: path, what: "inventory")
        do {
            return try parse(object)
        } catch {
            throw WinnowError(.badConfiguration, file: path, error.message)
        }
    }

    static let topLevelKeys = ["domain", "version", "comment", "operators"]
    static let operatorFields = ["name", "kind", "price", "enabled", "parameters", "description"]

    /// Validates an inventory already parsed from JSON.
    public static func parse(_ object: Any) throws(JSONShapeError) -> AggregateInventory {
        guard let root = object as? [String: Any] else { throw JSONShapeError("an inventory must be a JSON object") }
        for key in root.keys.sorted() where !topLevelKeys.contains(key) {
            throw JSONShapeError("unknown key \"\(key)\"\(Suggestion.hint(key, among: topLevelKeys))")
        }
        guard root["domain"] as? String == "aggregates" else {
            throw JSONShapeError("\"domain\" must be \"aggregates\" for an aggregates inventory")
        }
        guard let list = root["operators"] as? [Any] else {
            throw JSONShapeError("missing list \"operators\" (one object per operator)")
        }
        let knownNames = AggregateOperator.allCases.map(\.name)
        var entries: [Entry] = []
        var listed: Set<AggregateOperator> = []
        for (index, item) in list.enumerated() {
            guard let spec = item as? [String: Any] else {
                throw JSONShapeError("operators[\(index)] must be an object")
            }
            guard let name = spec["name"] as? String else {
                throw JSONShapeError("operators[\(index)] needs a \"name\" string")
            }
            guard let op = AggregateOperator(rawValue: name) else {
                throw JSONShapeError("unknown operator \"\(name)\"\(Suggestion.hint(name, among: knownNames))")
            }
            let at = "operator \"\(name)\""
            guard listed.insert(op).inserted else { throw JSONShapeError("\(at) is listed twice") }
            for key in spec.keys.sorted() where !operatorFields.contains(key) {
                throw JSONShapeError("\(at) has unknown field \"\(key)\"\(Suggestion.hint(key, among: operatorFields))")
            }
            guard let kindText = spec["kind"] as? String else {
                throw JSONShapeError("\(at) needs a \"kind\" (\(op.kind.rawValue))")
            }
            guard let kind = AggregateOperator.Kind(rawValue: kindText) else {
                let kinds = AggregateOperator.Kind.allCases.map(\.rawValue)
                throw JSONShapeError("\(at) has unknown kind \"\(kindText)\"\(Suggestion.hint(kindText, among: kinds))")
            }
            guard kind == op.kind else {
                throw JSONShapeError("\(at) is a \(op.kind.rawValue), not a \(kind.rawValue)")
            }
            var price = 1.0
            if let raw = spec["price"] {
                guard let number = raw as? NSNumber, !(raw is String), !Self.isBoolean(raw),
                      number.doubleValue > 0, number.doubleValue.isFinite
                else { throw JSONShapeError("\(at) field \"price\" must be a positive number") }
                price = number.doubleValue
            }
            var enabled = true
            if let raw = spec["enabled"] {
                guard Self.isBoolean(raw), let flag = raw as? Bool else {
                    throw JSONShapeError("\(at) field \"enabled\" must be true or false")
                }
                enabled = flag
            }
            var parameters: [Int] = []
            if op.isParameterised {
                guard let raw = spec["parameters"] else {
                    throw JSONShapeError("\(at) needs \"parameters\": the values of k to try")
                }
                guard let values = raw as? [Any], !values.isEmpty else {
                    throw JSONShapeError("\(at) field \"parameters\" must be a non-empty list of integers")
                }
                for value in values {
                    guard let number = value as? NSNumber, !Self.isBoolean(value),
                          let k = Int(exactly: number.doubleValue), op.accepts(parameter: k)
                    else {
                        let rule = op.kind == .filter ? "integers" : "integers of at least 1"
                        throw JSONShapeError("\(at) field \"parameters\" must hold \(rule), found \(value)")
                    }
                    guard !parameters.contains(k) else { throw JSONShapeError("\(at) lists parameter \(k) twice") }
                    parameters.append(k)
                }
            } else if spec["parameters"] != nil {
                throw JSONShapeError("\(at) takes no parameters")
            }
            entries.append(Entry(op: op, price: price, parameters: parameters, enabled: enabled))
        }
        return AggregateInventory(entries: entries)
    }

    private static let booleanClass = ObjectIdentifier(type(of: NSNumber(value: true)))

    private static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return ObjectIdentifier(type(of: number)) == booleanClass
    }
}

/// "did you mean" hints: the nearest known spelling by edit distance.
enum Suggestion {
    /// ` (did you mean "sum"?; known: …)` — always names the nearest known spelling.
    static func hint(_ word: String, among known: [String]) -> String {
        guard let nearest = nearest(word, among: known) else { return "" }
        return " (did you mean \"\(nearest)\"? known: \(known.joined(separator: ", ")))"
    }

    static func nearest(_ word: String, among known: [String]) -> String? {
        known.min { a, b in
            let da = distance(word.lowercased(), a), db = distance(word.lowercased(), b)
            return da != db ? da < db : a < b
        }
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
