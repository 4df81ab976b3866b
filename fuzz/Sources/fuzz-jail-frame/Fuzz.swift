import Foundation
import FuzzSupport
@testable import WinnowJail

/// What the host reads back from the zygote for one job, decoded as `Zygote.run` decodes it: the
/// 36-byte `WJR2` report header, the side-effect records, then the child's bytes (a `u32` length and
/// strict JSON). The input is the header followed by the rest; the records take `eventsLength` bytes
/// of the rest (or all of it), the child's bytes are what remains.
///
/// A report saying SIGSYS is skipped: its verdict asks the kernel's audit log which syscall was
/// refused (waiting up to 200 ms for a record), which is neither the decoder nor fast.
private let decoder = VerdictDecoder(
    limits: JailProfile.Limits(
        wallMilliseconds: 2_000, cpuSeconds: 2, addressSpaceBytes: 1 << 30, openFiles: 32, fileSizeBytes: 1 << 20,
        outputBytes: 1 << 20, inputBytes: 1 << 20),
    memoryCgroup: true, seccompLog: SeccompLog())

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJailFrame(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard bytes.count >= JobReport.size, let report = JobReport(Array(bytes[..<JobReport.size])),
          report.eventsLength <= Zygote.maxEventBytes, report.signal != SIGSYS
    else { return 0 }
    let rest = bytes[JobReport.size...]
    let split = rest.startIndex + min(report.eventsLength, rest.count)
    _ = SideEffectLog.parse(rest[..<split])
    _ = decoder.verdict(for: report, bytes: Array(rest[split...]), tag: "wj-fuzz")
    return 0
}

@main enum Main {
    static func main() { FuzzEntry.run() }
}
