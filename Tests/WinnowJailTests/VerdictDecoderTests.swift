import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

/// `VerdictDecoder` on hand-built reports: the wait status and the zygote's flags decide first, then
/// only one well-formed frame of strict JSON can be a table.
@Suite struct VerdictDecoderTests {
    /// Hand-built zygote reports and child bytes, for the decoder's unit tests.
    enum ReportBytes {
        static let flagTimeout: UInt32 = 1
        static let flagOutputCap: UInt32 = 2
        static let flagAuthentic: UInt32 = 4

        /// The 36-byte header the zygote writes: "WJR2", tag, wait status, flags, cpu_us, maxrss_kb,
        /// elapsed_us, events length, output length, all little-endian (the layout of `REPORT` in
        /// python3-zygote.py).
        static func header(
            tag: UInt32 = 7, status: Int32 = 0, flags: UInt32 = 0, cpuMicroseconds: UInt32 = 1_000,
            maxResidentKilobytes: UInt32 = 9_000, elapsedMicroseconds: UInt32 = 2_000, eventsLength: UInt32 = 0, length: UInt32
        ) -> [UInt8] {
            var bytes = Array("WJR2".utf8)
            for word in [tag, UInt32(bitPattern: status), flags, cpuMicroseconds, maxResidentKilobytes, elapsedMicroseconds,
                         eventsLength, length] {
                bytes += [UInt8(word & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word >> 16 & 0xFF), UInt8(word >> 24)]
            }
            return bytes
        }

