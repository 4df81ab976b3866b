import Testing
import WinnowCore
@testable import WinnowJail

extension AdversarialTests {
    /// Memory, process and CPU bombs.
    @Suite struct Bombs {
        @Test func hugeAllocationIsTheMemoryLimit() async throws {
            try await JailFixtures.withPool { pool in
                // 10 GB at once: over the 512 MiB address-space rlimit, MemoryError in the child.
                let huge = "def transform(t):\n    x = 'a' * 10**10\n    return t\n"
                #expect(try await Adversarial.run(pool, huge) == .memoryLimit)
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func gradualGrowthIsTheMemoryLimit() async throws {
            try await JailFixtures.withPool { pool in
                let growing = "def transform(t):\n    x = []\n    while True: x.append(' ' * 10**6)\n"
                #expect(try await Adversarial.run(pool, growing) == .memoryLimit)
                let buffers = "def transform(t):\n    x = []\n    while True: x.append(bytearray(10**6))\n"
                #expect(try await Adversarial.run(pool, buffers) == .memoryLimit)
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// `os` is importable (preloaded by the zygote), so fork and exec are one call away; the
        /// allowlist has neither clone nor clone3 nor execve. Observed: os.fork() dies at clone,
        /// while glibc's posix_spawn (behind os.system and os.posix_spawn) and new threads use
        /// clone3, so those die at clone3. No process is left either way.
        @Test(arguments: [
            ("import os\ndef transform(t):\n    os.fork()\n    return t\n", "clone"),
            ("import os\ndef transform(t):\n    while True: os.fork()\n", "clone"),
            ("import os\ndef transform(t):\n    os.system('sleep 100 &')\n    return t\n", "clone3"),
            ("import os\ndef transform(t):\n    os.posix_spawn('/bin/sleep', ['sleep', '100'], {})\n    return t\n", "clone3"),
            ("import os\ndef transform(t):\n    os.execv('/bin/sleep', ['sleep', '100'])\n", "execve"),
            ("import _thread\ndef transform(t):\n    _thread.start_new_thread(lambda: None, ())\n    return t\n", "clone3"),
        ])
        func processCreationIsKilledBySeccomp(source: String, syscall: String) async throws {
            try await JailFixtures.withPool { pool in
                #expect(try await Adversarial.run(pool, source) == .seccompKill(syscall: syscall))
                try await JailFixtures.expectHealthy(pool)
                // No child, grandchild or thread of the job is left: exactly launcher, zygote, spare.
                await Adversarial.expectResting(pool)
            }
        }

        /// The modules that wrap process creation are not preloaded: the import guard refuses them.
        @Test func processModulesAreNotImportable() async throws {
            let profile = try Adversarial.profile()
            try await JailFixtures.withPool(profile: profile) { pool in
                for module in ["subprocess", "threading", "multiprocessing", "concurrent.futures", "pty"] {
                    let first = String(module.split(separator: ".")[0])
                    #expect(try await Adversarial.run(pool, "import \(module)\n")
                        == .runtimeError(type: "ImportError", message: Adversarial.notInJail(first, profile), line: 1))
                }
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// Expensive builtins are plain CPU or memory: the wall limit or the memory limit ends them.
        @Test func cpuHeavyBuiltinsTimeOutOrRunOutOfMemory() async throws {
            try await JailFixtures.withPool(profile: try JailFixtures.hangingProfile()) { pool in
                #expect(try await Adversarial.run(pool, "def transform(t):\n    str(10**10**8)\n")
                    == .timeout(milliseconds: 400))
                #expect(try await Adversarial.run(pool, "import re\ndef transform(t):\n    re.match(r'(a+)+$', 'a'*40 + 'b')\n")
                    == .timeout(milliseconds: 400))
                // Not a timeout: a list of 10**9 ints is 8 GB of pointers alone, over the address
                // space limit at once.
                #expect(try await Adversarial.run(pool, "def transform(t):\n    sorted(range(10**9))\n") == .memoryLimit)
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }
}
