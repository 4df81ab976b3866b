/// The closed vocabulary of the aggregates domain: every operator a program may use.
///
/// Three kinds, and a program is zero or more list → list steps (maps and filters) followed by at most
/// one reduction (list → number). Every operator is total: where it cannot apply (the mean of an
/// empty list, the 3rd largest of two numbers, a product that overflows) it gives nil, never a crash.
/// Which operators a search may use, their prices and parameter values come from the inventory.
public enum AggregateOperator: String, CaseIterable, Sendable, Hashable, Comparable {
    // Maps: list → list, element by element or reordering.
    case square, abs, negate, double, increment, decrement
    case sort, sortDescending = "sort-desc", reverse, unique
    case cumulativeSum = "cumsum", differences = "diffs"
    // Filters: list → list, keeping the elements that satisfy a predicate.
    case filterEven = "filter-even", filterOdd = "filter-odd"
    case filterPositive = "filter-positive", filterNegative = "filter-negative", filterNonzero = "filter-nonzero"
    case filterAboveMean = "filter-above-mean", filterBelowMean = "filter-below-mean"
    case filterAbove = "filter-above", filterBelow = "filter-below"
    // Reductions: list → number.
    case sum, mean, median, min, max, count
    case countDistinct = "count-distinct", range, std, product, first, last
    case kthLargest = "kth-largest", kthSmallest = "kth-smallest", topKSum = "top-k-sum"

    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case map, filter, reduce
    }

    /// The inventory name (`filter-even`, `kth-largest`).
    public var name: String { rawValue }

    public var kind: Kind {
        switch self {
        case .square, .abs, .negate, .double, .increment, .decrement, .sort, .sortDescending, .reverse, .unique,
             .cumulativeSum, .differences:
            return .map
        case .filterEven, .filterOdd, .filterPositive, .filterNegative, .filterNonzero, .filterAboveMean,
             .filterBelowMean, .filterAbove, .filterBelow:
            return .filter
        case .sum, .mean, .median, .min, .max, .count, .countDistinct, .range, .std, .product, .first, .last,
             .kthLargest, .kthSmallest, .topKSum:
            return .reduce
        }
    }

    /// Whether the operator takes an integer parameter `k` (listed in the inventory).
    public var isParameterised: Bool {
        switch self {
        case .filterAbove, .filterBelow, .kthLargest, .kthSmallest, .topKSum: return true
        default: return false
        }
    }

    /// The parameter values that make sense: a rank or a count must be at least 1; a threshold may
    /// be any integer.
    public func accepts(parameter k: Int) -> Bool {
        switch self {
        case .kthLargest, .kthSmallest, .topKSum: return k >= 1
        case .filterAbove, .filterBelow: return true
        default: return false
        }
    }

    /// A step that only reorders the list.
    var isReorder: Bool { self == .sort || self == .sortDescending || self == .reverse }

    /// A list → list step whose result, as a multiset, does not depend on the order of its input
    /// (element-wise maps, filters, `unique`): a reorder before it can matter only for order.
    var ignoresOrder: Bool {
        switch kind {
        case .filter: return true
        case .map: return self != .cumulativeSum && self != .differences
        case .reduce: return false
        }
    }

    /// A reduction whose result does not depend on the order of the list.
    var isOrderInsensitiveReduction: Bool { kind == .reduce && self != .first && self != .last }

    public static func < (a: AggregateOperator, b: AggregateOperator) -> Bool { a.ordinal < b.ordinal }

    /// Position in the declaration order.
    var ordinal: Int { Self.ordinals[self]! }

    private static let ordinals: [AggregateOperator: Int] = Dictionary(
        uniqueKeysWithValues: allCases.enumerated().map { ($0.element, $0.offset) })
}

