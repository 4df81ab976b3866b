import Foundation
import Testing
import WinnowTestSupport

/// `winnow exec`, `winnow sandbox check` and `winnow bench-exec` as a user runs them: the real binary,
/// the shipped profile, the real jail. Serialized: each test starts jails, and the machine has two cores.
@Suite(.serialized) struct JailCommandTests {
    static let reverseRows = "def transform(t):\n    return [list(reversed(r)) for r in t]\n"
    /// A wall no loaded machine reaches, for every run whose verdict is not a timeout: CI's two busy
    /// cores turned the shipped 1 s into timeouts in the jail suites.
    static let ampleWall = ["--timeout-ms", "20000"]

    @Test func execPrintsTheTableAProgramReturns() async throws {
        let scratch = try TemporaryFolder()
        try Self.reverseRows.write(toFile: scratch.path("p.py"), atomically: true, encoding: .utf8)
        try #"[["a","b"],["c","d"]]"#.write(toFile: scratch.path("t.json"), atomically: true, encoding: .utf8)
        let result = try await Winnow.run(["exec", scratch.path("p.py"), "--input", scratch.path("t.json"), "--json"] + Self.ampleWall)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        #expect(object["verdict"] as? String == "ok")
        #expect(object["output"] as? [[String]] == [["b", "a"], ["d", "c"]])
    }

