/// Seeded draws for the table task generator: SplitMix64 with the draws spelled out.
///
/// The generator's promise is "same seed, same bytes" on every toolchain, so it cannot use the
/// standard library's `random(in:using:)` (whose algorithm is not promised to stay the same), and it
/// keeps its own SplitMix64 rather than borrowing a generator from a module that tables should not
/// depend on.
struct TableRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A stream for one item (a task of a split) of a run, independent of every other item's draws,
    /// so adding tasks to one split never changes the tasks already drawn or those of another split.
    init(seed: UInt64, stream: UInt64, index: UInt64) {
        var mixer = TableRandom(seed: seed ^ (stream &* 0xA24B_AED4_963E_E407))
        state = mixer.next() &+ index &* 0x9FB2_1C65_1E98_DF25
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `range` (modulo bias below 2⁻⁵⁰ for the small ranges used here).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % span)
    }

    /// A fraction in [0, 1).
    mutating func fraction() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func chance(_ p: Double) -> Bool { fraction() < p }

    mutating func element<T>(of items: [T]) -> T { items[int(in: 0...(items.count - 1))] }

    /// An index drawn with the given weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        var x = fraction() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    /// `count` distinct elements in a random order (all of them when there are fewer).
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var out: [T] = []
        while out.count < count, !pool.isEmpty {
            out.append(pool.remove(at: int(in: 0...(pool.count - 1))))
        }
        return out
    }

    /// Stable FNV-1a hash of a text, for streams named by a string (Swift's `hashValue` changes per run).
    static func stream(named name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
