import Testing
import WinnowCore
@testable import WinnowJail

extension AdversarialTests {
    /// Forged, partial and unrepresentable results. The job's result pipe is an ordinary
    /// descriptor of the child, so a program can find it and write what it likes.
    @Suite struct Frames {
        /// Writes `frame` (Python bytes expression) to every descriptor from 3 to 15 that takes it,
        /// then runs `then`.
        static func forging(_ frame: String, then: String) -> String {
            """
            import os, struct, json
            def transform(t):
                frame = \(frame)
                for fd in range(3, 16):
                    try: os.write(fd, frame)
                    except OSError: pass
                \(then)
            """
        }

        static let okFrame = "(lambda b: struct.pack('<I', len(b)) + b)(json.dumps({'ok': [['forged']]}).encode())"

        @Test func exitingBeforeReturningIsABadFrame() async throws {
            try await JailFixtures.withPool { pool in
                #expect(try await Adversarial.run(pool, "import os\ndef transform(t):\n    os._exit(0)\n")
                    == .badFrame("no result (the program ended without writing one)"))
                #expect(try await Adversarial.run(pool, "import os\ndef transform(t):\n    os._exit(7)\n")
                    == .badFrame("exited with status 7: no result (the program ended without writing one)"))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// Whatever a program writes to the result pipe itself, complete or partial, JSON or not,
        /// is not the runner's frame: the zygote finds no job token in front of it. (Before issue
        /// 16 a complete forged frame and a clean exit were accepted as the program's result.) The
        /// same writes reach the record of side effects, so they are on record as tampering too.
        @Test func forgedFramesAreNeverTheRunners() async throws {
            try await JailFixtures.withPool { pool in
                let partial = "(lambda b: struct.pack('<I', len(b) + 10) + b)(json.dumps({'ok': [['forged']]}).encode())"
                let nan = "(lambda b: struct.pack('<I', len(b)) + b)(b'{\"ok\": [[NaN]]}')"
                let memory = "(lambda b: struct.pack('<I', len(b)) + b)(b'{\"memory\": true}')"
                for (frame, then) in [(Self.okFrame, "os._exit(0)"), (Self.okFrame, "return [['real']]"), (partial, "os._exit(0)"),
                                      ("b'\\x10\\x00'", "os._exit(0)"), (nan, "os._exit(0)"), (memory, "os._exit(0)")] {
                    let outcome = try await pool.execute(Job(source: Self.forging(frame, then: then), input: JailFixtures.table))
                    #expect(outcome.verdict == .badFrame("the result was written by the program, not by the jail's runner"), "\(frame)")
                    #expect(outcome.sideEffects.contains { $0.kind == .tampering }, "\(frame)")
                }
                // A forged frame and then a non-zero exit: the exit status speaks first.
                #expect(try await Adversarial.run(pool, Self.forging(Self.okFrame, then: "os._exit(1)"))
                    == .badFrame("exited with status 1 after writing a result"))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// The wait status wins over the bytes: a complete ok frame followed by a death is the death.
        @Test func aForgedFrameBeforeDyingIsTheDeath() async throws {
            try await JailFixtures.withPool(profile: try JailFixtures.hangingProfile()) { pool in
                // Observed: os.abort() is not a crash here; raise(SIGABRT) is tgkill, not allowed.
                #expect(try await Adversarial.run(pool, Self.forging(Self.okFrame, then: "os.abort()"))
                    == .seccompKill(syscall: "tgkill"))
                let segfault = "sys.modules['__main__'].ctypes.string_at(8, 1)"
                #expect(try await Adversarial.run(pool, "import sys\n" + Self.forging(Self.okFrame, then: segfault))
                    == .crash(signal: 11))
                #expect(try await Adversarial.run(pool, Self.forging(Self.okFrame, then: "while True: pass"))
                    == .timeout(milliseconds: 400))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func unrepresentableResultsAreTheWrongShape() async throws {
            try await JailFixtures.withPool { pool in
                let cases: [(String, Verdict)] = [
                    ("float('nan')", .wrongShape("the result cannot be carried as JSON: ValueError: Out of range float values are not JSON compliant")),
                    ("[[float('inf')]]", .wrongShape("the result cannot be carried as JSON: ValueError: Out of range float values are not JSON compliant")),
                    ("{'a', 'b'}", .wrongShape("the result cannot be carried as JSON: TypeError: Object of type set is not JSON serializable")),
                    ("b'abc'", .wrongShape("the result cannot be carried as JSON: TypeError: Object of type bytes is not JSON serializable")),
                    ("[[b'abc']]", .wrongShape("the result cannot be carried as JSON: TypeError: Object of type bytes is not JSON serializable")),
                    ("None", .wrongShape("returned null, not a list of rows")),
                    ("{'ok': [['x']]}", .wrongShape("returned an object, not a list of rows")),
                    ("[[1]]", .wrongShape("row 0 cell 0 is a number, not a string")),
                    ("[[True]]", .wrongShape("row 0 cell 0 is a boolean, not a string")),
                    ("[['a'], 'b']", .wrongShape("row 1 is a string, not a list of cells")),
                ]
                for (value, verdict) in cases {
                    #expect(try await Adversarial.run(pool, "def transform(t):\n    return \(value)\n") == verdict, "\(value)")
                }
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// A program cannot pass its own failure off as the jail's: a child that cannot install its
        /// filter dies by SIGUSR1, which no job can send, so any exit status is the program's.
        @Test func exitStatus3IsNotAJailFailure() async throws {
            try await JailFixtures.withPool { pool in
                let verdict = try await Adversarial.run(pool, "import os\ndef transform(t):\n    os._exit(3)\n")
                #expect(verdict == .badFrame("exited with status 3: no result (the program ended without writing one)"))
                // Only the verdict is wrong: the zygote is fine.
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }

    /// Killing the interpreter.
    @Suite struct Crashes {
        @Test func abortIsASeccompKillNotACrash() async throws {
            try await JailFixtures.withPool { pool in
                // Observed: abort() raises SIGABRT with tgkill, which is not allowed, so the job
                // dies of SIGSYS first and never of SIGABRT.
                #expect(try await Adversarial.run(pool, "import os\ndef transform(t):\n    os.abort()\n")
                    == .seccompKill(syscall: "tgkill"))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func segfaultsAreCrashesAndTheZygoteLivesOn() async throws {
            try await JailFixtures.withPool { pool in
                let zygotes = await Adversarial.zygotes(of: pool)
                // Pure Python: json's C encoder recurses on the C stack once the recursion limit
                // is lifted, and 100 000 nested lists overflow it.
                let nested = """
                    import sys, json
                    def transform(t):
                        sys.setrecursionlimit(10**7)
                        l = []
                        for i in range(100000): l = [l]
                        json.dumps(l)
                    """
                #expect(try await Adversarial.run(pool, nested) == .crash(signal: 11))
                // Through the zygote's ctypes (see `Imports`): a read at address 8.
                let wild = "import sys\ndef transform(t):\n    sys.modules['__main__'].ctypes.string_at(8, 1)\n"
                #expect(try await Adversarial.run(pool, wild) == .crash(signal: 11))
                // faulthandler is built in but refused by the import guard; past the guard, its
                // _sigsegv() first lowers RLIMIT_CORE with prlimit64, which is not allowed.
                let profile = pool.profile
                #expect(try await Adversarial.run(pool, "import faulthandler\n")
                    == .runtimeError(type: "ImportError", message: Adversarial.notInJail("faulthandler", profile), line: 1))
                let faulthandler = "import sys\ndef transform(t):\n    sys.meta_path.pop(0)\n    import faulthandler\n    faulthandler._sigsegv()\n"
                #expect(try await Adversarial.run(pool, faulthandler) == .seccompKill(syscall: "prlimit64"))
                try await JailFixtures.expectHealthy(pool)
                #expect(await Adversarial.zygotes(of: pool) == zygotes)
                await Adversarial.expectResting(pool)
            }
        }
    }

    /// Recursion, and bombs that go off at compile time.
    @Suite struct Recursion {
        @Test func plainRecursionIsARecursionError() async throws {
            try await JailFixtures.withPool { pool in
                let source = "def transform(t):\n    def f(n): return f(n + 1)\n    return f(0)\n"
                #expect(try await Adversarial.run(pool, source)
                    == .runtimeError(type: "RecursionError", message: "maximum recursion depth exceeded", line: 2))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// CPython 3.11 keeps Python frames off the C stack, so a lifted recursion limit does not
        /// crash: it only costs time and memory. Observed: 10**6 deep ends in RecursionError (in
        /// about half a second of CPU here); 10**8 deep grows until the wall limit (under a long one,
        /// until the 2 s CPU limit). Never a hang.
        @Test func liftedRecursionLimitIsBoundedByTheLimits() async throws {
            try await JailFixtures.withPool { pool in
                let million = "import sys\ndef transform(t):\n    sys.setrecursionlimit(10**6)\n    def f(n): return f(n + 1)\n    return f(0)\n"
                #expect(try await Adversarial.run(pool, million)
                    == .runtimeError(type: "RecursionError", message: "maximum recursion depth exceeded", line: 4))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
            try await JailFixtures.withPool(profile: try JailFixtures.hangingProfile()) { pool in
                let unbounded = "import sys\ndef transform(t):\n    sys.setrecursionlimit(10**8)\n    def f(n): return f(n + 1)\n    return f(0)\n"
                #expect(try await Adversarial.run(pool, unbounded) == .timeout(milliseconds: 400))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func deeplyNestedSourceIsASyntaxError() async throws {
            try await JailFixtures.withPool { pool in
                let parentheses = "x = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
                    + "\ndef transform(t):\n    return t\n"
                #expect(try await Adversarial.run(pool, parentheses) == .runtimeError(
                    type: "SyntaxError", message: "too many nested parentheses (<program>, line 1)", line: 1))
                let brackets = "def transform(t):\n    return eval('[' * 10**6 + ']' * 10**6)\n"
                #expect(try await Adversarial.run(pool, brackets) == .runtimeError(
                    type: "SyntaxError", message: "too many nested parentheses (<string>, line 1)", line: 2))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// 20 MB of source (5 million statements) runs the compiler out of memory: MemoryError in
        /// the child, so the memory limit. It takes about 3 s here alone and took over 15 s once with
        /// the whole suite running beside it, and on a slower loaded machine (CI, 2 cores) the compiler
        /// spent the shipped 2 s of CPU before it reached the memory limit. So this uses a wall and
        /// a CPU limit no machine reaches first.
        @Test func twentyMegabyteSourceRunsOutOfMemory() async throws {
            let profile = try Adversarial.profile(wallMilliseconds: 60000, cpuSeconds: 60)
            try await JailFixtures.withPool(profile: profile) { pool in
                let source = String(repeating: "x=1\n", count: 5_000_000) + "def transform(t):\n    return t\n"
                let verdict = try await Adversarial.run(pool, source)
                #expect(verdict == .memoryLimit)
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }
}
