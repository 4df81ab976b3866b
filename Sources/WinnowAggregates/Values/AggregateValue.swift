import Foundation
import WinnowCore

/// A value of the aggregates domain: a number, or a list of numbers.
///
/// Task inputs are lists; outputs are a number (after a reduction such as `sum`) or a list (a program
/// made only of maps and filters).
///
/// **Equality** compares numbers by their canonical form (`AggregateNumber.canonical`): rounded to
/// nine significant digits, with `-0` read as `0`. So `0.1 + 0.2 == 0.3`, and a mean computed in a
/// different order still matches, while numbers that differ in one of their first nine digits stay
/// apart. Hashing uses the same canonical form, so equal values hash equally.
public enum AggregateValue: Sendable {
    case number(Double)
    case list([Double])

    /// The list, for a list value.
    public var list: [Double]? {
        if case .list(let values) = self { return values }
        return nil
    }

    /// The number, for a number value.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var isList: Bool { list != nil }
}

extension AggregateValue: Hashable {
    public static func == (a: AggregateValue, b: AggregateValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return AggregateNumber.same(x, y)
        case (.list(let xs), .list(let ys)):
            guard xs.count == ys.count else { return false }
            for i in xs.indices where !AggregateNumber.same(xs[i], ys[i]) { return false }
            return true
        default:
            return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .number(let x):
            hasher.combine(0 as UInt8)
            hasher.combine(AggregateNumber.canonical(x).bitPattern)
        case .list(let xs):
            hasher.combine(1 as UInt8)
            hasher.combine(xs.count)
            for x in xs { hasher.combine(AggregateNumber.canonical(x).bitPattern) }
        }
    }
}

extension AggregateValue: CustomStringConvertible {
    /// `6`, `2.5`, `[1, -2, 3]`: numbers in canonical form, integers without a decimal point.
    public var description: String {
        switch self {
        case .number(let x): return AggregateNumber.text(x)
        case .list(let xs): return "[" + xs.map(AggregateNumber.text).joined(separator: ", ") + "]"
        }
    }
}

/// Reads a value from task JSON: a number, or a list of numbers (booleans, strings, nested lists and
/// `null` are errors naming their location).
extension AggregateValue: JSONValueDecoding {
    public init(jsonObject: Any, at path: String) throws(JSONShapeError) {
        if let items = jsonObject as? [Any] {
            var values: [Double] = []
            values.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                guard let x = Self.number(item) else {
                    throw JSONShapeError("\(path) item \(i) is \(Self.kind(of: item)), but every item must be a number")
                }
                values.append(x)
            }
            self = .list(values)
            return
        }
        guard let x = Self.number(jsonObject) else {
            throw JSONShapeError("\(path) must be a number or a list of numbers, found \(Self.kind(of: jsonObject))")
        }
        self = .number(x)
    }

    /// The value in canonical form; a whole number below 2^53 is written as an integer (`6`, not `6.0`).
    public var jsonObject: Any {
        switch self {
        case .number(let x): return AggregateNumber.jsonNumber(x)
        case .list(let xs): return xs.map(AggregateNumber.jsonNumber)
        }
    }

    /// The class Foundation uses for JSON `true`/`false`: on Linux a JSON integer also casts to
    /// `Bool`, so booleans are told apart by their class, not by a cast.
    private static let booleanClass = ObjectIdentifier(type(of: NSNumber(value: true)))

    private static func number(_ object: Any) -> Double? {
        guard !(object is String), let number = object as? NSNumber else { return nil }
        guard ObjectIdentifier(type(of: number)) != booleanClass else { return nil }
        let x = number.doubleValue
        return x.isFinite ? x : nil
    }

    private static func kind(of object: Any) -> String {
        if let number = object as? NSNumber, !(object is String), ObjectIdentifier(type(of: number)) == booleanClass {
            return "a boolean"
        }
        return JSONDescription.kind(of: object)
    }
}

/// The number rules of the aggregates domain, in one place.
public enum AggregateNumber {
    /// Significant digits kept when numbers are compared and written.
    public static let significantDigits = 9

    /// `x` rounded to nine significant digits; `-0` becomes `0`; whole numbers below 10^9 are
    /// returned unchanged (the common case, and already canonical). Non-finite values (which no
    /// operator returns; they become nil) map to themselves, NaN to one NaN.
    public static func canonical(_ x: Double) -> Double {
        if x == 0 { return 0 }
        guard x.isFinite else { return x.isNaN ? .nan : x }
        let magnitude = Swift.abs(x)
        if magnitude < 1e9, x.rounded(.towardZero) == x { return x }
        let exponent = Int(log10(magnitude).rounded(.down))
        let shift = significantDigits - 1 - exponent
        // Scale so the nine kept digits sit left of the point, round, and scale back; positive and
        // negative shifts are handled apart so the scale itself is an exact power of ten when it can be.
        if shift >= 0 {
            let scale = pow(10.0, Double(shift))
            let scaled = (x * scale).rounded()
            return scaled.isFinite ? scaled / scale : x
        }
        let scale = pow(10.0, Double(-shift))
        return (x / scale).rounded() * scale
    }

    /// Whether two numbers agree to nine significant digits.
    public static func same(_ x: Double, _ y: Double) -> Bool {
        if x == y { return true }
        return canonical(x).bitPattern == canonical(y).bitPattern
    }

    /// Whether the canonical value is a whole number.
    public static func isWhole(_ x: Double) -> Bool {
        let c = canonical(x)
        return c.isFinite && c.rounded(.towardZero) == c
    }

    /// `6`, `-2.5`, `0.333333333`.
    public static func text(_ x: Double) -> String {
        let c = canonical(x)
        if c.isFinite, Swift.abs(c) < 9_007_199_254_740_992, c.rounded(.towardZero) == c { return String(Int64(c)) }
        return "\(c)"
    }

    /// The canonical value as a JSON number: an integer when whole and below 2^53.
    public static func jsonNumber(_ x: Double) -> NSNumber {
        let c = canonical(x)
        if c.isFinite, Swift.abs(c) < 9_007_199_254_740_992, c.rounded(.towardZero) == c { return NSNumber(value: Int64(c)) }
        return NSNumber(value: c)
    }
}