        /// A parsed report whose `length` matches `bytes`.
        static func report(
            for bytes: [UInt8], status: Int32 = 0, flags: UInt32 = 0, cpuMicroseconds: UInt32 = 1_000,
            elapsedMicroseconds: UInt32 = 2_000
        ) throws -> JobReport {
            try #require(JobReport(header(
                status: status, flags: flags, cpuMicroseconds: cpuMicroseconds, elapsedMicroseconds: elapsedMicroseconds,
                length: UInt32(bytes.count))))
        }

        /// What an honest child writes: a u32 length, then the JSON text.
        static func frame(_ json: String) -> [UInt8] { frame(Array(json.utf8)) }

        static func frame(_ body: [UInt8]) -> [UInt8] {
            let n = UInt32(body.count)
            return [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24)] + body
        }

        /// Wait status of a child that exited with `code`.
        static func exited(_ code: Int32) -> Int32 { code << 8 }
        /// Wait status of a child killed by `signal`.
        static func killed(by signal: Int32, core: Bool = false) -> Int32 { signal | (core ? 0x80 : 0) }
    }

    static let limits = JailProfile.Limits(
        wallMilliseconds: 750, cpuSeconds: 2, addressSpaceBytes: 1 << 29, openFiles: 16, fileSizeBytes: 0,
        outputBytes: 4_096, inputBytes: 1 << 20)
    static let log = SeccompLog()

    /// Decodes a report; `authentic` says the zygote found the job's token before the bytes (the
    /// runner wrote them), as it does for every honest child.
    func decode(
        _ bytes: [UInt8], status: Int32 = 0, flags: UInt32 = 0, authentic: Bool = true, cpuMicroseconds: UInt32 = 1_000,
        elapsedMicroseconds: UInt32 = 2_000, memoryCgroup: Bool = true, tag: String = "wunit" + String(UUID().uuidString.prefix(10))
    ) throws -> Verdict {
        let decoder = VerdictDecoder(limits: Self.limits, memoryCgroup: memoryCgroup, seccompLog: Self.log)
        let report = try ReportBytes.report(
            for: bytes, status: status, flags: flags | (authentic ? ReportBytes.flagAuthentic : 0), cpuMicroseconds: cpuMicroseconds,
            elapsedMicroseconds: elapsedMicroseconds)
        return decoder.verdict(for: report, bytes: bytes, tag: tag)
    }

    func decode(json: String, status: Int32 = 0, flags: UInt32 = 0, authentic: Bool = true) throws -> Verdict {
        try decode(ReportBytes.frame(json), status: status, flags: flags, authentic: authentic)
    }

    func expectBadFrame(_ verdict: Verdict, mentioning words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .badFrame(let why) = verdict else {
            Issue.record("expected a bad frame, got \(verdict)", sourceLocation: sourceLocation)
            return
        }
        #expect(why.contains(words), "\(why)", sourceLocation: sourceLocation)
    }

    func expectWrongShape(_ verdict: Verdict, mentioning words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .wrongShape(let why) = verdict else {
            Issue.record("expected a wrong shape, got \(verdict)", sourceLocation: sourceLocation)
            return
        }
        #expect(why.contains(words), "\(why)", sourceLocation: sourceLocation)
    }

    // MARK: The report header

    @Test func headerFieldsAreReadLittleEndian() throws {
        let bytes = ReportBytes.header(
            tag: 0x0102_0304, status: ReportBytes.exited(5), flags: 7, cpuMicroseconds: 0xA0B0_C0D0,
            maxResidentKilobytes: 77, elapsedMicroseconds: 4_000_001, eventsLength: 12, length: 0x0001_0203)
        #expect(bytes.count == JobReport.size)
        let report = try #require(JobReport(bytes))
        #expect(report.tag == 0x0102_0304)
        #expect(report.exited)
        #expect(report.exitCode == 5)
        #expect(report.signal == nil)
        #expect(report.timedOut)
        #expect(report.hitOutputCap)
        #expect(report.cpuMicroseconds == 0xA0B0_C0D0)
        #expect(report.maxResidentKilobytes == 77)
        #expect(report.authentic)
        #expect(report.elapsedMilliseconds == 4_001)
        #expect(report.eventsLength == 12)
        #expect(report.length == 0x0001_0203)

        let signalled = try #require(JobReport(ReportBytes.header(status: ReportBytes.killed(by: SIGSEGV, core: true), length: 0)))
        #expect(!signalled.exited)
        #expect(signalled.signal == SIGSEGV)
        #expect(!signalled.timedOut && !signalled.hitOutputCap)
    }

    @Test func aHeaderThatIsNotAReportIsRefused() {
        var wrongMagic = ReportBytes.header(length: 0)
        wrongMagic[3] = UInt8(ascii: "1")
        #expect(JobReport(wrongMagic) == nil)
        #expect(JobReport(Array(ReportBytes.header(length: 0).dropLast())) == nil)
        #expect(JobReport(ReportBytes.header(length: 0) + [0]) == nil)
        #expect(JobReport([]) == nil)
    }

    // MARK: Tables

    @Test func okTable() throws {
        #expect(try decode(json: #"{"ok": [["a", "b"], ["c", "d"]]}"#) == .ok([["a", "b"], ["c", "d"]]))
        #expect(try decode(json: #"{"ok": []}"#) == .ok(Table([])))
        #expect(try decode(json: #"{"ok": [[]]}"#) == .ok(Table([[]])))
    }

    @Test func okTableKeepsEscapedAndNonASCIIText() throws {
        let json = #"{"ok": [["caf\u00e9", "\ud83d\ude00", "tab\there", "q\"uote\\", "日本"]]}"#
        #expect(try decode(json: json) == .ok([["café", "😀", "tab\there", "q\"uote\\", "日本"]]))
        // Byte equality: the precomposed é is not the decomposed one.
        #expect(try decode(json: #"{"ok": [["e\u0301"]]}"#) != .ok([["é"]]))
        #expect(try decode(json: #"{"ok": [["e\u0301"]]}"#) == .ok([["e\u{301}"]]))
    }

    /// The zygote's json.dumps escapes non-ASCII today, but any strict JSON is a frame: raw UTF-8
    /// text must come through as it was written, a byte-order mark at the start of a cell included
    /// (Foundation's JSONSerialization on Linux drops that one).
    @Test func rawNonASCIITextSurvives() throws {
        #expect(try decode(json: #"{"ok": [["café", "日本", "😀", "a\#u{FEFF}b"]]}"#) == .ok([["café", "日本", "😀", "a\u{FEFF}b"]]))
        #expect(try decode(json: #"{"ok": [["\ufeffescaped"]]}"#) == .ok([["\u{FEFF}escaped"]]))
        #expect(try decode(json: "{\"ok\": [[\"\u{FEFF}bom\"]]}") == .ok([["\u{FEFF}bom"]]))
    }

    @Test func raggedTableIsStillOk() throws {
        #expect(try decode(json: #"{"ok": [["a"], [], ["b", "c", "d"]]}"#) == .ok([["a"], [], ["b", "c", "d"]]))
    }

    @Test func wrongShapes() throws {
        expectWrongShape(try decode(json: #"{"ok": {"a": "b"}}"#), mentioning: "not a list of rows")
        expectWrongShape(try decode(json: #"{"ok": "text"}"#), mentioning: "not a list of rows")
        expectWrongShape(try decode(json: #"{"ok": null}"#), mentioning: "not a list of rows")
        expectWrongShape(try decode(json: #"{"ok": [1, 2]}"#), mentioning: "row 0")
        expectWrongShape(try decode(json: #"{"ok": [["a"], "b"]}"#), mentioning: "row 1")
        expectWrongShape(try decode(json: #"{"ok": [["a", ["b"]]]}"#), mentioning: "row 0 cell 1")
        expectWrongShape(try decode(json: #"{"ok": [["a"], ["b", 1]]}"#), mentioning: "row 1 cell 1")
        expectWrongShape(try decode(json: #"{"ok": [["a", null]]}"#), mentioning: "row 0 cell 1")
        expectWrongShape(try decode(json: #"{"ok": [["a", true]]}"#), mentioning: "row 0 cell 1")
        expectWrongShape(try decode(json: #"{"ok": [[{"a": "b"}]]}"#), mentioning: "row 0 cell 0")
    }

    @Test func unserializableResultIsAWrongShape() throws {
        expectWrongShape(try decode(json: #"{"unserializable": "TypeError: Object of type set is not JSON serializable"}"#),
                         mentioning: "Object of type set")
        #expect(try decode(json: #"{"unserializable": 5}"#).kind == "bad-frame")
    }

    // MARK: Errors the program raised

    @Test func errorFrameIsARuntimeError() throws {
        let json = #"{"error": {"type": "ValueError", "message": "bad \"value\"\nsecond line", "line": 12}}"#
        #expect(try decode(json: json) == .runtimeError(type: "ValueError", message: "bad \"value\"\nsecond line", line: 12))
        let noLine = #"{"error": {"type": "KeyError", "message": "'x'", "line": null}}"#
        #expect(try decode(json: noLine) == .runtimeError(type: "KeyError", message: "'x'", line: nil))
    }

    @Test func errorFrameWithoutTypeOrMessageIsABadFrame() throws {
        expectBadFrame(try decode(json: #"{"error": {"message": "m"}}"#), mentioning: "type and message")
        expectBadFrame(try decode(json: #"{"error": {"type": "E"}}"#), mentioning: "type and message")
        expectBadFrame(try decode(json: #"{"error": {"type": 1, "message": "m"}}"#), mentioning: "type and message")
        expectBadFrame(try decode(json: #"{"error": "boom"}"#), mentioning: "type and message")
    }

    @Test func theRunnersMemoryFrameIsTheMemoryLimit() throws {
        #expect(try decode(json: #"{"memory": true}"#) == .memoryLimit)
        expectBadFrame(try decode(json: #"{"memory": false}"#), mentioning: "not true")
    }

    /// The runner sends `memory` only for the real MemoryError class; an error that is merely
    /// named MemoryError is the program's own exception.
    @Test func anErrorNamedMemoryErrorIsARuntimeErrorNotTheMemoryLimit() throws {
        #expect(try decode(json: #"{"error": {"type": "MemoryError", "message": "out of memory", "line": 3}}"#)
            == .runtimeError(type: "MemoryError", message: "out of memory", line: 3))
    }

    /// A frame the program wrote itself (the zygote did not find the job's token before it) is
    /// never the runner's verdict, whatever it claims.
    @Test func aFrameThatDidNotComeFromTheRunnerIsABadFrame() throws {
        for json in [#"{"ok": [["a"]]}"#, #"{"memory": true}"#, #"{"error": {"type": "E", "message": "m", "line": 1}}"#] {
            expectBadFrame(try decode(json: json, authentic: false), mentioning: "written by the program")
        }
    }

    // MARK: Malformed frames

    @Test func emptyBytesAreABadFrame() throws {
        expectBadFrame(try decode([]), mentioning: "no result")
    }

    @Test func partialLengthPrefix() throws {
        expectBadFrame(try decode([5, 0]), mentioning: "partial length prefix (2 bytes)")
        expectBadFrame(try decode([5, 0, 0]), mentioning: "partial length prefix (3 bytes)")
    }

    @Test func partialFrame() throws {
        let whole = ReportBytes.frame(#"{"ok": [["a"]]}"#)
        expectBadFrame(try decode(Array(whole.dropLast(3))), mentioning: "partial frame: \(whole.count - 7) of \(whole.count - 4) bytes")
        expectBadFrame(try decode(Array(whole.prefix(4))), mentioning: "partial frame: 0 of")
        // A length prefix far beyond what came is still just a partial frame.
        expectBadFrame(try decode([0xFF, 0xFF, 0xFF, 0xFF] + Array("{}".utf8)), mentioning: "partial frame: 2 of 4294967295 bytes")
    }

    @Test func trailingBytes() throws {
        expectBadFrame(try decode(ReportBytes.frame(#"{"ok": [["a"]]}"#) + Array("xyz".utf8)), mentioning: "3 bytes after the frame")
        // A second, well-formed frame is trailing bytes too: one job, one frame.
        let two = ReportBytes.frame(#"{"ok": [["a"]]}"#) + ReportBytes.frame(#"{"ok": [["b"]]}"#)
        expectBadFrame(try decode(two), mentioning: "after the frame")
    }

    @Test func nonStandardNumbersAreNotStrictJSON() throws {
        // What Python's json.dumps writes for float('nan') and float('inf') without allow_nan=False.
        expectBadFrame(try decode(json: #"{"ok": [["a"]], "x": NaN}"#), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: #"{"ok": [["a"]], "x": nan}"#), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: #"{"ok": NaN}"#), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: #"{"ok": [[Infinity]]}"#), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: #"{"ok": [[-Infinity]]}"#), mentioning: "not strict JSON")
    }

    @Test func syntaxErrorsAreNotStrictJSON() throws {
        expectBadFrame(try decode(json: #"{"ok": [["a"]]"#), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: #"{'ok': [['a']]}"#), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: ""), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: #"{"ok": [["a"],]}"#), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: #"{"ok": [["a"]]} {}"#), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: #"{"ok": [["\x41"]]}"#), mentioning: "not strict JSON")
    }

    @Test func invalidUTF8IsNotStrictJSON() throws {
        let body = Array(#"{"ok": [[""#.utf8) + [0xFF, 0xFE] + Array(#""]]}"#.utf8)
        expectBadFrame(try decode(ReportBytes.frame(body)), mentioning: "not strict JSON")
        // An overlong encoding of "/" and a truncated multi-byte sequence.
        let overlong = Array(#"{"ok": [[""#.utf8) + [0xC0, 0xAF] + Array(#""]]}"#.utf8)
        expectBadFrame(try decode(ReportBytes.frame(overlong)), mentioning: "not strict JSON")
        let truncated = Array(#"{"ok": [[""#.utf8) + [0xE6, 0x97] + Array(#""]]}"#.utf8)
        expectBadFrame(try decode(ReportBytes.frame(truncated)), mentioning: "not strict JSON")
    }

    /// Python's json.dumps spells a lone surrogate as `\ud800`; that is not text, so it must not
    /// come back as a table (in particular not as a table holding U+FFFD instead).
    @Test func loneSurrogateIsNotATable() throws {
        expectBadFrame(try decode(json: #"{"ok": [["a\ud800b"]]}"#), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: #"{"ok": [["\udc00"]]}"#), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: #"{"ok": [["\ud800\u0041"]]}"#), mentioning: "not strict JSON")
        // A proper pair is one scalar.
        #expect(try decode(json: #"{"ok": [["\ud83d\ude00"]]}"#) == .ok([["😀"]]))
    }

    @Test func rawControlCharacterInAStringIsNotStrictJSON() throws {
        expectBadFrame(try decode(json: "{\"ok\": [[\"a\u{1}b\"]]}"), mentioning: "not strict JSON")
        expectBadFrame(try decode(json: "{\"ok\": [[\"line\nbreak\"]]}"), mentioning: "not strict JSON")
        #expect(try decode(json: #"{"ok": [["a\u0001b", "line\nbreak"]]}"#) == .ok([["a\u{1}b", "line\nbreak"]]))
    }

    @Test func duplicateKeysAreABadFrame() throws {
        // Whichever copy a parser kept, the frame would say two things at once.
        expectBadFrame(try decode(json: #"{"ok": [["a"]], "ok": [["b"]]}"#), mentioning: "duplicate")
        expectBadFrame(try decode(json: #"{"error": {"type": "A", "type": "B", "message": "m"}}"#), mentioning: "duplicate")
    }

    @Test func deepNestingIsRefusedWithoutCrashing() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        expectBadFrame(try decode(json: #"{"ok": "# + deep + "}"), mentioning: "not strict JSON")
    }

    @Test func errorLineMustBeAnInteger() throws {
        #expect(try decode(json: #"{"error": {"type": "E", "message": "m", "line": 2.5}}"#) == .runtimeError(type: "E", message: "m", line: nil))
        #expect(try decode(json: #"{"error": {"type": "E", "message": "m", "line": "7"}}"#) == .runtimeError(type: "E", message: "m", line: nil))
        #expect(try decode(json: #"{"error": {"type": "E", "message": "m", "line": 7}}"#) == .runtimeError(type: "E", message: "m", line: 7))
    }

    @Test func twoKeysAreABadFrame() throws {
        expectBadFrame(try decode(json: #"{"ok": [["a"]], "error": {"type": "E", "message": "m"}}"#), mentioning: "one of")
        expectBadFrame(try decode(json: #"{"ok": [["a"]], "extra": 1}"#), mentioning: "one of")
    }

    @Test func noKeyOrNotAnObjectIsABadFrame() throws {
        expectBadFrame(try decode(json: "{}"), mentioning: "one of")
        expectBadFrame(try decode(json: #"[["a"]]"#), mentioning: "one of")
    }

    @Test func unknownKeyIsABadFrame() throws {
        expectBadFrame(try decode(json: #"{"result": [["a"]]}"#), mentioning: "unknown frame key \"result\"")
        expectBadFrame(try decode(json: #"{"OK": [["a"]]}"#), mentioning: "unknown frame key \"OK\"")
    }

    // MARK: The wait status and the zygote's flags decide first

    @Test func nonZeroExitAfterAValidFrameIsABadFrame() throws {
        let bytes = ReportBytes.frame(#"{"ok": [["a"]]}"#)
        expectBadFrame(try decode(bytes, status: ReportBytes.exited(1)), mentioning: "exited with status 1 after writing a result")
        expectBadFrame(try decode(bytes, status: ReportBytes.exited(3)), mentioning: "exited with status 3")
        // Without a frame, the status and the reason are both given.
        expectBadFrame(try decode([], status: ReportBytes.exited(1)), mentioning: "exited with status 1: no result")
    }

    @Test func theJailSetupSignalIsAJailFailureAndExit3IsTheProgramsOwn() throws {
        #expect(try decode([], status: ReportBytes.killed(by: VerdictDecoder.jailSetupSignal)).kind == "jail-failure")
        // A program may exit with any status; without a frame that is a bad frame, never the jail's failure.
        #expect(try decode([], status: ReportBytes.exited(3)).kind == "bad-frame")
        #expect(try decode(ReportBytes.frame(#"{"ok": []}"#), status: ReportBytes.exited(3)).kind == "bad-frame")
    }

    @Test func timeoutFlagWinsOverAValidFrame() throws {
        let bytes = ReportBytes.frame(#"{"ok": [["a"]]}"#)
        #expect(try decode(bytes, flags: ReportBytes.flagTimeout) == .timeout(milliseconds: 750))
        #expect(try decode(bytes, status: ReportBytes.killed(by: SIGKILL), flags: ReportBytes.flagTimeout) == .timeout(milliseconds: 750))
        // Both flags: the wall limit is what ended the job first.
        #expect(try decode(bytes, flags: ReportBytes.flagTimeout | ReportBytes.flagOutputCap) == .timeout(milliseconds: 750))
    }

    @Test func outputCapFlag() throws {
        let bytes = ReportBytes.frame(#"{"ok": [["a"]]}"#)
        #expect(try decode(bytes, status: ReportBytes.killed(by: SIGKILL), flags: ReportBytes.flagOutputCap) == .outputTooLarge(limitBytes: 4_096))
        #expect(try decode(Array(repeating: 0x41, count: 64), status: ReportBytes.killed(by: SIGKILL), flags: ReportBytes.flagOutputCap)
            == .outputTooLarge(limitBytes: 4_096))
    }

    @Test func sigsysIsASeccompKill() throws {
        // No kernel record exists for this made-up tag, so the syscall is unknown.
        #expect(try decode([], status: ReportBytes.killed(by: SIGSYS)) == .seccompKill(syscall: nil))
        // A signal decides even when the child wrote a valid frame before it was killed.
        #expect(try decode(ReportBytes.frame(#"{"ok": [["a"]]}"#), status: ReportBytes.killed(by: SIGSYS)) == .seccompKill(syscall: nil))
    }

    @Test func sigxcpuIsTheCPULimit() throws {
        #expect(try decode([], status: ReportBytes.killed(by: SIGXCPU)) == .cpuLimit(seconds: 2))
    }

    @Test func sigkillAtTheCPULimitIsTheCPULimit() throws {
        #expect(try decode([], status: ReportBytes.killed(by: SIGKILL), cpuMicroseconds: 2_000_000) == .cpuLimit(seconds: 2))
        #expect(try decode([], status: ReportBytes.killed(by: SIGKILL), cpuMicroseconds: 3_100_000, memoryCgroup: false) == .cpuLimit(seconds: 2))
    }

    @Test func sigkillBelowTheCPULimitWithAMemoryCgroupIsTheMemoryLimit() throws {
        #expect(try decode([], status: ReportBytes.killed(by: SIGKILL), cpuMicroseconds: 1_999_999, memoryCgroup: true) == .memoryLimit)
    }

    @Test func sigkillBelowTheCPULimitWithoutAMemoryCgroupIsACrash() throws {
        #expect(try decode([], status: ReportBytes.killed(by: SIGKILL), cpuMicroseconds: 1_999_999, memoryCgroup: false) == .crash(signal: 9))
    }

    @Test func otherSignalsAreCrashes() throws {
        #expect(try decode([], status: ReportBytes.killed(by: SIGSEGV)) == .crash(signal: 11))
        #expect(try decode([], status: ReportBytes.killed(by: SIGSEGV, core: true)) == .crash(signal: 11))
        #expect(try decode([], status: ReportBytes.killed(by: SIGABRT)) == .crash(signal: 6))
        #expect(try decode(ReportBytes.frame(#"{"ok": [["a"]]}"#), status: ReportBytes.killed(by: SIGBUS)) == .crash(signal: SIGBUS))
    }

    @Test func summariesNameTheOutcome() {
        #expect(Verdict.crash(signal: 11).summary == "crash: signal 11 (SIGSEGV)")
        #expect(Verdict.seccompKill(syscall: "socket").summary == "killed by seccomp: syscall socket")
        #expect(Verdict.runtimeError(type: "E", message: "m", line: 4).summary == "runtime error: E: m (line 4)")
        #expect(Verdict.ok([["a", "b"]]).kind == "ok")
        #expect(Verdict.memoryLimit.kind == "memory")
    }
}
