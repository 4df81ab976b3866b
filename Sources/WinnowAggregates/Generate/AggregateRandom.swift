import WinnowControl

/// Seeded draws for the generator and the probes, on top of SplitMix64 (`SeededRandom`).
///
/// The draws are spelled out here (a modulo for integers, 53 bits for a fraction) instead of using
/// the standard library's `random(in:using:)`, whose algorithm is not promised to stay the same, so
/// a seed makes the same bytes on every toolchain.
struct AggregateRandom {
    private var source: SeededRandom

    init(seed: UInt64) { source = SeededRandom(seed: seed) }

    /// A stream for one item (a task, a probe set) of a run, independent of every other item's draws.
    init(seed: UInt64, stream: UInt64, index: UInt64) {
        var mixer = SeededRandom(seed: seed ^ (stream &* 0xA24B_AED4_963E_E407))
        let base = mixer.next()
        source = SeededRandom(seed: base &+ index &* 0x9FB2_1C65_1E98_DF25)
    }

    mutating func next() -> UInt64 { source.next() }

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
}

/// FNV-1a over UTF-8: a stable hash of a text (Swift's `hashValue` changes from run to run).
enum StableHash {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
