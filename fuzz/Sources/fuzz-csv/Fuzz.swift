import Foundation
import FuzzSupport
import WinnowCore

/// The CSV reader on any bytes, plus the promise `CSV.render` makes: whatever the reader accepts,
/// rendering it and reading the text back gives the same table (the apply path writes what it read).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let table = try? CSV.parse(Data(bytes: data, count: size), file: "fuzz.csv") else { return 0 }
    let rendered = CSV.render(table)
    let reread: Table
    do {
        reread = try CSV.parse(Data(rendered.utf8), file: "rendered.csv")
    } catch {
        fatalError("CSV.render wrote text the reader rejects: \(error.message)")
    }
    if reread != table { fatalError("CSV.render then CSV.parse changed the table") }
    return 0
}

@main enum Main {
    static func main() { FuzzEntry.run() }
}
