import Foundation
import WinnowCore

/// A program of the aggregates domain: list → list steps, then at most one reduction, printed as
/// `filter(even) | square | sum`.
public struct AggregateProgram: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var steps: [AggregateStep]

    public init(_ steps: [AggregateStep]) { self.steps = steps }

    /// Whether a reduction, if any, comes last (a reduction's number feeds nothing).
    public var isWellFormed: Bool {
        steps.dropLast().allSatisfy { $0.kind != .reduce }
    }

    /// Whether the program ends in a number (its last step is a reduction).
    public var returnsNumber: Bool { steps.last?.kind == .reduce }

    /// Runs the program; nil as soon as a step cannot apply.
    public func apply(_ value: AggregateValue) -> AggregateValue? {
        var current = value
        for step in steps {
            guard let next = step.apply(current) else { return nil }
            current = next
        }
        return current
    }

    /// The operators the program uses.
    public var operators: Set<AggregateOperator> { Set(steps.map(\.op)) }

    public var description: String {
        steps.isEmpty ? "identity" : steps.map(\.description).joined(separator: " | ")
    }

    /// Step by step in inventory order: a deterministic tie-break between programs.
    public static func < (a: AggregateProgram, b: AggregateProgram) -> Bool {
        a.steps.lexicographicallyPrecedes(b.steps)
    }

    /// Reads the printed form back (`filter(even) | square | sum`, `kth-largest(2)`, `filter(>-3)`);
    /// the inventory names (`filter-even`, `filter-above(3)`) are accepted as well.
    public init(parsing text: String) throws(WinnowError) {
        var steps: [AggregateStep] = []
        for part in text.split(separator: "|", omittingEmptySubsequences: false) {
            let token = part.trimmingCharacters(in: .whitespaces)
            guard let step = Self.step(token) else {
                throw WinnowError(.badInput, "\"\(token)\" is not an aggregates step (e.g. sum, filter(even), filter(>3), kth-largest(2))")
            }
            steps.append(step)
        }
        let program = AggregateProgram(steps)
        guard program.isWellFormed else {
            throw WinnowError(.badInput, "\"\(text)\": a reduction must be the last step")
        }
        self = program
    }

    private static func step(_ token: String) -> AggregateStep? {
        var name = token
        var argument: String?
        if let open = token.firstIndex(of: "("), token.hasSuffix(")") {
            name = String(token[..<open]).trimmingCharacters(in: .whitespaces)
            argument = String(token[token.index(after: open)..<token.index(before: token.endIndex)])
                .trimmingCharacters(in: .whitespaces)
        }
        if name == "filter", let argument {
            switch argument {
            case "even": return AggregateStep(.filterEven)
            case "odd": return AggregateStep(.filterOdd)
            case "positive": return AggregateStep(.filterPositive)
            case "negative": return AggregateStep(.filterNegative)
            case "nonzero": return AggregateStep(.filterNonzero)
            case ">mean", "> mean": return AggregateStep(.filterAboveMean)
            case "<mean", "< mean": return AggregateStep(.filterBelowMean)
            default:
                guard let comparison = argument.first, comparison == ">" || comparison == "<",
                      let k = Int(argument.dropFirst().trimmingCharacters(in: .whitespaces))
                else { return nil }
                return AggregateStep(comparison == ">" ? .filterAbove : .filterBelow, k)
            }
        }
        guard let op = AggregateOperator(rawValue: name) else { return nil }
        if op.isParameterised {
            guard let argument, let k = Int(argument), op.accepts(parameter: k) else { return nil }
            return AggregateStep(op, k)
        }
        return argument == nil ? AggregateStep(op) : nil
    }
}
