import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

extension AdversarialTests {
    /// What a job can learn of the host's process: environment and command line.
    @Suite struct Environment {
        @Test func hostEnvironmentDoesNotReachTheJob() async throws {
            let name = "WINNOW_ADVERSARIAL_SECRET"
            let token = Adversarial.token()
            setenv(name, "WNWADV-" + token, 1)
            defer { unsetenv(name) }
            try await JailFixtures.withPool { pool in
                let environ = "import os\ndef transform(t):\n    return [[k, v] for k, v in sorted(os.environ.items())]\n"
                #expect(try await Adversarial.run(pool, environ) == .ok([]))
                // Not in the job's memory either (where the zygote's initial environment lives, on
                // its stack, even after os.environ.clear()).
                let scan = try await Adversarial.run(pool, Adversarial.memoryScanner, input: [
                    ["ZQXJ-ctl-", Adversarial.doubled(Adversarial.token())],
                    ["WNWADV-", Adversarial.doubled(token)],
                ])
                let rows = try #require(scan.table?.rows, "\(scan)")
                #expect(rows.prefix(2) == [["ZQXJ-ctl-", "object:found", "memory:found"],
                                           ["WNWADV-", "object:not found", "memory:not found"]])
                // From the host's side: the zygote's initial environment is the profile's, nothing more.
                for zygote in await Adversarial.zygotes(of: pool) {
                    let data = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(zygote)/environ"))
                    let variables = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.sorted()
                    #expect(variables == ["LC_ALL=C.UTF-8", "PYTHONHASHSEED=0"])
                }
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }

    /// Whether the same program gives the same output every time.
    @Suite struct Determinism {
        static let probe = """
            import random
            def transform(t):
                return [[str(hash('abc')), str(hash(('a', 1))), repr(random.random()), str(id(object()))]]
            """

