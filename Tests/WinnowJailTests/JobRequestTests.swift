import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

/// `JobRequest`: the request frame the host sends a zygote, a 12-byte header then JSON written by hand.
/// (Named "Frame…" so that the jail suites' filter, `(Profile|Verdict|Pool|Differential|Frame|Seccomp)`, runs it.)
@Suite struct FrameRequestTests {
    /// Text that JSON must escape, and text it must carry through untouched.
    static let awkward: [String] = [
        "", "plain", "say \"hi\"", #"back\slash \\ double"#, "line 1\nline 2\r\nline 3", "tab\there",
        "nul \u{0} bell \u{7} escape \u{1B} unit \u{1F} del \u{7F}", "\u{8}\u{C}\u{B}",
        "café, naïve, Ωmega, 日本語", "emoji 😀 👩‍👩‍👧 🇫🇷", "e\u{301} (decomposed)", "\u{2028}\u{2029} separators",
        "\u{FEFF}bom", "</script>", "\\u0041 is not A", "{\"json\": [1, 2]}", "\u{10FFFF}",
    ]

    /// The payload as the zygote reads it. Decoded with JSONDecoder: JSONSerialization on Linux
    /// drops a raw U+FEFF at the start of a string, which would make it a wrong oracle here.
    struct Payload: Decodable {
        var source: String
        var entry: String
        var input: [[String]]
    }

    /// Splits a frame into its header fields, its keys and its decoded payload.
    func parse(_ frame: [UInt8]) throws -> (magic: String, tag: UInt32, length: Int, keys: Set<String>, payload: Payload) {
        try #require(frame.count >= 12)
        func word(_ at: Int) -> UInt32 {
            UInt32(frame[at]) | UInt32(frame[at + 1]) << 8 | UInt32(frame[at + 2]) << 16 | UInt32(frame[at + 3]) << 24
        }
        let magic = String(decoding: frame[0..<4], as: UTF8.self)
        let payloadBytes = Data(frame[12...])
        let object = try #require(try JSONSerialization.jsonObject(with: payloadBytes) as? [String: Any])
        let payload = try JSONDecoder().decode(Payload.self, from: payloadBytes)
        return (magic, word(4), Int(word(8)), Set(object.keys), payload)
    }

    @Test func headerHasMagicTagAndLength() throws {
        let job = Job(source: "def transform(t):\n    return t\n", input: [["a", "b"]])
        let frame = JobRequest.encode(job, tag: 0xDEAD_BEEF)
        let parsed = try parse(frame)
        #expect(parsed.magic == "WJQ1")
        #expect(Array(frame[4..<8]) == [0xEF, 0xBE, 0xAD, 0xDE])
        #expect(parsed.tag == 0xDEAD_BEEF)
        #expect(parsed.length == frame.count - 12)
        #expect(JobRequest.payloadSize(frame) == parsed.length)
        #expect(parsed.keys == ["source", "entry", "input"])
        #expect(parsed.payload.entry == "transform")

        let zero = try parse(JobRequest.encode(job, tag: 0))
        #expect(zero.tag == 0)
        #expect(zero.length == parsed.length)
    }

    @Test func lengthCountsBytesNotCharacters() throws {
        let job = Job(source: "😀", entry: "é", input: [["日本"]])
        let frame = JobRequest.encode(job, tag: 1)
        let parsed = try parse(frame)
        #expect(parsed.length == frame.count - 12)
        let expected = #"{"source":"😀","entry":"é","input":[["日本"]]}"#.utf8.count
        #expect(parsed.length == expected)
    }

    @Test(arguments: FrameRequestTests.awkward)
    func sourceRoundTrips(_ text: String) throws {
        let job = Job(source: "# \(text)\ndef transform(t):\n    return \(text.debugDescription)\n", entry: "entry_\(text.count)", input: [[text]])
        let parsed = try parse(JobRequest.encode(job, tag: 42))
        let source = parsed.payload.source
        #expect(Table([[source]]) == Table([[job.source]]), "source changed: \(source.debugDescription)")
        #expect(parsed.payload.entry == job.entry)
        #expect(Table(parsed.payload.input) == job.input)
    }

    @Test func cellsRoundTripInEveryPosition() throws {
        let rows: [[String]] = [Self.awkward, Array(Self.awkward.reversed()), [], ["only"], Self.awkward.map { $0 + $0 }]
        let job = Job(source: Self.awkward.joined(separator: "\n"), input: Table(rows))
        let parsed = try parse(JobRequest.encode(job, tag: 3))
        #expect(Table(parsed.payload.input) == job.input)
        #expect(Table([[parsed.payload.source]]) == Table([[job.source]]))
    }

    @Test func everyControlCharacterIsEscaped() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init) + [Unicode.Scalar(0x7F)]))
        let frame = JobRequest.encode(Job(source: controls, input: [[controls]]), tag: 9)
        // No raw control byte may appear in the JSON text: strict parsers (Python's included) refuse it.
        #expect(!frame[12...].contains { $0 < 0x20 || $0 == 0x7F })
        let parsed = try parse(frame)
        #expect(Table([[parsed.payload.source]]) == Table([[controls]]))
        #expect(Table(parsed.payload.input) == Table([[controls]]))
    }

    @Test func emptyInputIsAnEmptyList() throws {
        let parsed = try parse(JobRequest.encode(Job(source: "", input: Table([])), tag: 0))
        #expect(parsed.payload.input.isEmpty)
        #expect(parsed.payload.source == "")
    }

    @Test func bigInputKeepsItsLength() throws {
        let row = (0..<50).map { "cell \($0) \"quoted\" \\ é" }
        let table = Table(Array(repeating: row, count: 400))
        let frame = JobRequest.encode(Job(source: "x", input: table), tag: 77)
        let parsed = try parse(frame)
        #expect(parsed.length == frame.count - 12)
        #expect(parsed.length > 400 * 50 * 10)
        #expect(Table(parsed.payload.input) == table)
    }
}
