import FuzzSupport
import WinnowText

/// Text (cell program) inventory files (`inventories/text.json`, `text-off.json`).
private let scratch = ScratchFile(name: "text.json")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTextInventory(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    scratch.write(data, count: size)
    _ = try? TextInventory.load(path: scratch.path)
    return 0
}

@main enum Main {
    static func main() { FuzzEntry.run() }
}
