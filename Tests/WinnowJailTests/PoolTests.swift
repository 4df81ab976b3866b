import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

/// Every suite that starts jails, nested here so they run one after another: the machine has two
/// cores, and a test that measures a wall limit must not share them with twenty jails.
@Suite(.serialized) struct PoolTests {}

extension PoolTests {
    /// The jail's processes as /proc shows them, for tests that kill a zygote or wait for a job to run.
    enum JailProcesses {
        struct Entry {
            var pid: Int32
            var parent: Int32
            var name: String
        }

        static func entries(inGroups groups: [Int32]) -> [Entry] {
            JailFixtures.processes(inGroups: groups).compactMap { pid in
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                      let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
                else { return nil }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                guard fields.count > 1, let parent = Int32(fields[1]) else { return nil }
                return Entry(pid: pid, parent: parent, name: String(stat[stat.index(after: open)..<close]))
            }
        }

        /// Jail cgroups whose launcher no longer exists: what a jail that did not clean up leaves.
        static func staleCgroups() -> [String] {
            CgroupJanitor.existing().filter { path in
                guard let pid = Int32(path.split(separator: "-").last ?? "") else { return false }
                return kill(pid, 0) != 0 && errno == ESRCH
            }
        }

        /// Launchers that are children of `parent` (this test process, say).
        static func launchers(startedBy parent: Int32, zombiesOnly: Bool = false) -> [Int32] {
            let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init)
            return pids.filter { pid in
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                      let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
                else { return false }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                return stat[stat.index(after: open)..<close].hasPrefix("winnow-jail") && fields.count > 1 && Int32(fields[1]) == parent
                    && (!zombiesOnly || fields[0] == "Z")
            }
        }

        /// The zygotes of these jails: the launcher leads the group, the zygote is its child.
        static func zygotes(inGroups groups: [Int32]) -> [Int32] {
            entries(inGroups: groups).filter { groups.contains($0.parent) && !groups.contains($0.pid) }.map(\.pid)
        }

        /// Job children that have received their job: they name themselves "w" + 14 hex digits.
        static func runningJobs(inGroups groups: [Int32]) -> Int {
            entries(inGroups: groups).filter { entry in
                entry.name.count == 15 && entry.name.hasPrefix("w") && entry.name.dropFirst().allSatisfy(\.isHexDigit)
            }.count
        }

