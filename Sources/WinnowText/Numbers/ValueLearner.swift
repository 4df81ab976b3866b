/// Finds the number and date parts that print a given text on a row.
public enum ValueLearner {
    /// Every number, count, arithmetic or date part that prints exactly `text` on `row`.
    public static func parts(row: [String], text: String, inventory: TextInventory) -> [CellPart] { [] }

    /// Python helper functions the number and date parts' expressions call.
    public static let pythonPrelude = "def _num(text):\n    try:\n        return float(text)\n    except ValueError:\n        return None\n"
}
