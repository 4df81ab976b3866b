import Foundation
import Testing
import WinnowCore

/// Parses text as CSV, failing the test on an error.
private func rows(_ text: String) throws -> [[String]] {
    try CSV.parse(Data(text.utf8), file: "test.csv").rows
}

/// The error parsing these bytes throws, or nil when they parse.
private func parseError(_ bytes: [UInt8], file: String = "bad.csv") -> WinnowError? {
    do {
        _ = try CSV.parse(Data(bytes), file: file)
        return nil
    } catch {
        return error
    }
}

private func parseError(_ text: String) -> WinnowError? {
    parseError(Array(text.utf8))
}

@Suite struct CSVParseTests {
    @Test func simpleRowsWithCRLFLineEnds() throws {
        #expect(try rows("a,b,c\r\nd,e,f\r\n") == [["a", "b", "c"], ["d", "e", "f"]])
    }

    @Test func lfLineEndsReadLikeCRLF() throws {
        #expect(try rows("a,b\nc,d\n") == [["a", "b"], ["c", "d"]])
    }

    @Test func mixedLineEndsInOneFile() throws {
        #expect(try rows("a\r\nb\nc\r\n") == [["a"], ["b"], ["c"]])
    }

    @Test func loneCRIsReadAsALineEnd() throws {
        #expect(try rows("a,b\rc,d") == [["a", "b"], ["c", "d"]])
    }

    @Test func finalLineEndIsOptional() throws {
        #expect(try rows("a,b\r\nc,d") == [["a", "b"], ["c", "d"]])
        #expect(try rows("a,b\nc,d") == [["a", "b"], ["c", "d"]])
        #expect(try rows("only") == [["only"]])
    }

    @Test func quotedFieldKeepsCommas() throws {
        #expect(try rows("\"a,b\",c\r\n") == [["a,b", "c"]])
    }

    @Test func doubledQuotesInsideAQuotedFieldBecomeOneQuote() throws {
        #expect(try rows("\"say \"\"hi\"\"\",x\r\n") == [["say \"hi\"", "x"]])
        #expect(try rows("\"\"\"\"") == [["\""]])
        #expect(try rows("\"a\"\"\"\"b\"") == [["a\"\"b"]])
    }

    @Test func quotedFieldKeepsEmbeddedLineBreaksExactly() throws {
        #expect(try rows("\"line1\r\nline2\",b\r\nc,d\r\n") == [["line1\r\nline2", "b"], ["c", "d"]])
        #expect(try rows("\"x\ny\"\n") == [["x\ny"]])
        #expect(try rows("\"lone\rcr\"") == [["lone\rcr"]])
    }

    @Test func emptyFieldsAreKept() throws {
        #expect(try rows(",,\r\n") == [["", "", ""]])
        #expect(try rows("a,,c\r\n,b,\r\n") == [["a", "", "c"], ["", "b", ""]])
        #expect(try rows("a,\n") == [["a", ""]])
        #expect(try rows("a,") == [["a", ""]])
    }

    @Test func quotedEmptyFieldIsAnEmptyCell() throws {
        #expect(try rows("\"\",x\r\n") == [["", "x"]])
        #expect(try rows("\"\"") == [[""]])
    }

    @Test func blankLineIsARowWithOneEmptyCell() throws {
        #expect(try rows("a\r\n\r\nb\r\n") == [["a"], [""], ["b"]])
        #expect(try rows("\n") == [[""]])
        #expect(try rows("a,b\n\n") == [["a", "b"], [""]])
    }

