/// A calendar date without a time.
public struct CalendarDate: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
}

/// How a date is read from a cell.
public struct DateReading: Hashable, Sendable {
    public func read(_ cell: String, inventory: TextInventory) -> CalendarDate? { nil }
    public var cost: Double { 0 }
    public func python(_ cell: String) -> String { "None" }
}

/// How a date is printed.
public struct DateFormat: Hashable, Sendable {
    public func render(_ date: CalendarDate) -> String { "" }
    public var cost: Double { 0 }
    public func python(_ date: String) -> String { "''" }
}

extension DateReading: CustomStringConvertible {
    public var description: String { "date" }
}

extension DateFormat: CustomStringConvertible {
    public var description: String { "date" }
}
