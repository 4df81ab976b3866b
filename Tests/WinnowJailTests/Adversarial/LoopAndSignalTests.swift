import Testing
import WinnowCore
@testable import WinnowJail

extension AdversarialTests {
    /// Programs that never finish: spinning, blocking, and dodging the signals meant to stop them.
    @Suite struct Loops {
        @Test func busyLoopTimesOutAndTheZygoteIsReused() async throws {
            try await JailFixtures.withPool(profile: try JailFixtures.hangingProfile()) { pool in
                let spin = "def transform(t):\n    while True: pass\n"
                #expect(try await Adversarial.run(pool, spin) == .timeout(milliseconds: 400))
                try await JailFixtures.expectHealthy(pool)
                // Twice: the same zygote serves the next hostile job as well as the normal one.
                #expect(try await Adversarial.run(pool, spin) == .timeout(milliseconds: 400))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func lockDeadlockWithoutCPUTimesOut() async throws {
            try await JailFixtures.withPool(profile: try JailFixtures.hangingProfile()) { pool in
                let deadlock = """
                    import _thread
                    def transform(t):
                        l = _thread.allocate_lock(); l.acquire(); l.acquire()
                    """
                // futex is allowed, so the child blocks using no CPU: only the wall limit ends it.
                #expect(try await Adversarial.run(pool, deadlock) == .timeout(milliseconds: 400))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// Sleeping and waiting calls are not on the allowlist: they end at once, in a seccomp
        /// kill naming the call, rather than as timeouts.
        @Test(arguments: [
            ("import time\ndef transform(t):\n    time.sleep(100)\n", "clock_nanosleep"),
            ("import select\ndef transform(t):\n    select.select([], [], [], 100)\n", "pselect6"),
            ("import signal\ndef transform(t):\n    signal.pause()\n", "pause"),
            ("import signal\ndef transform(t):\n    signal.alarm(1)\n", "alarm"),
            ("import signal\ndef transform(t):\n    signal.setitimer(signal.ITIMER_REAL, 1)\n", "setitimer"),
        ])
        func sleepingAndTimersAreKilledBySeccomp(source: String, syscall: String) async throws {
            try await JailFixtures.withPool { pool in
                #expect(try await Adversarial.run(pool, source) == .seccompKill(syscall: syscall))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// `signal` is importable (the zygote imported it, and everything in sys.modules is).
        /// Ignoring SIGXCPU and SIGTERM changes nothing: the wall limit is a SIGKILL from the zygote.
        @Test func ignoringSignalsDoesNotEscapeTheWallLimit() async throws {
            try await JailFixtures.withPool(profile: try JailFixtures.hangingProfile()) { pool in
                let stubborn = """
                    import signal
                    def transform(t):
                        for s in (signal.SIGXCPU, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                            signal.signal(s, signal.SIG_IGN)
                        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGXCPU, signal.SIGTERM})
                        while True: pass
                    """
                #expect(try await Adversarial.run(pool, stubborn) == .timeout(milliseconds: 400))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// With a 1 s CPU limit under a long wall limit, a busy loop ends at the CPU limit (the
        /// soft limit's SIGXCPU), and a loop that ignores SIGXCPU still ends there: the hard limit
        /// (soft + 1 s) is a SIGKILL from the kernel, which the host reads as the CPU limit
        /// because the child used all its CPU time.
        @Test func cpuLimitFiresEvenWhenSIGXCPUIsIgnored() async throws {
            let profile = try Adversarial.profile(cpuSeconds: 1)
            try await JailFixtures.withPool(profile: profile) { pool in
                let spin = "def transform(t):\n    while True: pass\n"
                #expect(try await Adversarial.run(pool, spin) == .cpuLimit(seconds: 1))
                let ignoring = """
                    import signal
                    def transform(t):
                        signal.signal(signal.SIGXCPU, signal.SIG_IGN)
                        while True: pass
                    """
                #expect(try await Adversarial.run(pool, ignoring) == .cpuLimit(seconds: 1))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }
}
