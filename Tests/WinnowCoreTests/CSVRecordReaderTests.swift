import Foundation
import Testing
import WinnowCore

/// Reads `text` record by record with a tiny chunk, so records, quotes and CRLFs straddle chunk ends.
private func streamed(_ bytes: [UInt8], chunk: Int) throws -> [[String]] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csv-stream-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("t.csv").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let reader = try CSVRecordReader(path: path, chunkSize: chunk)
    var rows: [[String]] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
}

private func error(of body: () throws -> Any) -> WinnowError? {
    do {
        _ = try body()
        return nil
    } catch let error as WinnowError {
        return error
    } catch {
        return nil
    }
}

@Suite struct CSVRecordReaderTests {
    static let inputs: [String] = [
        "a,b\r\nc,d\r\n",
        "a,b\nc,d",
        "\u{FEFF}name,\"quoted, with comma\"\r\n\"multi\r\nline\",\"say \"\"hi\"\"\"\r\n",
        "x\r\r\ny\n\n\"\"\n",
        "lone\rcr\r",
        "\"\",\"\"\"\",\"a\"\"b\"\"c\"\r\nlast,row,here",
        "ünïcödé,日本語\r\n€,\"€\r\n€\"",
    ]

    @Test(arguments: inputs)
    func recordsReadInChunksAreTheRowsTheWholeFileParsesTo(text: String) throws {
        let whole = try CSV.parse(Data(text.utf8), file: "t.csv").rows
        for chunk in [4, 5, 7, 64] {
            #expect(try streamed(Array(text.utf8), chunk: chunk) == whole, "chunk \(chunk)")
        }
    }

    @Test(arguments: ["a,\"open\r\nb,c\r\n", "a,b\r\nc,d\"e\r\n", "ok\r\n\"x\"y\r\n", ""])
    func brokenFilesFailWithTheLineTheWholeFileParserNames(text: String) {
        let whole = error { try CSV.parse(Data(text.utf8), file: "t.csv") }
        let chunked = error { try streamed(Array(text.utf8), chunk: 4) }
        #expect(whole != nil)
        #expect(chunked?.kind == whole?.kind)
        #expect(chunked?.message == whole?.message)
    }

    @Test func invalidUTF8IsReportedAtItsLineInALaterChunk() {
        let bytes = Array("a\r\nb\r\nc\r\n".utf8) + [0xFF, 0x41] + Array("\r\n".utf8)
        #expect(error { try streamed(bytes, chunk: 4) }?.message.hasPrefix("line 4: ") == true)
    }
}
