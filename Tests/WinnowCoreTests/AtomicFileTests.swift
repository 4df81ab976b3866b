import Foundation
import Testing
import WinnowCore

@Suite struct AtomicFileTests {
    @Test func writesANewFileAndLeavesNoTemporaryFileBehind() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("result.csv").path
        try AtomicFile.write("a,b\r\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\r\n")
        #expect(folder.contents() == ["result.csv"])
    }

    @Test func replacesExistingContentCompletely() throws {
        let folder = TemporaryFolder()
        let path = folder.write(String(repeating: "old content that is longer\n", count: 100), to: "result.txt")
        try AtomicFile.write("new", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(folder.contents() == ["result.txt"])
    }

    @Test func repeatedWritesLeaveOnlyTheLastContent() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("out.json").path
        for i in 0..<5 { try AtomicFile.write(Data("{\"n\": \(i)}".utf8), to: path) }
        #expect(FileManager.default.contents(atPath: path) == Data("{\"n\": 4}".utf8))
        #expect(folder.contents() == ["out.json"])
    }

    @Test func writesEmptyDataAsAnEmptyFile() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("empty").path
        try AtomicFile.write(Data(), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data())
        #expect(folder.contents() == ["empty"])
    }

    @Test func writesNonASCIITextAsUTF8() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("ünïcode.txt").path
        try AtomicFile.write("日本語 😀", to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("日本語 😀".utf8))
    }

    @Test func missingFolderIsCannotWriteAndCreatesNothing() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("no/such/folder/out.csv").path
        let error = #expect(throws: WinnowError.self) { try AtomicFile.write("x", to: path) }
        #expect(error?.kind == .cannotWrite)
        #expect(error?.file == path)
        #expect(error?.exitCode == ExitStatus.cannotWrite)
        #expect(folder.contents().isEmpty)
    }

    @Test func destinationThatIsADirectoryIsCannotWriteAndLeavesNoTemporaryFile() throws {
        let folder = TemporaryFolder()
        let target = folder.url.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try "keep".write(to: target.appendingPathComponent("inside.txt"), atomically: false, encoding: .utf8)
        let error = #expect(throws: WinnowError.self) { try AtomicFile.write("x", to: target.path) }
        #expect(error?.kind == .cannotWrite)
        #expect(folder.contents() == ["taken"])
    }
}
