import FuzzSupport
import WinnowTables

/// Table inventory files (`inventories/tables.json`, `--inventory`): any bytes load or end in a
/// `WinnowError` naming the file.
private let scratch = ScratchFile(name: "tables.json")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTableInventory(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    scratch.write(data, count: size)
    _ = try? Inventory.load(path: scratch.path)
    return 0
}

@main enum Main {
    static func main() { FuzzEntry.run() }
}
