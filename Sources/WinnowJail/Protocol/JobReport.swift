/// The zygote's fixed 36-byte report header: what happened to the child, before its side-effect
/// records and its bytes. Every field is the zygote's own observation (the kernel's wait status,
/// rusage, the zygote's clock, its own checks), never something the child wrote.
struct JobReport {
    static let size = 36
    var tag: UInt32
    /// The child's raw wait status.
    var status: Int32
    var timedOut: Bool
    var hitOutputCap: Bool
    /// The child's bytes began with the job's token: the runner's code wrote them, not the program.
    var authentic: Bool
    var cpuMicroseconds: UInt32
    var maxResidentKilobytes: UInt32
    /// From fork to the child's exit (or its kill), on the zygote's monotonic clock.
    var elapsedMicroseconds: UInt32
    /// Bytes of side-effect records that follow the header.
    var eventsLength: Int
    /// Bytes of the child's output that follow the records.
    var length: Int

    /// Nil when the header is not a report (the zygote is broken or not ours).
    init?(_ bytes: [UInt8]) {
        guard bytes.count == Self.size, bytes[0..<4].elementsEqual("WJR2".utf8) else { return nil }
        func word(_ at: Int) -> UInt32 { LittleEndian.uint32(bytes, at: at) }
        tag = word(4)
        status = Int32(bitPattern: word(8))
        let flags = word(12)
        timedOut = flags & 1 != 0
        hitOutputCap = flags & 2 != 0
        authentic = flags & 4 != 0
        cpuMicroseconds = word(16)
        maxResidentKilobytes = word(20)
        elapsedMicroseconds = word(24)
        eventsLength = Int(word(28))
        length = Int(word(32))
    }

    var exited: Bool { status & 0x7F == 0 }
    var exitCode: Int32 { (status >> 8) & 0xFF }
    var signal: Int32? { exited || status & 0x7F == 0x7F ? nil : status & 0x7F }
    /// The elapsed time in whole milliseconds, rounded up (a job killed at the limit reads as the limit).
    var elapsedMilliseconds: Int { (Int(elapsedMicroseconds) + 999) / 1000 }
}
