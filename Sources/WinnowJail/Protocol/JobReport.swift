/// The zygote's fixed 28-byte report header: what happened to the child, before its bytes.
struct JobReport {
    static let size = 28
    var tag: UInt32
    /// The child's raw wait status.
    var status: Int32
    var timedOut: Bool
    var hitOutputCap: Bool
    var cpuMicroseconds: UInt32
    var maxResidentKilobytes: UInt32
    var length: Int

    /// Nil when the header is not a report (the zygote is broken or not ours).
    init?(_ bytes: [UInt8]) {
        guard bytes.count == Self.size, bytes[0..<4].elementsEqual("WJR1".utf8) else { return nil }
        func word(_ at: Int) -> UInt32 { LittleEndian.uint32(bytes, at: at) }
        tag = word(4)
        status = Int32(bitPattern: word(8))
        let flags = word(12)
        timedOut = flags & 1 != 0
        hitOutputCap = flags & 2 != 0
        cpuMicroseconds = word(16)
        maxResidentKilobytes = word(20)
        length = Int(word(24))
    }

    var exited: Bool { status & 0x7F == 0 }
    var exitCode: Int32 { (status >> 8) & 0xFF }
    var signal: Int32? { exited || status & 0x7F == 0x7F ? nil : status & 0x7F }
}
