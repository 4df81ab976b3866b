/// A strict JSON reader for result frames (RFC 8259 and nothing more).
///
/// Not Foundation's JSONSerialization, which on Linux accepts trailing commas and duplicate keys and
/// drops a leading U+FEFF from a string: a result frame is untrusted evidence and a table must come
/// back byte for byte. Also faster on the pool's hot path.
enum JSONValue: Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// What kind of value this is, for messages ("a number", "a list"…).
    var kind: String {
        switch self {
        case .object: return "an object"
        case .array: return "a list"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}

struct StrictJSON {
    struct Invalid: Error, Equatable {
        var reason: String
    }

    /// Parses exactly one JSON value spanning all of `bytes` (whitespace aside).
    static func parse(_ bytes: ArraySlice<UInt8>) throws(Invalid) -> JSONValue {
        var reader = StrictJSON(bytes: bytes, at: bytes.startIndex)
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.at == bytes.endIndex else { throw Invalid(reason: "bytes after the JSON value") }
        return value
    }

    private let bytes: ArraySlice<UInt8>
    private var at: Int
    private static let maxDepth = 512

    private init(bytes: ArraySlice<UInt8>, at: Int) {
        self.bytes = bytes
        self.at = at
    }

    private mutating func skipWhitespace() {
        while at < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    private mutating func value(depth: Int) throws(Invalid) -> JSONValue {
        guard depth < Self.maxDepth else { throw Invalid(reason: "nested too deeply") }
        skipWhitespace()
        guard at < bytes.endIndex else { throw Invalid(reason: "unexpected end") }
        switch bytes[at] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws(Invalid) {
        let count = word.utf8CodeUnitCount
        guard bytes.endIndex - at >= count,
              word.withUTF8Buffer({ bytes[at..<(at + count)].elementsEqual($0) })
        else { throw Invalid(reason: "invalid literal") }
        at += count
    }

    private mutating func object(depth: Int) throws(Invalid) -> JSONValue {
        at += 1
        var members: [(String, JSONValue)] = []
        var keys: Set<String> = []
        skipWhitespace()
        if at < bytes.endIndex, bytes[at] == UInt8(ascii: "}") {
            at += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard at < bytes.endIndex, bytes[at] == UInt8(ascii: "\"") else { throw Invalid(reason: "expected a key") }
            let key = try string()
            guard keys.insert(key).inserted else { throw Invalid(reason: "duplicate key \"\(key)\"") }
            skipWhitespace()
            guard at < bytes.endIndex, bytes[at] == UInt8(ascii: ":") else { throw Invalid(reason: "expected ':'") }
            at += 1
            members.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            guard at < bytes.endIndex else { throw Invalid(reason: "unexpected end") }
            if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
            if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
            throw Invalid(reason: "expected ',' or '}'")
        }
    }

    private mutating func array(depth: Int) throws(Invalid) -> JSONValue {
        at += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if at < bytes.endIndex, bytes[at] == UInt8(ascii: "]") {
            at += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            guard at < bytes.endIndex else { throw Invalid(reason: "unexpected end") }
            if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
            if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(elements) }
            throw Invalid(reason: "expected ',' or ']'")
        }
    }

    private mutating func string() throws(Invalid) -> String {
        at += 1
        let start = at
        // Fast path: no escapes, valid UTF-8.
        while at < bytes.endIndex, bytes[at] != UInt8(ascii: "\""), bytes[at] != UInt8(ascii: "\\"), bytes[at] >= 0x20 { at += 1 }
        guard at < bytes.endIndex else { throw Invalid(reason: "unterminated string") }
        if bytes[at] == UInt8(ascii: "\"") {
            guard let text = String(validating: bytes[start..<at], as: UTF8.self) else { throw Invalid(reason: "invalid UTF-8") }
            at += 1
            return text
        }
        var out = Array(bytes[start..<at])
        while true {
            guard at < bytes.endIndex else { throw Invalid(reason: "unterminated string") }
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") { at += 1; break }
            if byte < 0x20 { throw Invalid(reason: "control character in a string") }
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                at += 1
                continue
            }
            at += 1
            guard at < bytes.endIndex else { throw Invalid(reason: "unterminated escape") }
            let escape = bytes[at]
            at += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard bytes.endIndex - at >= 6, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                        throw Invalid(reason: "lone surrogate")
                    }
                    at += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw Invalid(reason: "lone surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw Invalid(reason: "lone surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Invalid(reason: "invalid escape") }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: throw Invalid(reason: "invalid escape")
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw Invalid(reason: "invalid UTF-8") }
        return text
    }

    private mutating func hex4() throws(Invalid) -> UInt32 {
        guard bytes.endIndex - at >= 4 else { throw Invalid(reason: "short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[at]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Invalid(reason: "invalid \\u escape")
            }
            value = value << 4 | digit
            at += 1
        }
        return value
    }

    private mutating func number() throws(Invalid) -> Double {
        let start = at
        if at < bytes.endIndex, bytes[at] == UInt8(ascii: "-") { at += 1 }
        guard at < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) else {
            throw Invalid(reason: "invalid value (NaN and Infinity are not JSON)")
        }
        if bytes[at] == UInt8(ascii: "0") {
            at += 1
        } else {
            while at < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
        }
        if at < bytes.endIndex, bytes[at] == UInt8(ascii: ".") {
            at += 1
            let digits = at
            while at < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
            guard at > digits else { throw Invalid(reason: "invalid number") }
        }
        if at < bytes.endIndex, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            if at < bytes.endIndex, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            let digits = at
            while at < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
            guard at > digits else { throw Invalid(reason: "invalid number") }
        }
        guard let value = Double(String(decoding: bytes[start..<at], as: UTF8.self)), value.isFinite else {
            throw Invalid(reason: "number out of range")
        }
        return value
    }
}
