/// How a number is printed.
public struct NumberFormat: Hashable, Sendable {
    public var decimals: Int

    public init(decimals: Int) { self.decimals = decimals }

    /// The printed number, or `nil` when it cannot be printed in this format.
    public func render(_ value: Double) -> String? {
        guard value.isFinite, decimals == 0, let whole = Int(exactly: value.rounded()) else { return nil }
        return String(whole)
    }

    public var cost: Double { 0 }

    /// A Python expression printing the number held by the Python expression `value`.
    public func python(_ value: String) -> String { "str(int(round(\(value))))" }
}

extension NumberFormat: CustomStringConvertible {
    public var description: String { "decimals: \(decimals)" }
}