    @Test func utf8ByteOrderMarkIsDropped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n".utf8)
        #expect(try CSV.parse(Data(bytes), file: "bom.csv").rows == [["a", "b"]])
    }

    @Test func byteOrderMarkBeforeAQuotedFieldIsDropped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("\"a,b\",c".utf8)
        #expect(try CSV.parse(Data(bytes), file: "bom.csv").rows == [["a,b", "c"]])
    }

    @Test func byteOrderMarkElsewhereIsKeptAsText() throws {
        #expect(try rows("a,\u{FEFF}b") == [["a", "\u{FEFF}b"]])
    }

    @Test func raggedRowsKeepTheirWidth() throws {
        let table = try CSV.parse(Data("a\nb,c,d\ne,f\n".utf8), file: "ragged.csv")
        #expect(table.rows == [["a"], ["b", "c", "d"], ["e", "f"]])
        #expect(table.columnCount == 3)
        #expect(!table.isRectangular)
    }

    @Test func spacesAroundFieldsArePartOfTheCell() throws {
        #expect(try rows(" a , b \r\n") == [[" a ", " b "]])
    }

    @Test func nonASCIIUTF8IsReadAsText() throws {
        let text = "naïve,日本語,😀,👩‍👩‍👧,e\u{301}\r\n\"Zürich, CH\",Ελλάδα,\u{0627}\u{0644}\r\n"
        #expect(try rows(text) == [
            ["naïve", "日本語", "😀", "👩‍👩‍👧", "e\u{301}"],
            ["Zürich, CH", "Ελλάδα", "\u{0627}\u{0644}"],
        ])
    }

    @Test func nulAndTabBytesAreOrdinaryText() throws {
        #expect(try rows("a\tb,\u{0}\r\n") == [["a\tb", "\u{0}"]])
    }

    @Test func fixtureWithBOMQuotesAndCRLFParses() throws {
        let table = try CSV.read(path: Fixture.path("sample.csv"))
        #expect(table.rows == [
            ["name", "city", "note"],
            ["Ann", "Paris, FR", "said \"bonjour\""],
            ["Bob", "Zürich", "two\r\nlines"],
        ])
    }
}

@Suite struct CSVErrorTests {
    @Test func emptyInputIsRejectedOnLineOne() throws {
        let error = try #require(parseError(""))
        #expect(error.kind == .badInput)
        #expect(error.file == "bad.csv")
        #expect(error.message.hasPrefix("line 1: "))
        #expect(error.message.contains("empty"))
    }

    @Test func inputOfOnlyAByteOrderMarkIsEmpty() throws {
        let error = try #require(parseError([0xEF, 0xBB, 0xBF]))
        #expect(error.kind == .badInput)
        #expect(error.message.hasPrefix("line 1: "))
        #expect(error.message.contains("empty"))
    }

    @Test func unterminatedQuoteNamesTheLineWhereTheFieldStarts() throws {
        let error = try #require(parseError("a,b\n\"open,c\nd\ne\n"))
        #expect(error.kind == .badInput)
        #expect(error.message.hasPrefix("line 2: "))
        #expect(error.message.contains("unterminated"))
    }

    @Test func unterminatedQuoteAtTheVeryEnd() throws {
        let error = try #require(parseError("a,\""))
        #expect(error.message.hasPrefix("line 1: "))
        #expect(error.message.contains("unterminated"))
    }

    @Test func quoteInsideAnUnquotedFieldNamesItsLine() throws {
        let error = try #require(parseError("a,b\r\nc,d\"e\r\n"))
        #expect(error.kind == .badInput)
        #expect(error.message.hasPrefix("line 2: "))
        #expect(error.message.contains("quote inside an unquoted field"))
    }

    @Test func lineNumbersCountLineBreaksInsideQuotedFields() throws {
        // The quoted field spans lines 1–2, so the stray quote is on physical line 4.
        let error = try #require(parseError("\"x\r\ny\",z\r\nok\r\nbad\"q\r\n"))
        #expect(error.message.hasPrefix("line 4: "))
    }

    @Test func lineNumbersCountLoneCRLineEnds() throws {
        let error = try #require(parseError("a\rb\rc\"d"))
        #expect(error.message.hasPrefix("line 3: "))
    }

    @Test func textAfterAClosingQuoteIsRejected() throws {
        let error = try #require(parseError("ok\n\"a\"b,c\n"))
        #expect(error.kind == .badInput)
        #expect(error.message.hasPrefix("line 2: "))
        #expect(error.message.contains("closing quote"))
    }

