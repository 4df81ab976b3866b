import FuzzSupport
import WinnowCore

/// JSONL task splits (`tasks/tables/train.jsonl`, the generator's splits): a `.jsonl` name is read
/// line by line, with line-numbered errors, whatever the bytes.
private let scratch = ScratchFile(name: "split.jsonl")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTaskJSONL(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    scratch.write(data, count: size)
    _ = try? TaskFile.load(scratch.path, as: Table.self)
    return 0
}

@main enum Main {
    static func main() { FuzzEntry.run() }
}
