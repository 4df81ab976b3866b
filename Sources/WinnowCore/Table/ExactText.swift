import Foundation

/// A cell text that compares and hashes by its UTF-8 bytes.
///
/// Swift's `String ==` equates canonically equivalent spellings (`é` and `e` + combining accent);
/// byte equality is what Python, CSV files and users' diff tools mean by "the same text", so a key
/// that groups, numbers or deduplicates cells must use this instead of `String` itself.
public struct ExactText: Hashable, Sendable {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public static func == (lhs: ExactText, rhs: ExactText) -> Bool { same(lhs.text, rhs.text) }

    public func hash(into hasher: inout Hasher) { Self.hash(text, into: &hasher) }

    /// Whether two texts have the same UTF-8 bytes.
    public static func same(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
    }

    /// Feeds a text's bytes and a terminator to `hasher`, so that consecutive texts hash apart from
    /// their concatenation.
    public static func hash(_ text: String, into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(0xFF as UInt8)
    }
}
