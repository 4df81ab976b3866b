import FuzzSupport
import WinnowCore

/// Native JSON task files (`winnow solve task.json`, `bench` on a folder of them): any bytes load as
/// tasks or end in a `WinnowError`, never a trap, a hang or unbounded memory.
private let scratch = ScratchFile(name: "task.json")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTaskJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    scratch.write(data, count: size)
    _ = try? TaskFile.load(scratch.path, as: Table.self)
    return 0
}

@main enum Main {
    static func main() { FuzzEntry.run() }
}
