import Foundation
import Testing
import WinnowTestSupport

@Suite("winnow solve on a CSV pair")
struct CSVPathTests {
    private var sampleIn: String { Winnow.csvExample.appendingPathComponent("sample-in.csv").path }
    private var sampleOut: String { Winnow.csvExample.appendingPathComponent("sample-out.csv").path }
    private var full: String { Winnow.csvExample.appendingPathComponent("full.csv").path }

    @Test func applyWritesTheTransformedFileAsCSVWithTheExampleHeader() async throws {
        let folder = try TemporaryFolder()
        let out = folder.path("out.csv")
        let run = try await Winnow.run(["solve", "--header", "--input", sampleIn, "--example", sampleOut, "--apply", full, "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("program ("))
        #expect(run.stdout.contains("wrote 41 rows to \(out)"))
        let written = try String(contentsOfFile: out, encoding: .utf8)
        let lines = written.components(separatedBy: "\r\n")
        #expect(lines[0] == "Date,Time,User,Event")
        #expect(lines[1] == "2024-03-07,08:46,diego,logout")
        #expect(lines.count == 42 && lines[41].isEmpty)
    }

    @Test func applyWithoutOutputWritesOnlyTheCSVToStdout() async throws {
        let run = try await Winnow.run(["solve", "--header", "--input", sampleIn, "--example", sampleOut, "--apply", full])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("Date,Time,User,Event\r\n2024-03-07,08:46,diego,logout\r\n"))
        #expect(run.stdout.components(separatedBy: "\r\n").count == 42)
        // The report moves to stderr so that stdout stays a clean CSV.
        #expect(run.stderr.contains("program ("))
    }

    @Test func aHundredThousandRowFileIsTransformed() async throws {
        let folder = try TemporaryFolder()
        let users = ["amara", "jonas", "li.wei", "priya"]
        let events = ["login", "logout", "upload", "share", "delete"]
        var text = "Timestamp,Event,User\r\n"
        text.reserveCapacity(3_500_000)
        let twoDigits = (0..<60).map { $0 < 10 ? "0\($0)" : "\($0)" }
        for i in 0..<100_000 {
            text += "2024-\(twoDigits[1 + i % 12])-\(twoDigits[1 + i % 28]) \(twoDigits[i % 24]):\(twoDigits[i % 60]),\(events[i % 5]),\(users[i % 4])\r\n"
        }
        let big = try folder.write("big.csv", text)
        let out = folder.path("big-out.csv")
        let run = try await Winnow.run(["solve", "--header", "--input", sampleIn, "--example", sampleOut, "--apply", big, "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(lines.count == 100_002)
        #expect(lines[1] == "2024-01-01,00:00,amara,login")
        #expect(lines[100_000] == "2024-04-12,15:39,priya,delete")
    }

    @Test func aFileTheProgramCannotRunOnIsAnErrorAndNothingIsWritten() async throws {
        let folder = try TemporaryFolder()
        // Only the timestamp column: the programs that reproduce the example need the other two.
        let bad = try folder.write("bad.csv", "Timestamp\r\n2024-03-07 08:46\r\n2024-03-07 10:14\r\n")
        let run = try await Winnow.run([
            "solve", "--header", "--input", sampleIn, "--example", sampleOut, "--apply", bad, "-o", folder.path("out.csv"),
            "--max-nodes", "300",
        ])
        #expect(run.status == 65)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.hasPrefix("winnow: "))
        #expect(run.stderr.contains("bad.csv"))
        #expect(!folder.exists("out.csv"))
    }

    @Test func aProgramThatNeedsTheWholeTableIsAppliedToAllOfALargeFile() async throws {
        let folder = try TemporaryFolder()
        let input = try folder.write("in.csv", "fruit,apple\r\n,pear\r\nveg,leek\r\n,kale\r\n")
        let example = try folder.write("out.csv", "fruit,apple\r\nfruit,pear\r\nveg,leek\r\nveg,kale\r\n")
        var text = "", expected = ""
        for i in 0..<2_500 {
            text += (i % 10 == 0 ? "group\(i / 10)" : "") + ",item\(i)\r\n"
            expected += "group\(i / 10),item\(i)\r\n"
        }
        let big = try folder.write("big.csv", text)
        let run = try await Winnow.run(["solve", "--input", input, "--example", example, "--apply", big, "-o", folder.path("o.csv")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: folder.path("o.csv"), encoding: .utf8) == expected)
    }

    @Test func aRecordPastTheFirstThousandThatTheProgramCannotHandleIsAnErrorAndNothingIsWritten() async throws {
        let folder = try TemporaryFolder()
        let input = try folder.write("in.csv", "3.5\r\n12\r\n7.25\r\n")
        let example = try folder.write("out.csv", "3.50\r\n12.00\r\n7.25\r\n")
        var text = ""
        for i in 0..<1_500 { text += i == 1_400 ? "abc\r\n" : "\(i).\(i % 10)\r\n" }
        let big = try folder.write("big.csv", text)
        let run = try await Winnow.run(["solve", "--input", input, "--example", example, "--apply", big, "-o", folder.path("o.csv")])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("big.csv: record 1401"))
        #expect(!folder.exists("o.csv"))
    }
}