    @Test func invalidUTF8InAnUnquotedFieldNamesItsLine() throws {
        let error = try #require(parseError(Array("a,b\nc,".utf8) + [0xFF] + Array("\n".utf8), file: "latin1.csv"))
        #expect(error.kind == .badInput)
        #expect(error.file == "latin1.csv")
        #expect(error.message.hasPrefix("line 2: "))
        #expect(error.message.contains("UTF-8"))
    }

    @Test func invalidUTF8OnALaterLineOfAQuotedFieldNamesThatLine() throws {
        let bytes = Array("h\n\"x\ny".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        let error = try #require(parseError(bytes))
        #expect(error.message.hasPrefix("line 3: "))
        #expect(error.message.contains("UTF-8"))
    }

    @Test func invalidUTF8InsideAFieldWithDoubledQuotes() throws {
        let bytes = Array("\"a\"\"".utf8) + [0xE9] + Array("\"".utf8)
        let error = try #require(parseError(bytes))
        #expect(error.message.hasPrefix("line 1: "))
        #expect(error.message.contains("UTF-8"))
    }

    @Test func truncatedMultibyteSequenceAtTheEndIsRejected() throws {
        let bytes = Array("a\nb,".utf8) + [0xE6, 0x97]
        let error = try #require(parseError(bytes))
        #expect(error.message.hasPrefix("line 2: "))
    }

    @Test func errorDescriptionStartsWithTheFileName() throws {
        let error = try #require(parseError(Array("x\"".utf8), file: "data/input.csv"))
        #expect(error.description == "data/input.csv: \(error.message)")
        #expect(error.exitCode == ExitStatus.badInput)
    }
}

@Suite struct CSVRenderTests {
    @Test func plainFieldsAreNotQuotedAndRowsEndWithCRLF() {
        #expect(CSV.render([["a", "b"], ["c", "d"]]) == "a,b\r\nc,d\r\n")
    }

    @Test func fieldsWithCommaQuoteCROrLFAreQuotedWithQuotesDoubled() {
        let table: Table = [["a,b", "say \"hi\"", "x\ny", "p\rq", "r\r\ns"]]
        #expect(CSV.render(table) == "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"p\rq\",\"r\r\ns\"\r\n")
    }

    @Test func leadingAndTrailingSpacesDoNotCauseQuoting() {
        #expect(CSV.render([[" a", "b ", " "]]) == " a,b , \r\n")
    }

    @Test func emptyCellsStayEmpty() {
        #expect(CSV.render([["", "x", ""]]) == ",x,\r\n")
    }

    @Test func rowWhoseOnlyCellIsEmptyIsWrittenAsTwoQuotes() {
        #expect(CSV.render([["a"], [""], ["b"]]) == "a\r\n\"\"\r\nb\r\n")
    }

    @Test func nonASCIIIsWrittenAsUTF8WithoutQuoting() {
        #expect(CSV.render([["日本", "😀"]]) == "日本,😀\r\n")
    }

    @Test func raggedRowsAreWrittenAtTheirOwnWidth() {
        #expect(CSV.render([["a"], ["b", "c", "d"]]) == "a\r\nb,c,d\r\n")
    }

    @Test func firstCellStartingWithUFEFFIsQuotedSoItIsNotReadAsAByteOrderMark() {
        #expect(CSV.render([["\u{FEFF}x", "y"], ["\u{FEFF}z"]]) == "\"\u{FEFF}x\",y\r\n\u{FEFF}z\r\n")
    }

    @Test func tableWithoutRowsRendersAsEmptyText() {
        #expect(CSV.render(Table([])) == "")
    }
}

@Suite struct CSVRoundTripTests {
    private func roundTrip(_ table: Table) throws -> Table {
        try CSV.parse(Data(CSV.render(table).utf8), file: "round-trip.csv")
    }

