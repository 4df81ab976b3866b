import WinnowCore

/// Which of the target's letter and digit runs occur somewhere in a large set of cells.
///
/// Asking each cell about each run costs cells × runs substring searches, which on a 2,000-row example
/// is most of a solve. Most runs occur as whole runs of some cell, which one set lookup answers; only
/// the others are searched for, once each, in the distinct cells joined by a separator no run holds.
enum AtomPresence {
    /// A bit set over `atoms`: bit `i` is set when `atoms[i]` is a substring of some cell.
    static func bits(of atoms: [String], in cells: some Sequence<String>) -> [UInt64] {
        var distinct = Set<String>()
        var runs = Set<String>()
        for cell in cells where !cell.isEmpty && distinct.insert(cell).inserted {
            runs.formUnion(TableGoal.atoms(cell))
        }
        var joined: String?
        var bits = [UInt64](repeating: 0, count: (atoms.count + 63) / 64)
        for (i, atom) in atoms.enumerated() {
            var present = runs.contains(atom)
            if !present {
                let text = joined ?? distinct.joined(separator: "\u{0}")
                joined = text
                present = TextSearch.contains(text, atom)
            }
            if present { bits[i / 64] |= 1 << UInt64(i % 64) }
        }
        return bits
    }
}
