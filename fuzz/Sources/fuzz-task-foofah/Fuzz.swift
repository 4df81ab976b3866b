import FuzzSupport
import WinnowCore

/// Foofah benchmark files (`../shared/foofah/*.txt`): JSON in a `.txt` file, detected by content,
/// read as `InputTable`/`OutputTable`/`TestingTable`/`TestAnswer`; a multi-line file that is not one
/// document falls back to JSONL, so both paths are reached from the same name.
private let scratch = ScratchFile(name: "exp0_fuzz_1.txt")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTaskFoofah(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    scratch.write(data, count: size)
    _ = try? TaskFile.load(scratch.path, as: Table.self)
    return 0
}

@main enum Main {
    static func main() { FuzzEntry.run() }
}
