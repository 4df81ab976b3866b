import WinnowCore

/// The bytes of one request frame: `WJQ1`, the job's tag, the payload length, then JSON
/// `{"source", "entry", "input"}`, all little-endian.
///
/// Written by hand rather than through JSONSerialization because it is on every job's path and
/// only strings are involved: escaping is all there is to it.
enum JobRequest {
    static func encode(_ job: Job, tag: UInt32) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(job.source.utf8.count + job.input.rows.count * 64 + 64)
        payload += Array(#"{"source":"#.utf8)
        appendString(job.source, to: &payload)
        payload += Array(#","entry":"#.utf8)
        appendString(job.entry, to: &payload)
        payload += Array(#","input":["#.utf8)
        for (r, row) in job.input.rows.enumerated() {
            if r > 0 { payload.append(UInt8(ascii: ",")) }
            payload.append(UInt8(ascii: "["))
            for (c, cell) in row.enumerated() {
                if c > 0 { payload.append(UInt8(ascii: ",")) }
                appendString(cell, to: &payload)
            }
            payload.append(UInt8(ascii: "]"))
        }
        payload += Array("]}".utf8)
        var frame: [UInt8] = Array("WJQ1".utf8)
        frame.reserveCapacity(12 + payload.count)
        appendUInt32(tag, to: &frame)
        appendUInt32(UInt32(payload.count), to: &frame)
        frame += payload
        return frame
    }

    /// The encoded job's size (program plus input), checked against the profile's `input_bytes`.
    static func payloadSize(_ frame: [UInt8]) -> Int { frame.count - 12 }

    /// Encodes a job for any zygote, checking its size first, so that a job too large for the
    /// profile is refused before its frame is built: the tag is filled in by the zygote that takes
    /// it (`setTag`).
    static func encode(_ job: Job, limit: Int) throws(ExecutorError) -> [UInt8] {
        let size = payloadSize(of: job)
        if size > limit { throw .inputTooLarge(bytes: size, limit: limit) }
        return encode(job, tag: 0)
    }

    /// The encoded payload's exact size, counted without building it.
    static func payloadSize(of job: Job) -> Int {
        var size = #"{"source":,"entry":,"input":[]}"#.utf8.count + escapedSize(job.source) + escapedSize(job.entry)
        for (r, row) in job.input.rows.enumerated() {
            size += (r > 0 ? 1 : 0) + 2 + max(0, row.count - 1)
            for cell in row { size += escapedSize(cell) }
        }
        return size
    }

    private static func escapedSize(_ text: String) -> Int {
        var size = 2
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): size += 2
            case 0..<0x20, 0x7F: size += 6
            default: size += 1
            }
        }
        return size
    }

    static func setTag(_ tag: UInt32, in frame: inout [UInt8]) {
        for (i, shift) in stride(from: 0, to: 32, by: 8).enumerated() { frame[4 + i] = UInt8(truncatingIfNeeded: tag >> UInt32(shift)) }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0..<0x20, 0x7F:
                out += Array("\\u00".utf8)
                out += [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