    @Test func execReadsACSVInputToo() async throws {
        let scratch = try TemporaryFolder()
        try Self.reverseRows.write(toFile: scratch.path("p.py"), atomically: true, encoding: .utf8)
        try "x,y\n1,2\n".write(toFile: scratch.path("t.csv"), atomically: true, encoding: .utf8)
        let result = try await Winnow.run(["exec", scratch.path("p.py"), "--input", scratch.path("t.csv"), "--json"] + Self.ampleWall)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try jsonObject(result.stdout)["output"] as? [[String]] == [["y", "x"], ["2", "1"]])
    }

    @Test func execReportsARuntimeErrorWithItsLineAndExits3() async throws {
        let scratch = try TemporaryFolder()
        try "def transform(t):\n    x = 1\n    return t[10]\n".write(toFile: scratch.path("p.py"), atomically: true, encoding: .utf8)
        try #"[["a"]]"#.write(toFile: scratch.path("t.json"), atomically: true, encoding: .utf8)
        let result = try await Winnow.run(["exec", scratch.path("p.py"), "--input", scratch.path("t.json")] + Self.ampleWall)
        #expect(result.status == 3)
        #expect(result.stdout.contains("runtime error: IndexError: list index out of range (line 3)"), "\(result.stdout)")
    }

    @Test func execNamesTheSyscallThatGotAProgramKilled() async throws {
        let scratch = try TemporaryFolder()
        try "import time\ndef transform(t):\n    time.sleep(1)\n".write(toFile: scratch.path("p.py"), atomically: true, encoding: .utf8)
        try #"[["a"]]"#.write(toFile: scratch.path("t.json"), atomically: true, encoding: .utf8)
        let result = try await Winnow.run(["exec", scratch.path("p.py"), "--input", scratch.path("t.json"), "--json"] + Self.ampleWall)
        #expect(result.status == 3)
        let object = try jsonObject(result.stdout)
        #expect(object["verdict"] as? String == "seccomp-kill")
        #expect(object["summary"] as? String == "killed by seccomp: syscall clock_nanosleep")
    }

    @Test func execRejectsBadInputsWithTheirExitCodes() async throws {
        let scratch = try TemporaryFolder()
        try Self.reverseRows.write(toFile: scratch.path("p.py"), atomically: true, encoding: .utf8)
        try "[[1, 2]]".write(toFile: scratch.path("numbers.json"), atomically: true, encoding: .utf8)
        try "[[".write(toFile: scratch.path("broken.json"), atomically: true, encoding: .utf8)
        let missing = try await Winnow.run(["exec", scratch.path("nope.py"), "--input", scratch.path("numbers.json")])
        #expect(missing.status == 66)
        let numbers = try await Winnow.run(["exec", scratch.path("p.py"), "--input", scratch.path("numbers.json")])
        #expect(numbers.status == 65)
        #expect(numbers.stderr.contains("numbers.json"))
        let broken = try await Winnow.run(["exec", scratch.path("p.py"), "--input", scratch.path("broken.json")])
        #expect(broken.status == 65)
    }

    /// Issue 16, item 12: a wall limit poll(2) cannot take was the jail's failure (exit 69, an
    /// OverflowError from the zygote); it is a bad argument, refused before any jail starts.
    @Test func aTimeoutTooLargeForTheJailIsAUsageError() async throws {
        let scratch = try TemporaryFolder()
        try Self.reverseRows.write(toFile: scratch.path("p.py"), atomically: true, encoding: .utf8)
        try #"[["a"]]"#.write(toFile: scratch.path("t.json"), atomically: true, encoding: .utf8)
        let result = try await Winnow.run(["exec", scratch.path("p.py"), "--input", scratch.path("t.json"), "--timeout-ms", "2147483648"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--timeout-ms must be at most 2147483647"), "\(result.stderr)")
    }

    /// Issue 16, item 16: an input larger than the jail takes is refused from its size on disk,
    /// before it is read: here it is not even JSON, and the error is about its size.
    @Test func anInputTooLargeForTheJailIsRefusedBeforeItIsParsed() async throws {
        let scratch = try TemporaryFolder()
        try Self.reverseRows.write(toFile: scratch.path("p.py"), atomically: true, encoding: .utf8)
        let profile = try Self.profileVariant(in: scratch, named: "small.json") {
            $0.replacingOccurrences(of: "\"input_bytes\": 67108864", with: "\"input_bytes\": 1000")
        }
        try String(repeating: "[", count: 5_000).write(toFile: scratch.path("big.json"), atomically: true, encoding: .utf8)
        let result = try await Winnow.run(["exec", scratch.path("p.py"), "--input", scratch.path("big.json"), "--profile", profile])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("big.json: the input is 5000 bytes; the jail takes at most 1000"), "\(result.stderr)")
    }

    /// Side effects are evidence: `exec` says what the program tried, in text and in `--json`,
    /// although the jail refused it and the program returned its table; the host file is untouched.
    @Test func execReportsTheSideEffectsAProgramTried() async throws {
        let scratch = try TemporaryFolder()
        let hostFile = scratch.path("written-by-the-program.txt")
        let program = "def transform(t):\n    try:\n        open('\(hostFile)', 'w').write('x')\n    except OSError:\n        pass\n    return t\n"
        try program.write(toFile: scratch.path("p.py"), atomically: true, encoding: .utf8)
        try #"[["a"]]"#.write(toFile: scratch.path("t.json"), atomically: true, encoding: .utf8)
        let json = try await Winnow.run(["exec", scratch.path("p.py"), "--input", scratch.path("t.json"), "--json"] + Self.ampleWall)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try jsonObject(json.stdout)
        #expect(object["verdict"] as? String == "ok")
        let attempts = try #require(object["side_effects"] as? [[String: Any]])
        #expect(attempts.count == 1)
        #expect(attempts.first?["kind"] as? String == "file")
        #expect(attempts.first?["event"] as? String == "open")
        #expect(attempts.first?["detail"] as? String == hostFile)
        let text = try await Winnow.run(["exec", scratch.path("p.py"), "--input", scratch.path("t.json")] + Self.ampleWall)
        #expect(text.stderr.contains("tried file: open \(hostFile)"), "\(text.stderr)")
        #expect(!FileManager.default.fileExists(atPath: hostFile))
    }

    /// Writes a variant of the shipped profile (and its runner beside it) into `scratch`.
    static func profileVariant(in scratch: TemporaryFolder, named name: String, _ text: (String) throws -> String) throws -> String {
        let sandboxes = Winnow.packageRoot.appendingPathComponent("sandboxes")
        let shipped = try String(contentsOfFile: sandboxes.appendingPathComponent("python3.json").path, encoding: .utf8)
        try text(shipped).write(toFile: scratch.path(name), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: sandboxes.appendingPathComponent("python3-zygote.py").path, toPath: scratch.path("python3-zygote.py"))
        return scratch.path(name)
    }

    @Test func aProfileWithATypoIsRefusedWithTheKeyMeant() async throws {
        let scratch = try TemporaryFolder()
        let profile = try Self.profileVariant(in: scratch, named: "typo.json") {
            $0.replacingOccurrences(of: "\"wall_ms\"", with: "\"wal_ms\"")
        }
        let result = try await Winnow.run(["sandbox", "check", "--profile", profile])
        #expect(result.status == 78)
        #expect(result.stderr.contains("unknown key \"wal_ms\" (did you mean \"wall_ms\"?)"), "\(result.stderr)")
    }

    @Test func sandboxCheckListsTheActiveLayers() async throws {
        let result = try await Winnow.run(["sandbox", "check", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        #expect(object["probe"] as? String == "ok")
        let layers = try #require(object["layers"] as? [[String: Any]])
        let active = Set(layers.filter { $0["active"] as? Bool == true }.compactMap { $0["name"] as? String })
        for required in ["seccomp-job", "job-seccomp-enforced", "seccomp-zygote", "no-new-privs", "job-rlimits", "unprivileged"] {
            #expect(active.contains(required), "\(required) not active")
        }
    }

    @Test func aRequiredLayerThatIsOffStopsTheJailWithExit69() async throws {
        let scratch = try TemporaryFolder()
        let profile = try Self.profileVariant(in: scratch, named: "p.json") { shipped in
            var object = try jsonObject(shipped)
            var jail = try #require(object["jail"] as? [String: Any])
            jail["namespaces"] = ["user", "pid", "net", "ipc", "uts"]
            object["jail"] = jail
            object["required_layers"] = ["mount-namespace"]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let result = try await Winnow.run(["sandbox", "check", "--profile", profile])
        #expect(result.status == 69)
        #expect(result.stderr.contains("required layer mount-namespace is not active: off in the profile"), "\(result.stderr)")
    }

    @Test func benchExecReportsBothDesignsAndKeepsTheOtherBenchmarkSection() async throws {
        let scratch = try TemporaryFolder()
        let report = scratch.path("BENCHMARKS.md")
        try "# Winnow benchmark\n\n<!-- begin winnow bench -->\nsynthesis numbers\n<!-- end winnow bench -->\n"
            .write(toFile: report, atomically: true, encoding: .utf8)
        let result = try await Winnow.run(
            ["bench-exec", "--jobs", "40", "--large-jobs", "4", "--fresh-jobs", "2", "--json", "--markdown", report])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        let workloads = try #require(object["workloads"] as? [[String: Any]])
        #expect(workloads.compactMap { $0["workload"] as? String } == ["10x5", "1000x5"])
        for workload in workloads {
            for key in ["pool_jobs_per_s", "fresh_jobs_per_s", "p50_ms", "p99_ms"] {
                let value = try #require(workload[key] as? Double, "\(key) missing")
                #expect(value > 0)
            }
            #expect(workload["wrong"] as? Int == 0)
        }
        let markdown = try String(contentsOfFile: report, encoding: .utf8)
        #expect(markdown.contains("synthesis numbers"))
        #expect(markdown.contains("## Executor (`winnow bench-exec`)"))
        #expect(markdown.contains("- Machine: "))
        #expect(markdown.contains("fresh jail per job"))
    }

    @Test func interruptingARunDrainsTheJailsAndLeavesNothingBehind() async throws {
        let process = Process()
        process.executableURL = Winnow.binary
        process.arguments = ["bench-exec", "--jobs", "10000000", "--fresh-jobs", "1"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until the pool is running jobs, then note its launchers (children of winnow).
        var stderr = ""
        while !stderr.contains("jobs through the pool") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            stderr += String(decoding: chunk, as: UTF8.self)
        }
        let launchers = childProcesses(of: process.processIdentifier)
        #expect(launchers.count == 2, "launchers: \(launchers)")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        stderr += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("interrupted; stopping the jail"))
        #expect(processesInGroups(launchers).isEmpty)
        for pid in launchers {
            for controller in ["memory", "pids"] {
                #expect(!FileManager.default.fileExists(atPath: "/sys/fs/cgroup/\(controller)/winnow-jail-\(pid)"))
            }
        }
    }
}

/// Processes whose parent is `parent` (from /proc).
private func childProcesses(of parent: Int32) -> [Int32] {
    procStats().filter { $0.parent == parent }.map(\.pid)
}

private func processesInGroups(_ groups: [Int32]) -> [Int32] {
    procStats().filter { groups.contains($0.group) }.map(\.pid)
}

private func procStats() -> [(pid: Int32, parent: Int32, group: Int32)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return names.compactMap(Int32.init).compactMap { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let parent = Int32(fields[1]), let group = Int32(fields[2]) else { return nil }
        return (pid, parent, group)
    }
}
