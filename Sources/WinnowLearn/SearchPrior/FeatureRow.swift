/// A fixed vector of features addressed by an enum case, so a value can never drift from its name:
/// the case's position is its index and its spelling is the name the weights file records.
struct FeatureRow<Name: RawRepresentable & CaseIterable> where Name.RawValue == Int {
    private(set) var values: [Double]

    init() { values = [Double](repeating: 0, count: Name.allCases.count) }

    subscript(name: Name) -> Double {
        get { values[name.rawValue] }
        set { values[name.rawValue] = newValue }
    }

    /// Sets a feature to 1 when a fact holds (and leaves it 0 otherwise).
    mutating func flag(_ name: Name, _ fact: Bool) {
        values[name.rawValue] = fact ? 1 : 0
    }

    /// The feature names in index order, as the weights file lists them.
    static var names: [String] { Name.allCases.map { "\($0)" } }

    static var count: Int { Name.allCases.count }
}
