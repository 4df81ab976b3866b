import Testing
import WinnowCore
@testable import WinnowJail

extension AdversarialTests {
    /// Signals to other processes: the zygote (pid 1 of the jail's pid namespace), the launcher,
    /// everything, the process group.
    @Suite struct SignalsToOthers {
        /// Observed, unlike the first guess: `os.kill(os.getppid(), 9)` never reaches kill, because
        /// getppid is not on the allowlist either.
        @Test(arguments: [
            ("os.kill(os.getppid(), 9)", "getppid"),
            ("os.kill(1, 9)", "kill"),
            ("os.kill(-1, 9)", "kill"),
            ("os.killpg(0, 9)", "kill"),
            ("os.kill(os.getpid() - 1, 9)", "kill"),
            // raise() and pthread_kill() are tgkill, refused even towards the job itself.
            ("signal.raise_signal(signal.SIGKILL)", "tgkill"),
        ])
        func signallingOthersIsKilledAndTheZygoteLives(call: String, syscall: String) async throws {
            try await JailFixtures.withPool { pool in
                let zygotes = await Adversarial.zygotes(of: pool)
                let source = "import os, signal\ndef transform(t):\n    \(call)\n    return [['sent']]\n"
                #expect(try await Adversarial.run(pool, source) == .seccompKill(syscall: syscall))
                // The same zygote process answers (none was replaced).
                try await JailFixtures.expectHealthy(pool)
                #expect(await Adversarial.zygotes(of: pool) == zygotes)
                await Adversarial.expectResting(pool)
            }
        }
    }

    /// Flooding the host with output.
    @Suite struct Output {
        @Test func returning100MegabytesIsOutputTooLarge() async throws {
            try await JailFixtures.withPool { pool in
                #expect(try await Adversarial.run(pool, "def transform(t):\n    return [['x' * 10**8]]\n")
                    == .outputTooLarge(limitBytes: 1_048_576))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func streamingBytesIntoTheResultPipeIsOutputTooLarge() async throws {
            try await JailFixtures.withPool { pool in
                // Writes straight to every descriptor it has, forever (fd 0-2 are /dev/null).
                let flood = """
                    import os
                    def transform(t):
                        chunk = b'x' * 65536
                        while True:
                            for fd in range(0, 16):
                                try: os.write(fd, chunk)
                                except OSError: pass
                    """
                #expect(try await Adversarial.run(pool, flood) == .outputTooLarge(limitBytes: 1_048_576))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func printingToStdoutAndStderrGoesToDevNull() async throws {
            try await JailFixtures.withPool { pool in
                let noisy = """
                    import sys
                    def transform(t):
                        print('x' * 10**7)
                        print('y' * 10**7, file=sys.stderr)
                        sys.stdout.flush(); sys.stderr.flush()
                        return [list(reversed(r)) for r in t]
                    """
                #expect(try await Adversarial.run(pool, noisy) == .ok([["c", "b", "a"], ["f", "e", "d"]]))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// The limit's boundary. A frame body of `output_bytes - 1` bytes is ok and one of
        /// `output_bytes + 1` is too large; one of exactly `output_bytes` is reported as "more than
        /// 1048576 bytes" although it is not: the zygote flags the cap as soon as it has read
        /// `output_bytes + 4` bytes (the prefix and a full body), without looking for a byte past it.
        /// Under the whole suite's load and a 400 ms wall the over-limit case once gave another
        /// verdict and a replaced zygote, so it names the verdict if it recurs.
        @Test func outputLimitBoundary() async throws {
            try await JailFixtures.withPool { pool in
                // `{"ok":[["` and `"]]}` frame the cell: 13 bytes.
                func cell(_ bodyBytes: Int) -> String { "def transform(t):\n    return [['x' * \(bodyBytes - 13)]]\n" }
                let below = try await Adversarial.run(pool, cell(1_048_575))
                #expect(below.table?.rows.first?.first?.utf8.count == 1_048_575 - 13)
                let above = try await Adversarial.run(pool, cell(1_048_577))
                #expect(above == .outputTooLarge(limitBytes: 1_048_576))
                let exact = try await Adversarial.run(pool, cell(1_048_576))
                #expect(exact.kind == "ok")
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }
}