/// One step of a program: an operator and, for a parameterised one, its `k`.
public struct AggregateStep: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var op: AggregateOperator
    public var parameter: Int?

    public init(_ op: AggregateOperator, _ parameter: Int? = nil) {
        self.op = op
        self.parameter = parameter
    }

    public var kind: AggregateOperator.Kind { op.kind }

    /// How a program prints the step: `square`, `filter(even)`, `filter(>mean)`, `filter(>3)`,
    /// `kth-largest(2)`.
    public var description: String {
        let k = parameter.map(String.init) ?? "?"
        switch op {
        case .filterEven: return "filter(even)"
        case .filterOdd: return "filter(odd)"
        case .filterPositive: return "filter(positive)"
        case .filterNegative: return "filter(negative)"
        case .filterNonzero: return "filter(nonzero)"
        case .filterAboveMean: return "filter(>mean)"
        case .filterBelowMean: return "filter(<mean)"
        case .filterAbove: return "filter(>\(k))"
        case .filterBelow: return "filter(<\(k))"
        default: return op.isParameterised ? "\(op.name)(\(k))" : op.name
        }
    }

    /// Inventory order of the operator, then the parameter.
    public static func < (a: AggregateStep, b: AggregateStep) -> Bool {
        a.op != b.op ? a.op < b.op : (a.parameter ?? Int.min) < (b.parameter ?? Int.min)
    }

    /// Applies the step to a value: maps and filters to a list, reductions to a list; anything
    /// applied to a number gives nil.
    public func apply(_ value: AggregateValue) -> AggregateValue? {
        guard case .list(let xs) = value else { return nil }
        return apply(list: xs)
    }

    /// Applies the step to a list; nil where the operator cannot apply.
    public func apply(list xs: [Double]) -> AggregateValue? {
        switch op.kind {
        case .map:
            return mapped(xs).flatMap { ys in ys.allSatisfy(\.isFinite) ? .list(ys) : nil }
        case .filter:
            return filtered(xs).map { .list($0) }
        case .reduce:
            return reduced(xs).flatMap { $0.isFinite ? .number($0) : nil }
        }
    }

    private func mapped(_ xs: [Double]) -> [Double]? {
        switch op {
        case .square: return xs.map { $0 * $0 }
        case .abs: return xs.map { Swift.abs($0) }
        case .negate: return xs.map { $0 == 0 ? 0 : -$0 }
        case .double: return xs.map { 2 * $0 }
        case .increment: return xs.map { $0 + 1 }
        case .decrement: return xs.map { $0 - 1 }
        case .sort: return xs.sorted()
        case .sortDescending: return xs.sorted(by: >)
        case .reverse: return xs.reversed()
        case .unique:
            var seen: Set<UInt64> = []
            var out: [Double] = []
            for x in xs where seen.insert(AggregateNumber.canonical(x).bitPattern).inserted { out.append(x) }
            return out
        case .cumulativeSum:
            var total = 0.0
            return xs.map { total += $0; return total }
        case .differences:
            guard xs.count >= 2 else { return [] }
            return (1..<xs.count).map { xs[$0] - xs[$0 - 1] }
        default:
            return nil
        }
    }

    private func filtered(_ xs: [Double]) -> [Double]? {
        switch op {
        case .filterEven: return xs.filter { Self.isInteger($0) && $0.truncatingRemainder(dividingBy: 2) == 0 }
        case .filterOdd: return xs.filter { Self.isInteger($0) && $0.truncatingRemainder(dividingBy: 2) != 0 }
        case .filterPositive: return xs.filter { $0 > 0 }
        case .filterNegative: return xs.filter { $0 < 0 }
        case .filterNonzero: return xs.filter { $0 != 0 }
        case .filterAboveMean, .filterBelowMean:
            // An empty list has no mean, but nothing to keep either: the result is empty.
            guard !xs.isEmpty else { return [] }
            let mean = Self.mean(xs)
            return op == .filterAboveMean
                ? xs.filter { $0 > mean && !AggregateNumber.same($0, mean) }
                : xs.filter { $0 < mean && !AggregateNumber.same($0, mean) }
        case .filterAbove:
            guard let k = parameter else { return nil }
            return xs.filter { $0 > Double(k) }
        case .filterBelow:
            guard let k = parameter else { return nil }
            return xs.filter { $0 < Double(k) }
        default:
            return nil
        }
    }

    private func reduced(_ xs: [Double]) -> Double? {
        switch op {
        case .sum: return xs.reduce(0, +)
        case .count: return Double(xs.count)
        case .product: return xs.reduce(1, *)
        case .countDistinct: return Double(Set(xs.map { AggregateNumber.canonical($0).bitPattern }).count)
        default: break
        }
        guard !xs.isEmpty else { return nil }
        switch op {
        case .mean: return Self.mean(xs)
        case .median:
            let sorted = xs.sorted()
            let mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        case .min: return xs.min()
        case .max: return xs.max()
        case .range: return xs.max()! - xs.min()!
        case .std:
            let mean = Self.mean(xs)
            let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
            return variance.squareRoot()
        case .first: return xs.first
        case .last: return xs.last
        case .kthLargest, .kthSmallest, .topKSum:
            guard let k = parameter, k >= 1, k <= xs.count else { return nil }
            let descending = xs.sorted(by: >)
            switch op {
            case .kthLargest: return descending[k - 1]
            case .kthSmallest: return xs.sorted()[k - 1]
            default: return descending.prefix(k).reduce(0, +)
            }
        default:
            return nil
        }
    }

    private static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    private static func isInteger(_ x: Double) -> Bool { x.isFinite && x.rounded(.towardZero) == x }
}
