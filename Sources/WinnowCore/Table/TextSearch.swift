#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search and splitting on UTF-8 bytes.
///
/// UTF-8 is self-synchronising, so byte-level matching finds exactly the code-point sequences that
/// Python's `in` and `str.split` find, which keeps exported scripts in agreement with Swift; it is
/// also an order of magnitude faster than Foundation's locale-aware search in the search's hot loop.
public enum TextSearch {
    /// Whether `needle` occurs in `haystack` (the empty needle occurs everywhere).
    public static func contains(_ haystack: String, _ needle: String) -> Bool {
        firstOffset(of: needle, in: haystack) != nil
    }

    /// Byte offset of the first occurrence of `needle`, if any.
    public static func firstOffset(of needle: String, in haystack: String) -> Int? {
        var h = haystack
        var n = needle
        return h.withUTF8 { hb in
            n.withUTF8 { nb -> Int? in
                if nb.isEmpty { return 0 }
                guard hb.count >= nb.count, let hBase = hb.baseAddress, let nBase = nb.baseAddress else { return nil }
                return find(nBase, nb.count, in: hBase, from: 0, count: hb.count)
            }
        }
    }

    /// Byte offsets of every occurrence of a non-empty `needle`, overlapping ones included.
    public static func offsets(of needle: String, in haystack: String) -> [Int] {
        var h = haystack
        var n = needle
        return h.withUTF8 { hb in
            n.withUTF8 { nb -> [Int] in
                guard !nb.isEmpty, hb.count >= nb.count, let hBase = hb.baseAddress, let nBase = nb.baseAddress else { return [] }
                var found: [Int] = []
                var start = 0
                while let offset = find(nBase, nb.count, in: hBase, from: start, count: hb.count) {
                    found.append(offset)
                    start = offset + 1
                }
                return found
            }
        }
    }

    /// `cell.split(delimiter)` as Python does it: every occurrence, empty pieces kept.
    public static func split(_ cell: String, on delimiter: String) -> [String] {
        var h = cell
        var d = delimiter
        return h.withUTF8 { hb in
            d.withUTF8 { db -> [String] in
                guard !db.isEmpty, hb.count >= db.count, let hBase = hb.baseAddress, let dBase = db.baseAddress else {
                    return [cell]
                }
                var pieces: [String] = []
                var start = 0
                while start <= hb.count - db.count, let offset = find(dBase, db.count, in: hBase, from: start, count: hb.count) {
                    pieces.append(String(decoding: UnsafeBufferPointer(rebasing: hb[start..<offset]), as: UTF8.self))
                    start = offset + db.count
                }
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: hb[start...]), as: UTF8.self))
                return pieces
            }
        }
    }

    /// Offset of the first occurrence of the needle bytes at or after `start`: `memchr` finds each
    /// candidate first byte, `memcmp` confirms the rest.
    private static func find(
        _ needle: UnsafePointer<UInt8>, _ needleCount: Int, in haystack: UnsafePointer<UInt8>, from start: Int, count: Int
    ) -> Int? {
        var position = start
        let first = Int32(needle.pointee)
        while position + needleCount <= count {
            guard let hit = memchr(haystack + position, first, count - position - needleCount + 1) else { return nil }
            let offset = haystack.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if needleCount == 1 || memcmp(haystack + offset + 1, needle + 1, needleCount - 1) == 0 { return offset }
            position = offset + 1
        }
        return nil
    }

    /// Splits at the first occurrence only; `nil` when the delimiter does not occur.
    public static func splitFirst(_ cell: String, on delimiter: String) -> (String, String)? {
        guard !delimiter.isEmpty, let offset = firstOffset(of: delimiter, in: cell) else { return nil }
        let bytes = Array(cell.utf8)
        let end = offset + delimiter.utf8.count
        return (String(decoding: bytes[..<offset], as: UTF8.self), String(decoding: bytes[end...], as: UTF8.self))
    }
}
