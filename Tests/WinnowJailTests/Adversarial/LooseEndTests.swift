import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

extension AdversarialTests {
    /// The jail's loose ends from issue 16 (items 11 to 17), each pinned by the attack that found it.
    @Suite struct LooseEnds {
        /// Item 11: the zygote's output buffer holds one byte past the cap; a job that hits the
        /// cap writes it, and the next job's child must not find it.
        @Test func aCappedJobLeavesNoByteForTheNextJob() async throws {
            var profile = try Adversarial.profile()
            profile.limits.outputBytes = 64
            try await JailFixtures.withPool(profile: profile) { pool in
                let capped = try await Adversarial.run(pool, "def transform(t):\n    return [['Z' * 500]]\n")
                #expect(capped == .outputTooLarge(limitBytes: 64))
                let leftover = try await Adversarial.run(pool, """
                    import __main__
                    def transform(t):
                        return [[str(sum(1 for byte in __main__.OUTPUT if byte))]]
                    """)
                #expect(leftover == .ok([["0"]]))
                await Adversarial.expectResting(pool)
            }
        }

        /// Item 13: the memory verdict rests on the real MemoryError class, not on a name the
        /// program chose, and a frame the program writes itself is never the runner's.
        @Test func aFakeMemoryErrorIsTheProgramsOwnErrorAndAHandWrittenFrameIsNotTheRunners() async throws {
            try await JailFixtures.withPool { pool in
                #expect(try await Adversarial.run(pool, "def transform(t):\n    raise type('MemoryError', (Exception,), {})('fake')\n")
                    == .runtimeError(type: "MemoryError", message: "fake", line: 2))
                #expect(try await Adversarial.run(pool, "def transform(t):\n    return [['x' * 10 ** 10]]\n") == .memoryLimit)
                let forged = Frames.forging(
                    "(lambda b: struct.pack('<I', len(b)) + b)(b'{\"error\": {\"type\": \"MemoryError\", \"message\": \"m\", \"line\": 1}}')",
                    then: "os._exit(0)")
                #expect(try await Adversarial.run(pool, forged) == .badFrame("the result was written by the program, not by the jail's runner"))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// Item 14: after closing its result pipe a job still runs under the wall limit: the
        /// zygote kills it on time (no zygote is replaced by the host's own deadline) and says
        /// how long it really ran.
        @Test func aJobThatClosesItsPipeAndBlocksIsKilledByTheZygoteOnTime() async throws {
            try await JailFixtures.withPool(profile: try JailFixtures.hangingProfile()) { pool in
                let outcome = try await pool.execute(Job(source: """
                    import os, _thread
                    def transform(t):
                        for fd in range(3, 64):
                            try:
                                os.close(fd)
                            except OSError:
                                pass
                        lock = _thread.allocate_lock()
                        lock.acquire()
                        lock.acquire()
                    """, input: JailFixtures.table))
                #expect(outcome.verdict == .timeout(milliseconds: 400))
                #expect(outcome.elapsedMilliseconds >= 400)
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool, restarts: 0)
            }
        }

        /// Item 15: a lone surrogate is a bad value the program returned, not a forged frame.
        @Test func aLoneSurrogateIsTheWrongShapeNotABadFrame() async throws {
            try await JailFixtures.withPool { pool in
                #expect(try await Adversarial.run(pool, "def transform(t):\n    return [['a\\udc80']]\n")
                    == .wrongShape("the result cannot be carried as JSON: a cell is not valid Unicode text (lone surrogate)"))
                let error = try await Adversarial.run(pool, "def transform(t):\n    raise ValueError('bad \\udc80')\n")
                #expect(error == .runtimeError(type: "ValueError", message: "bad \\udc80", line: 2))
                await Adversarial.expectResting(pool)
            }
        }

        /// Item 16: the size of a job is checked before its frame is built, and counted exactly.
        @Test func aJobTooLargeForTheProfileIsRefusedFromItsCountedSize() async throws {
            let job = Job(source: "def transform(t):\n\treturn t  # \"quoted\" \\ \u{1}\n", input: [["a\"b", "c\\d\n"], ["é", "\u{7F}"]])
            #expect(JobRequest.payloadSize(of: job) == JobRequest.payloadSize(JobRequest.encode(job, tag: 0)))
            var profile = try Adversarial.profile()
            profile.limits.inputBytes = 1_000
            try await JailFixtures.withPool(profile: profile) { pool in
                let big = Job(source: JailFixtures.healthyProgram, input: Table(Array(repeating: ["0123456789"], count: 200)))
                await #expect(throws: ExecutorError.inputTooLarge(bytes: JobRequest.payloadSize(of: big), limit: 1_000)) {
                    try await pool.run(big)
                }
                try await JailFixtures.expectHealthy(pool)
            }
        }

        /// Item 17: the job sees nothing of the host's process: no command line, no configuration,
        /// no name derived from the host's pid.
        @Test func theJobSeesNoHostIdentifiers() async throws {
            try await JailFixtures.withPool { pool in
                let verdict = try await Adversarial.run(pool, """
                    import sys, __main__
                    def transform(t):
                        names = sorted(vars(__main__))
                        return [[repr(sys.argv)], [repr(getattr(sys, 'orig_argv', []))], [str('CONFIG' in names)],
                                [repr([repr(getattr(__main__, n))[:300] for n in names])]]
                    """)
                let rows = try #require(verdict.table?.rows)
                #expect(rows[0] == ["['-c']"])
                #expect(rows[1] == ["[]"])
                #expect(rows[2] == ["False"])
                #expect(!rows[3][0].contains("tag_prefix"))
                await Adversarial.expectResting(pool)
            }
        }
    }
}
