/// Which file a family's records go to, from a stable hash of the family name alone: the answer
/// never depends on what else was harvested, so re-harvesting never moves a family.
enum FamilySplit {
    static let train = "train"
    static let valid = "valid"

    static func split(of family: String, validFraction: Double) -> String {
        // The first 8 bytes of SHA-256 as a fraction in [0, 1): the same on every machine and run.
        let value = SHA256.digest(Array(family.utf8)).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(value) / 18_446_744_073_709_551_616.0 < validFraction ? valid : train
    }
}
