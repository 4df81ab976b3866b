/// Seeded draws for the task generators and the probes, on top of SplitMix64 (`SeededRandom`).
///
/// A generator's promise is "same seed, same bytes" on every toolchain, so the draws are spelled out
/// here (a modulo for integers, 53 bits for a fraction) instead of using the standard library's
/// `random(in:using:)`, whose algorithm is not promised to stay the same. One type serves every
/// domain, so their streams are drawn the same way.
public struct SeededDraws: Sendable {
    private var source: SeededRandom

    public init(seed: UInt64) { source = SeededRandom(seed: seed) }

    /// A stream for one item (a task of a split, a probe set) of a run, independent of every other
    /// item's draws, so adding items to one split never changes those already drawn or another split's.
    public init(seed: UInt64, stream: UInt64, index: UInt64) {
        var mixer = SeededRandom(seed: seed ^ (stream &* 0xA24B_AED4_963E_E407))
        source = SeededRandom(seed: mixer.next() &+ index &* 0x9FB2_1C65_1E98_DF25)
    }

    public mutating func next() -> UInt64 { source.next() }

    /// Uniform in `range` (modulo bias below 2⁻⁵⁰ for the small ranges used here).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % span)
    }

    /// A fraction in [0, 1).
    public mutating func fraction() -> Double { Double(next() >> 11) * 0x1p-53 }

    public mutating func chance(_ p: Double) -> Bool { fraction() < p }

    public mutating func element<T>(of items: [T]) -> T { items[int(in: 0...(items.count - 1))] }

    /// An index drawn with the given weights.
    public mutating func weighted(_ weights: [Double]) -> Int {
        var x = fraction() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    /// `count` distinct elements in a random order (all of them when there are fewer).
    public mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var out: [T] = []
        while out.count < count, !pool.isEmpty {
            out.append(pool.remove(at: int(in: 0...(pool.count - 1))))
        }
        return out
    }

    /// A stable FNV-1a hash of a text over UTF-8, for seeds and streams named by a string (Swift's
    /// `hashValue` changes from run to run).
    public static func stream(named name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