        /// Waits until `count` jobs are running in the jails (or `timeout` passes); true if they are.
        static func waitForRunningJobs(_ count: Int, inGroups groups: [Int32], timeout: Duration = .seconds(10)) async throws -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if runningJobs(inGroups: groups) >= count { return true }
                try await Task.sleep(for: .milliseconds(5))
            }
            return false
        }

        /// Waits until no process of these groups is left (a killed jail takes a moment to go).
        static func waitUntilGone(_ groups: [Int32], timeout: Duration = .seconds(5)) async throws {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline, !JailFixtures.processes(inGroups: groups).isEmpty {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// How a job started in a task ended: a verdict, or the executor's refusal.
    enum Outcome: Equatable, CustomStringConvertible {
        case verdict(Verdict)
        case refused(ExecutorError)
        case other(String)

        static func of(_ task: Task<Verdict, any Error>) async -> Outcome {
            switch await task.result {
            case .success(let verdict): return .verdict(verdict)
            case .failure(let error as ExecutorError): return .refused(error)
            case .failure(let error): return .other("\(error)")
            }
        }

        var description: String {
            switch self {
            case .verdict(let verdict): return verdict.summary
            case .refused(let error): return "refused: \(error)"
            case .other(let text): return text
            }
        }
    }

    /// Programs the pool tests run.
    enum Programs {
        /// Never returns; the wall limit ends it.
        static let busyLoop = "def transform(t):\n    while True:\n        pass\n"
        static let identity = "def transform(t):\n    return t\n"
        static let raises = "def transform(t):\n    x = 1\n    raise ValueError('no ' + t[0][0])\n"
        /// Calls getuid, which is not on the job allowlist.
        static let forbiddenSyscall = "import os\n\ndef transform(t):\n    os.getuid()\n    return t\n"
        /// What a hash-randomized interpreter would change from run to run: str hashes, set order.
        static let hashedThings = """
            def transform(t):
                names = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"}
                return [[str(hash("winnow")), ",".join(names), repr(sum(len(n) / 7 for n in names))]] + t

            """
        /// `random`, which the profile's `seed` is meant to make reproducible.
        static let randomThings = """
            import random

            def transform(t):
                return [[repr(random.random()), str(random.randint(0, 10**9)), random.choice("abcdefghij")]] + t

            """
    }
}

extension PoolTests {
    @Suite struct JailPoolTests {
        /// A different program and input per job, so a result that went to the wrong job shows.
        static func job(_ i: Int) -> (Job, Table) {
            let input: Table = [["job", String(i)], [String(repeating: "x", count: i % 7), "é\(i)"]]
            if i.isMultiple(of: 2) {
                let source = "TAG = 'even-\(i)'\n\ndef transform(t):\n    return [[TAG] + [c.upper() for c in r] for r in t]\n"
                let expected = Table(input.rows.map { ["even-\(i)"] + $0.map { $0.uppercased() } })
                return (Job(source: source, input: input), expected)
            } else {
                let source = "TAG = 'odd-\(i)'\n\ndef reshape(t):\n    return [list(reversed(r)) + [TAG, str(len(t))] for r in t]\n"
                let expected = Table(input.rows.map { Array($0.reversed()) + ["odd-\(i)", "2"] })
                return (Job(source: source, entry: "reshape", input: input), expected)
            }
        }

        @Test func fiftyConcurrentJobsEachGetTheirOwnResult() async throws {
            try await JailFixtures.withPool(size: 2) { pool in
                let verdicts = try await withThrowingTaskGroup(of: (Int, Verdict).self) { group in
                    for i in 0..<50 {
                        group.addTask { (i, try await pool.run(Self.job(i).0)) }
                    }
                    var verdicts: [Int: Verdict] = [:]
                    for try await (i, verdict) in group { verdicts[i] = verdict }
                    return verdicts
                }
                #expect(verdicts.count == 50)
                for i in 0..<50 {
                    #expect(verdicts[i] == .ok(Self.job(i).1), "job \(i): \(verdicts[i].map(\.summary) ?? "none")")
                }
                #expect(await pool.restarts == 0)
            }
        }

        @Test func awkwardTextRoundTripsThroughTheJail() async throws {
            let rows: [[String]] = [
                FrameRequestTests.awkward, Array(FrameRequestTests.awkward.reversed()), [], ["\u{FEFF}starts with a BOM"],
                ["\"", "\\", "\\\"", "\u{0}"],
            ]
            try await JailFixtures.withPool { pool in
                let verdict = try await pool.run(Job(source: Programs.identity, input: Table(rows)))
                #expect(verdict == .ok(Table(rows)), "\(verdict.summary)")
                // And text the program makes itself, beyond the BMP and in control characters.
                let made = try await pool.run(Job(
                    source: "def transform(t):\n    return [[chr(0x1F600), chr(0), '\\ufeff', 'e\\u0301', chr(0x10FFFF)]]\n",
                    input: [["a"]]))
                #expect(made == .ok([["😀", "\u{0}", "\u{FEFF}", "e\u{301}", "\u{10FFFF}"]]), "\(made.summary)")
            }
        }

        @Test func poolReplacesAKilledZygote() async throws {
            var groupsSeen: [Int32] = []
            try await JailFixtures.withPool(size: 1) { pool in
                let before = await pool.processGroups
                groupsSeen += before
                try await JailFixtures.expectHealthy(pool)
                let zygotes = JailProcesses.zygotes(inGroups: before)
                let zygote = try #require(zygotes.first, "no zygote found in \(before)")
                #expect(zygotes.count == 1)
                #expect(kill(zygote, SIGKILL) == 0)

                // The pool learns of the death from the next job, which may fail as the jail's fault
                // (never as the program's).
                let first = try await pool.run(Job(source: JailFixtures.healthyProgram, input: JailFixtures.table))
                switch first {
                case .ok(let table): #expect(table == [["c", "b", "a"], ["f", "e", "d"]])
                case .jailFailure: break
                default: Issue.record("the first job after the kill got \(first.summary)")
                }
                for _ in 0..<3 { try await JailFixtures.expectHealthy(pool) }
                #expect(await pool.restarts >= 1)
                let after = await pool.processGroups
                groupsSeen += after
                #expect(after.count == 1)
                #expect(after != before)
                // The dead jail is gone entirely: launcher, zygote, spare child and cgroups.
                try await JailProcesses.waitUntilGone(before)
                try JailFixtures.expectNothingLeft(before)
            }
            try JailFixtures.expectNothingLeft(groupsSeen)
        }

        @Test func shutdownDrainsRunningJobsAndRefusesTheRest() async throws {
            let pool = try await JailPool(profile: try JailFixtures.hangingProfile(), size: 2)
            let groups = await pool.processGroups
            let long = Job(source: Programs.busyLoop, input: JailFixtures.table)
            let running = (0..<2).map { _ in Task { () async throws -> Verdict in try await pool.run(long) } }
            let started = try await JailProcesses.waitForRunningJobs(2, inGroups: groups)
            #expect(started, "the two long jobs never started")
            let waiting = Task { () async throws -> Verdict in try await pool.run(long) }
            try await Task.sleep(for: .milliseconds(30))

            let clock = ContinuousClock()
            let shutdownStart = clock.now
            await pool.shutdown()
            let shutdownTook = clock.now - shutdownStart

            for task in running {
                #expect(await Outcome.of(task) == .verdict(.timeout(milliseconds: 400)))
            }
            #expect(await Outcome.of(waiting) == .refused(.closed))
            // Shutdown waited for the running jobs rather than cutting them off.
            #expect(shutdownTook >= .milliseconds(200), "shutdown returned after \(shutdownTook)")
            await #expect(throws: ExecutorError.closed) { try await pool.run(Job(source: Programs.identity, input: [["a"]])) }
            #expect(await pool.processGroups.isEmpty)
            try JailFixtures.expectNothingLeft(groups)
            // A second shutdown is harmless.
            await pool.shutdown()
        }

        @Test func shutdownWhileIdleLeavesNothing() async throws {
            let pool = try await JailPool(profile: try JailFixtures.profile(), size: 2)
            let groups = await pool.processGroups
            #expect(groups.count == 2)
            #expect(JailProcesses.zygotes(inGroups: groups).count == 2)
            await pool.shutdown()
            try JailFixtures.expectNothingLeft(groups)
            await #expect(throws: ExecutorError.closed) { try await pool.run(Job(source: Programs.identity, input: [["a"]])) }
        }

        @Test func cancelledWaiterIsRefusedAndThePoolCarriesOn() async throws {
            try await JailFixtures.withPool(size: 1, profile: try JailFixtures.hangingProfile()) { pool in
                let groups = await pool.processGroups
                let long = Task { () async throws -> Verdict in
                    try await pool.run(Job(source: Programs.busyLoop, input: JailFixtures.table))
                }
                #expect(try await JailProcesses.waitForRunningJobs(1, inGroups: groups))
                let waiter = Task { () async throws -> Verdict in
                    try await pool.run(Job(source: JailFixtures.healthyProgram, input: JailFixtures.table))
                }
                try await Task.sleep(for: .milliseconds(50))
                waiter.cancel()
                // Had the cancellation been missed, the waiter would run once the long job ends and
                // return a verdict instead.
                #expect(await Outcome.of(waiter) == .refused(.cancelled))
                #expect(await Outcome.of(long) == .verdict(.timeout(milliseconds: 400)))
                try await JailFixtures.expectHealthy(pool)
                #expect(await pool.restarts == 0)
            }
        }

        @Test func taskCancelledBeforeItAsksIsRefused() async throws {
            try await JailFixtures.withPool(size: 1) { pool in
                let task = Task { () async throws -> Verdict in
                    while !Task.isCancelled { await Task.yield() }
                    return try await pool.run(Job(source: JailFixtures.healthyProgram, input: JailFixtures.table))
                }
                task.cancel()
                #expect(await Outcome.of(task) == .refused(.cancelled))
                try await JailFixtures.expectHealthy(pool)
            }
        }

        static let determinismJobs: [Job] = [
            Job(source: Programs.hashedThings, input: [["x", "y"]]),
            Job(source: JailFixtures.healthyProgram, input: JailFixtures.table),
            Job(source: Programs.raises, input: [["input"]]),
            Job(source: "def transform(t):\n    raise KeyError(hash('k'))\n", input: [["x"]]),
            Job(source: Programs.forbiddenSyscall, input: [["x"]]),
            Job(source: "def transform(t):\n    return {1, 2}\n", input: [["x"]]),
            Job(source: "def transform(t):\n    return [[1]]\n", input: [["x"]]),
            Job(source: "def transform(t):\n    return [[str(len(t))] * 3] * 2\n", input: [["x"]]),
        ]

        @Test func sameJobsGiveTheSameVerdictsTwiceAndInAnotherPool() async throws {
            let (first, second) = try await JailFixtures.withPool(size: 1) { pool in
                var first: [Verdict] = []
                var second: [Verdict] = []
                for job in Self.determinismJobs { first.append(try await pool.run(job)) }
                for job in Self.determinismJobs { second.append(try await pool.run(job)) }
                return (first, second)
            }
            let other = try await JailFixtures.withPool(size: 1) { pool in
                var verdicts: [Verdict] = []
                for job in Self.determinismJobs { verdicts.append(try await pool.run(job)) }
                return verdicts
            }
            // A kill's syscall name is read from the kernel's seccomp log, which is best effort (the
            // kernel rate-limits it, and a late record is waited for only briefly): the kill repeats,
            // the name may not.
            func repeatable(_ verdict: Verdict) -> Verdict {
                if case .seccompKill = verdict { return .seccompKill(syscall: nil) }
                return verdict
            }
            #expect(first.map(repeatable) == second.map(repeatable))
            #expect(first.map(repeatable) == other.map(repeatable))
            // The verdicts are the ones these programs deserve, not the same failure every time.
            #expect(first.map(\.kind) == ["ok", "ok", "runtime-error", "runtime-error", "seccomp-kill", "wrong-shape", "wrong-shape", "ok"])
            #expect(first[2] == .runtimeError(type: "ValueError", message: "no input", line: 3))
            #expect(first[7] == .ok([["1", "1", "1"], ["1", "1", "1"]]))
            let hashed = try #require(first[0].table)
            #expect(hashed.rows.count == 2)
            #expect(hashed.rows[0].count == 3)
            #expect(hashed.rows[1] == ["x", "y"])
        }

        /// The profile's `seed` exists "so reruns give the same verdicts"; a program that uses
        /// `random` must then see the same numbers in every job.
        @Test func seededRandomIsReproducible() async throws {
            let job = Job(source: Programs.randomThings, input: [["x"]])
            let (first, second) = try await JailFixtures.withPool(size: 1) { pool in
                (try await pool.run(job), try await pool.run(job))
            }
            let other = try await JailFixtures.withPool(size: 1) { pool in try await pool.run(job) }
            #expect(first.kind == "ok", "\(first.summary)")
            // random's fork hook reseeds every child from os.urandom; the zygote must put the seed back.
            #expect(first == second)
            #expect(first == other)
            // And the seed is the profile's: what `random.seed(0)` gives first in any CPython 3.
            #expect(first.table?.rows.first?.first == "0.8444218515250481")
        }

        /// A program with a syntax error raised SyntaxError: it did not attack the jail.
        @Test(arguments: ["def transform(t:\n", "def transform(t):\n    return t +\n", "def transform(t)\n    return t\n"])
        func syntaxErrorIsARuntimeError(_ source: String) async throws {
            let verdict = try await JailFixtures.withPool(size: 1) { pool in
                try await pool.run(Job(source: source, input: [["x"]]))
            }
            #expect(verdict.kind == "runtime-error", "\(verdict.summary)")
            if case .runtimeError(let type, _, let line) = verdict {
                #expect(type == "SyntaxError")
                #expect(line != nil)
            }
        }

        @Test func inputOverTheProfileLimitIsRefused() async throws {
            var profile = try JailFixtures.profile()
            profile.limits.inputBytes = 1_000
            try await JailFixtures.withPool(size: 1, profile: profile) { pool in
                let big = Job(source: Programs.identity, input: Table(Array(repeating: [String(repeating: "z", count: 100)], count: 12)))
                do throws(ExecutorError) {
                    let verdict = try await pool.run(big)
                    Issue.record("a job over the limit ran: \(verdict.summary)")
                } catch {
                    guard case .inputTooLarge(let bytes, let limit) = error else {
                        Issue.record("expected inputTooLarge, got \(error)")
                        return
                    }
                    #expect(limit == 1_000)
                    #expect(bytes > 1_200)
                }
                // A job under the limit still runs, and the refusal cost the pool nothing.
                let small = try await pool.run(Job(source: Programs.identity, input: [["small"]]))
                #expect(small == .ok([["small"]]))
                #expect(await pool.restarts == 0)
            }
        }

        /// `input_bytes` bounds "the largest encoded job the host sends". Text that JSON escapes
        /// (control characters take six bytes each) must count as encoded, not as raw UTF-8.
        @Test func inputLimitCountsTheEncodedJob() async throws {
            var profile = try JailFixtures.profile()
            profile.limits.inputBytes = 1_000
            let controls = String(repeating: "\u{1}", count: 400)
            let job = Job(source: Programs.identity, input: [[controls]])
            let encoded = JobRequest.payloadSize(JobRequest.encode(job, tag: 0))
            #expect(encoded > 2_000)
            try await JailFixtures.withPool(size: 1, profile: profile) { pool in
                do throws(ExecutorError) {
                    let verdict = try await pool.run(job)
                    Issue.record("a job of \(encoded) encoded bytes ran under a 1000-byte limit: \(verdict.summary)")
                } catch {
                    #expect(error == .inputTooLarge(bytes: encoded, limit: 1_000))
                }
            }
        }
    }

    /// The one-jail-per-job executor: the same layers and verdicts as the pool, without reuse.
    @Suite struct FreshJailTests {
        @Test func freshJailAgreesWithThePool() async throws {
            let profile = try JailFixtures.profile()
            let jobs = [
                Job(source: JailFixtures.healthyProgram, input: JailFixtures.table),
                Job(source: Programs.raises, input: [["fresh"]]),
                Job(source: Programs.forbiddenSyscall, input: [["x"]]),
            ]
            let pooled = try await JailFixtures.withPool(size: 1, profile: profile) { pool in
                var verdicts: [Verdict] = []
                for job in jobs { verdicts.append(try await pool.run(job)) }
                return verdicts
            }
            let fresh = try FreshJail(profile: profile)
            var alone: [Verdict] = []
            for job in jobs { alone.append(try await fresh.run(job)) }

            #expect(pooled[0] == .ok([["c", "b", "a"], ["f", "e", "d"]]))
            #expect(pooled[1] == .runtimeError(type: "ValueError", message: "no fresh", line: 3))
            #expect(pooled[2].kind == "seccomp-kill")
            if SeccompLog().sourceName != nil {
                #expect(pooled[2] == .seccompKill(syscall: "getuid"))
            }
            #expect(alone == pooled)
        }

        @Test func freshJailLeavesNothingBehind() async throws {
            let fresh = try FreshJail(profile: try JailFixtures.hangingProfile())
            let staleBefore = Set(JailProcesses.staleCgroups())
            #expect(try await fresh.run(Job(source: Programs.busyLoop, input: [["x"]])) == .timeout(milliseconds: 400))
            #expect(try await fresh.run(Job(source: Programs.identity, input: [["x"]])) == .ok([["x"]]))
            #expect(try await fresh.run(Job(source: Programs.forbiddenSyscall, input: [["x"]])).kind == "seccomp-kill")
            // Each run reaps its launcher before it returns (other suites' jails may be running, so
            // only what cannot be theirs is looked at: unreaped launchers and orphaned cgroups).
            let zombies = JailProcesses.launchers(startedBy: getpid(), zombiesOnly: true)
            #expect(zombies.isEmpty, "unreaped launchers: \(zombies)")
            let orphaned = Set(JailProcesses.staleCgroups()).subtracting(staleBefore)
            #expect(orphaned.isEmpty, "cgroups left by launchers that are gone: \(orphaned)")
        }

        @Test func freshJailRefusesAnInputOverTheLimit() async throws {
            var profile = try JailFixtures.profile()
            profile.limits.inputBytes = 1_000
            let fresh = try FreshJail(profile: profile)
            let big = Job(source: Programs.identity, input: Table(Array(repeating: [String(repeating: "z", count: 100)], count: 12)))
            do throws(ExecutorError) {
                let verdict = try await fresh.run(big)
                Issue.record("a job over the limit ran: \(verdict.summary)")
            } catch {
                guard case .inputTooLarge = error else {
                    Issue.record("expected inputTooLarge, got \(error)")
                    return
                }
            }
        }

        @Test func cancelledTaskIsRefused() async throws {
            let fresh = try FreshJail(profile: try JailFixtures.profile())
            let task = Task { () async throws -> Verdict in
                while !Task.isCancelled { await Task.yield() }
                return try await fresh.run(Job(source: Programs.identity, input: [["x"]]))
            }
            task.cancel()
            #expect(await Outcome.of(task) == .refused(.cancelled))
        }
    }
}
