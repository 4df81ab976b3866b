#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few text facts the prior's features read off a cell, on UTF-8 bytes.
///
/// Byte matching finds exactly the code-point sequences the operators find (UTF-8 is
/// self-synchronising), and `memchr` keeps the substring tests that dominate feature extraction cheap.
enum CellText {
    /// Whether `needle` occurs in `haystack` (the empty needle occurs everywhere).
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var h = haystack
        var n = needle
        return h.withUTF8 { hb in
            n.withUTF8 { nb in
                if nb.isEmpty { return true }
                guard hb.count >= nb.count, let hBase = hb.baseAddress, let nBase = nb.baseAddress else { return false }
                // memchr finds each candidate first byte, memcmp confirms the rest.
                var position = 0
                let first = Int32(nBase.pointee)
                while position + nb.count <= hb.count {
                    guard let hit = memchr(hBase + position, first, hb.count - position - nb.count + 1) else { return false }
                    let offset = hBase.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if nb.count == 1 || memcmp(hBase + offset + 1, nBase + 1, nb.count - 1) == 0 { return true }
                    position = offset + 1
                }
                return false
            }
        }
    }

    /// What kinds of character a text holds, for column type signatures and delimiter features.
    struct Composition {
        var digits = false
        var letters = false
        var space = false
        var comma = false
        /// Punctuation other than space and comma (ASCII, not a letter or digit).
        var punctuation = false

        init(_ text: String) {
            for byte in text.utf8 {
                switch byte {
                case 48...57: digits = true
                case 65...90, 97...122: letters = true
                case 32: space = true
                case 44: comma = true
                case 33...126: punctuation = true
                default: break
                }
            }
        }

        /// Digits and nothing but digits and punctuation: a number, a date, a code.
        var numeric: Bool { digits && !letters }
    }
}