    @Test(arguments: [
        [["a,b", "c"], ["d", "e,f,g"]],
        [["say \"hi\"", "\""], ["\"\"", "x\"y"]],
        [["line1\r\nline2", "b"], ["c\nd", "e\rf"]],
        [["", "", ""], ["", "x", ""]],
        [["a"], [""], ["b", ""]],
        [["a"], ["b", "c", "d"], ["e", "f"]],
        [["naïve", "日本語", "😀"], ["👩‍👩‍👧", "e\u{301}", "Zürich, CH"]],
        [[" padded ", "  "], ["\t", "tab\tinside"]],
        [["\u{FEFF}starts with a BOM", "x"]],
    ] as [[[String]]])
    func renderedTablesParseBackUnchanged(_ rows: [[String]]) throws {
        let table = Table(rows)
        #expect(try roundTrip(table) == table)
    }

    @Test func randomTablesRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet: [String] = ["a", "Z", "0", " ", ",", "\"", "\r", "\n", "\r\n", "é", "日", "😀", "\u{301}", "\t", ";"]
        for _ in 0..<300 {
            let rowCount = Int.random(in: 1...6, using: &generator)
            var rows: [[String]] = []
            for _ in 0..<rowCount {
                let width = Int.random(in: 1...5, using: &generator)
                rows.append((0..<width).map { _ in
                    let length = Int.random(in: 0...6, using: &generator)
                    return (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
                })
            }
            let table = Table(rows)
            #expect(try roundTrip(table) == table, "\(rows)")
        }
    }

    @Test func fileWrittenAtomicallyReadsBackUnchanged() throws {
        let folder = TemporaryFolder()
        let table: Table = [["id", "note"], ["1", "a, \"quoted\"\nnote"], ["2", ""]]
        let path = folder.url.appendingPathComponent("out.csv").path
        try AtomicFile.write(CSV.render(table), to: path)
        #expect(try CSV.read(path: path) == table)
    }
}

@Suite struct CSVFileTests {
    @Test func missingFileIsMissingInput() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("absent.csv").path
        let error = #expect(throws: WinnowError.self) { try CSV.read(path: path) }
        #expect(error?.kind == .missingInput)
        #expect(error?.file == path)
        #expect(error?.message == "no such file")
    }

    @Test func directoryIsMissingInput() throws {
        let folder = TemporaryFolder()
        let error = #expect(throws: WinnowError.self) { try CSV.read(path: folder.path) }
        #expect(error?.kind == .missingInput)
        #expect(error?.message.contains("directory") == true)
    }

    @Test func parseErrorsFromAFileNameThePath() throws {
        let folder = TemporaryFolder()
        let path = folder.write("a\nb\"\n", to: "broken.csv")
        let error = #expect(throws: WinnowError.self) { try CSV.read(path: path) }
        #expect(error?.kind == .badInput)
        #expect(error?.file == path)
        #expect(error?.message.hasPrefix("line 2: ") == true)
    }

    @Test func hundredThousandRowFileParsesWithTheRightRowsAndLastRow() throws {
        let count = 100_000
        var text = "id,name,amount,note,date\r\n"
        text.reserveCapacity(count * 48)
        for i in 1...count {
            let note = i % 7 == 0 ? "\"has, comma and \"\"quote\"\"\"" : "plain note \(i % 13)"
            text += "\(i),name-\(i),\(i * 3).50,\(note),2024-\(i % 12 + 1)-\(i % 28 + 1)\r\n"
        }
        let folder = TemporaryFolder()
        let path = folder.write(text, to: "large.csv")
        let clock = ContinuousClock()
        var table = Table([])
        let elapsed = try clock.measure { table = try CSV.read(path: path) }
        #expect(table.rowCount == count + 1)
        #expect(table.isRectangular)
        #expect(table.columnCount == 5)
        #expect(table.rows.last == ["100000", "name-100000", "300000.50", "plain note 4", "2024-5-13"])
        #expect(table.rows[7] == ["7", "name-7", "21.50", "has, comma and \"quote\"", "2024-8-8"])
        // Generous even for a debug build on a busy machine; the release-mode figure is far lower.
        #expect(elapsed < .seconds(20))
    }
}

/// A small deterministic generator so random round trips are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