        @Test func sameProgramSameOutputWithinAndAcrossPools() async throws {
            var outputs: [[String]] = []
            for _ in 0..<2 {
                try await JailFixtures.withPool { pool in
                    for _ in 0..<2 {
                        let verdict = try await Adversarial.run(pool, Self.probe)
                        outputs.append(try #require(verdict.table?.rows.first, "\(verdict)"))
                    }
                    try await JailFixtures.expectHealthy(pool)
                    await Adversarial.expectResting(pool)
                }
            }
            try #require(outputs.count == 4 && outputs.allSatisfy { $0.count == 4 })
            func column(_ index: Int) -> [String] { outputs.map { $0[index] } }
            // String and tuple hashes: fixed by PYTHONHASHSEED=0, in every job of every pool.
            #expect(Set(column(0)) == ["-4594863902769663758"])
            #expect(Set(column(1)).count == 1)
            // random: CPython's random module registers `os.register_at_fork(after_in_child=seed)`,
            // so a forked child reseeds itself from getrandom; the zygote puts the profile's seed
            // back in every child after that, so random.random() is the same in every job.
            #expect(Set(column(2)) == ["0.8444218515250481"], "\(column(2))")
            // id(): the same in every job of one zygote (each child is a fork of the same state) and
            // across zygotes (the launcher turns address-space randomisation off for the jail).
            #expect(outputs[0][3] == outputs[1][3])
            #expect(outputs[2][3] == outputs[3][3])
            #expect(outputs[0][3] == outputs[2][3])
        }

        /// time.time() is the documented exception: only the verdict's kind is the same.
        @Test func timeIsTheDocumentedException() async throws {
            try await JailFixtures.withPool { pool in
                let clock = "import time\ndef transform(t):\n    return [[repr(time.time())]]\n"
                let first = try await Adversarial.run(pool, clock)
                let second = try await Adversarial.run(pool, clock)
                #expect(first.kind == "ok" && second.kind == "ok")
                // And it is the real time (clock_gettime is allowed), within a minute of the host's.
                let seconds = Double(first.table?.rows.first?.first ?? "") ?? 0
                #expect(abs(seconds - Date().timeIntervalSince1970) < 60)
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }

    /// Wearing the host down with many jobs.
    @Suite struct Exhaustion {
        @Test func tenThousandJobsLeaveNoTrace() async throws {
            try await JailFixtures.withPool(size: 2) { pool in
                let source = "def transform(t):\n    return [[t[0][0] + '!']]\n"
                func batch(_ range: Range<Int>) async throws -> Int {
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        // Four streams: both zygotes stay busy while the host decodes.
                        for stream in 0..<4 {
                            group.addTask {
                                var wrong = 0
                                for i in range where i % 4 == stream {
                                    let verdict = try await Adversarial.run(pool, source, input: [["\(i)"]])
                                    if verdict != .ok([["\(i)!"]]) { wrong += 1 }
                                }
                                return wrong
                            }
                        }
                        return try await group.reduce(0, +)
                    }
                }
                // Warm up (buffers, caches) before measuring.
                #expect(try await batch(0..<200) == 0)
                await Adversarial.expectResting(pool)
                let zygotes = await Adversarial.zygotes(of: pool)
                try #require(zygotes.count == 2)
                let descriptors = zygotes.map(Adversarial.openDescriptors)
                let resident = zygotes.map(Adversarial.residentKiB)
                let processes = JailFixtures.processes(inGroups: await pool.processGroups).count

                #expect(try await batch(0..<10_000) == 0)

                await Adversarial.expectResting(pool)
                #expect(await Adversarial.zygotes(of: pool) == zygotes)
                #expect(JailFixtures.processes(inGroups: await pool.processGroups).count == processes)
                #expect(zygotes.map(Adversarial.openDescriptors) == descriptors)
                for (zygote, before) in zip(zygotes, resident) {
                    let after = Adversarial.residentKiB(zygote)
                    #expect(before != nil && after != nil)
                    #expect((after ?? .max) <= (before ?? 0) + 2048, "VmRSS of \(zygote): \(before ?? -1) KiB → \(after ?? -1) KiB")
                }
                try await JailFixtures.expectHealthy(pool)
            }
        }

        /// A zygote that does not end a blocked job at the wall limit (here a runner whose own
        /// clock is set to an hour, standing in for a wedged zygote): the host's own deadline
        /// (wall limit + grace) ends it, by killing the whole jail and starting a new zygote. The
        /// verdict is still a timeout, the host's clock says how long it ran, and the pool still
        /// answers. (The shipped zygote ends such a job itself: `LooseEnds`.)
        ///
        /// The host kills the zygote first (pid 1 of its pid namespace, so its jobs die with it) and
        /// lets the launcher reap it; killing the whole process group at once would leave the
        /// zygote a zombie until the machine's init reaps it.
        @Test func aZygoteThatMissesTheDeadlineIsKilledByTheHostsOwn() async throws {
            var profile = try JailFixtures.hangingProfile()
            profile.runnerSource = profile.runnerSource.replacingOccurrences(
                of: #"WALL_SECONDS = LIMITS["wall_ms"] / 1000.0"#, with: "WALL_SECONDS = 3600.0")
            try #require(!profile.runnerSource.contains(#"WALL_SECONDS = LIMITS["wall_ms"]"#))
            // Not withPool: this test checks the killed jail and the replacement separately.
            let pool = try await JailPool(profile: profile, size: 1)
            let original = await pool.processGroups
            let zygotes = await Adversarial.zygotes(of: pool)
            let source = """
                import os, _thread
                def transform(t):
                    for fd in range(3, 16):
                        try: os.close(fd)
                        except OSError: pass
                    l = _thread.allocate_lock(); l.acquire(); l.acquire()
                """
            let start = ContinuousClock.now
            let outcome = try await pool.execute(Job(source: source, input: JailFixtures.table))
            let elapsed = ContinuousClock.now - start
            try await JailFixtures.expectHealthy(pool)
            await Adversarial.expectResting(pool, restarts: 1)
            let replacement = await pool.processGroups
            let newZygotes = await Adversarial.zygotes(of: pool)
            await pool.shutdown()

            #expect(outcome.verdict == .timeout(milliseconds: 400))
            // 400 ms wall + 1 s grace before the host gave up on the zygote, by the host's clock.
            #expect(elapsed >= .milliseconds(1350), "\(elapsed)")
            #expect(outcome.elapsedMilliseconds >= 1350)
            #expect(newZygotes.count == 1 && newZygotes != zygotes)
            // The replacement was shut down cleanly: nothing of it is left.
            try JailFixtures.expectNothingLeft(replacement)
            // The killed jail is gone at once: the host kills the zygote first, so the launcher
            // reaps it and removes its cgroups; no zombie is left for the machine's init.
            #expect(CgroupJanitor.existing().filter { path in original.contains { path.hasSuffix("winnow-jail-\($0)") } }.isEmpty)
            let left = JailFixtures.processes(inGroups: original)
            #expect(left.isEmpty, "\(left.map(Adversarial.describe))")
        }
    }
}
