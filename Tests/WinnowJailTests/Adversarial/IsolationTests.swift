import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

extension AdversarialTests {
    /// The import guard, and what lies past it.
    @Suite struct Imports {
        @Test func modulesThatWereNotPreloadedAreRefused() async throws {
            let profile = try Adversarial.profile()
            try await JailFixtures.withPool(profile: profile) { pool in
                for (statement, module) in [("import ctypes", "ctypes"), ("import socket", "socket"),
                                            ("import subprocess", "subprocess"), ("import importlib", "importlib"),
                                            ("import mmap", "mmap"), ("__import__('fractions')", "fractions")] {
                    #expect(try await Adversarial.run(pool, statement + "\n")
                        == .runtimeError(type: "ImportError", message: Adversarial.notInJail(module, profile), line: 1))
                }
                // Everything already in sys.modules imports: os.path (and os, sys, gc, signal…).
                let osPath = "import os.path\ndef transform(t):\n    return [[os.path.join('a', 'b')]]\n"
                #expect(try await Adversarial.run(pool, osPath) == .ok([["a/b"]]))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// The zygote deletes ctypes from sys.modules before a job runs, but its classes are still
        /// reachable through `object.__subclasses__()`, and the module itself is still a global of
        /// the zygote's `__main__` (with the zygote's `PRCTL`). So a job has ctypes after all:
        /// arbitrary reads and writes of its own memory and calls into libc. The syscall layer is
        /// what holds: every call outside the allowlist kills the job.
        @Test func theZygotesCtypesIsReachable() async throws {
            try await JailFixtures.withPool { pool in
                let subclasses = """
                    def transform(t):
                        seen, stack = set(), [object]
                        while stack:
                            for c in type.__subclasses__(stack.pop()):
                                if c not in seen:
                                    seen.add(c); stack.append(c)
                        return [[str(any(c.__module__ == 'ctypes' and c.__name__ == 'CDLL' for c in seen))]]
                    """
                #expect(try await Adversarial.run(pool, subclasses) == .ok([["True"]]))
                let viaMain = """
                    import os, sys
                    def transform(t):
                        ctypes = sys.modules['__main__'].ctypes
                        return [[ctypes.__name__, str(ctypes.CDLL(None).getpid() == os.getpid())]]
                    """
                // getpid is allowed: the call through libc works.
                #expect(try await Adversarial.run(pool, viaMain) == .ok([["ctypes", "True"]]))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test(arguments: [
            // libc's socket(): AF_INET, SOCK_STREAM.
            ("ctypes.CDLL(None).socket(2, 1, 0)", "socket"),
            // The raw syscall, by number (41 is socket on x86-64).
            ("ctypes.CDLL(None).syscall(41, 2, 1, 0)", "socket"),
            // The zygote's own prctl handle, to drop the filter or rename the job: prctl is refused.
            ("sys.modules['__main__'].PRCTL(22, 0, 0, 0, 0)", "prctl"),
            // Executable memory for shellcode: mmap with PROT_EXEC is refused by the filter's argument check.
            ("ctypes.CDLL(None).mmap(None, 4096, 7, 0x22, -1, 0)", "mmap"),
            // And making existing memory executable.
            ("(lambda b: ctypes.CDLL(None).mprotect(ctypes.c_void_p(ctypes.addressof(b) & ~4095), 4096, 7))(ctypes.create_string_buffer(8192))", "mprotect"),
            // ptrace, to reach the zygote.
            ("ctypes.CDLL(None).ptrace(16, 1, 0, 0)", "ptrace"),
        ])
        func forbiddenCallsThroughCtypesAreKilled(call: String, syscall: String) async throws {
            try await JailFixtures.withPool { pool in
                let source = """
                    import sys
                    def transform(t):
                        ctypes = sys.modules['__main__'].ctypes
                        result = \(call)
                        return [['called', str(result)]]
                    """
                #expect(try await Adversarial.run(pool, source) == .seccompKill(syscall: syscall))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// x32 syscalls (number | 0x40000000) go around filters that compare numbers without
        /// checking the ABI; this one lets none through, so the job dies. The kernel's record has a
        /// number no table names, so the syscall is nil (and the verdict's summary then says
        /// "kernel log unreadable", which is not the reason).
        @Test func x32SyscallsAreKilled() async throws {
            try await JailFixtures.withPool { pool in
                let source = """
                    import sys
                    def transform(t):
                        ctypes = sys.modules['__main__'].ctypes
                        return [[str(ctypes.CDLL(None).syscall(0x40000000 | 41, 2, 1, 0))]]
                    """
                #expect(try await Adversarial.run(pool, source) == .seccompKill(syscall: nil))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }

    /// What one job can learn of another, and what it can change for another.
    @Suite struct CrossJob {
        /// Job A sees a secret in its input and returns another; then job B, in the same zygote,
        /// searches every object it can reach and every readable page of its memory (a fork of
        /// the zygote's) for both. It finds its own planted control both ways, and neither secret:
        /// the zygote holds no expected output and wipes a job's bytes before it forks the next child.
        @Test func aLaterJobCannotFindAnEarlierJobsInputOrOutput() async throws {
            try await JailFixtures.withPool { pool in
                let secret = Adversarial.token()
                let source = "def transform(t):\n    return [['ZQXJ-out-' + t[0][0][len('ZQXJ-in-'):].lower()]]\n"
                let a = try await Adversarial.run(pool, source, input: [["ZQXJ-in-" + secret]])
                #expect(a == .ok([["ZQXJ-out-" + secret.lowercased()]]))
                // A second job with the secret, so that the zygote's buffers held it more than once.
                #expect(try await Adversarial.run(pool, source, input: [["ZQXJ-in-" + secret], ["padding"]])
                    == .ok([["ZQXJ-out-" + secret.lowercased()]]))
                let control = Adversarial.token()
                let b = try await Adversarial.run(pool, Adversarial.memoryScanner, input: [
                    ["ZQXJ-ctl-", Adversarial.doubled(control)],
                    ["ZQXJ-in-", Adversarial.doubled(secret)],
                    ["ZQXJ-out-", Adversarial.doubled(secret.lowercased())],
                ])
                let rows = try #require(b.table?.rows, "\(b)")
                #expect(rows.count == 4)
                guard rows.count == 4 else { return }
                #expect(rows[0] == ["ZQXJ-ctl-", "object:found", "memory:found"])
                #expect(rows[1] == ["ZQXJ-in-", "object:not found", "memory:not found"])
                #expect(rows[2] == ["ZQXJ-out-", "object:not found", "memory:not found"])
                // It did read memory: at least the zygote's heap (some tens of MB).
                #expect(rows[3][0] == "scanned")
                #expect((Int(rows[3][1]) ?? 0) > 4_000_000, "\(rows[3])")
                // And the zygote's buffers as a job sees them: the request buffer holds this job's
                // own request and zeros after it (the child is forked with its job in the buffer;
                // had an earlier, longer job's bytes been left there, they would follow it and
                // json.loads would fail), and the output buffer is all zeros.
                let buffers = """
                    import json, sys
                    def transform(t):
                        main = sys.modules['__main__']
                        job = json.loads(bytes(main.request).rstrip(b'\\0'))
                        return [[job['entry'], str(job['input'] == t), str(any(main.OUTPUT))]]
                    """
                #expect(try await Adversarial.run(pool, buffers, input: [["short"]]) == .ok([["transform", "True", "False"]]))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// A big job must not shrink later jobs' memory in the same zygote. Each child is a fork of
        /// the zygote, so a request buffer grown for one 32 MB program (well within the 64 MiB
        /// input limit; a long comment will do) would count against every later child's 512 MiB
        /// address-space limit, and a later honest job allocating 500 MB would fail: the zygote
        /// drops the big buffer after the job.
        @Test func aBigJobDoesNotShrinkLaterJobsMemory() async throws {
            try await JailFixtures.withPool { pool in
                let hungry = "def transform(t):\n    x = 'a' * (500 * 10**6)\n    return [['fits']]\n"
                #expect(try await Adversarial.run(pool, hungry) == .ok([["fits"]]))
                let big = "# " + String(repeating: "x", count: 32_000_000) + "\ndef transform(t):\n    return [['big']]\n"
                #expect(try await Adversarial.run(pool, big) == .ok([["big"]]))
                let after = try await Adversarial.run(pool, hungry)
                // The zygote drops a big job's request buffer after the job, so later children
                // do not carry it against their address-space limit.
                #expect(after == .ok([["fits"]]))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func tamperingDoesNotOutliveTheJob() async throws {
            try await JailFixtures.withPool(profile: try JailFixtures.hangingProfile()) { pool in
                let probe = """
                    import json, random
                    def transform(t):
                        random.seed(7)
                        return [[str(len('abc')), json.dumps([1, 'a']), repr(random.random()), str(len(t))] + t[0]]
                    """
                let input: Table = [["a", "b", "c"], ["d", "e", "f"]]
                let expected: Table = [["3", "[1, \"a\"]", "0.32383276483316237", "2", "a", "b", "c"]]
                #expect(try await Adversarial.run(pool, probe, input: input) == .ok(expected))
                let tamper = """
                    import builtins, json, random, sys, gc
                    def transform(t):
                        builtins.len = lambda x: 42
                        json.dumps = lambda *a, **k: '{"ok": [["tampered"]]}'
                        random.seed = lambda *a, **k: None
                        t[0][0] = 'mutated'; t.append(['extra']); t[1].clear()
                        sys.meta_path.clear()
                        sys.modules['__main__'].WALL_SECONDS = 10**9
                        sys.modules['__main__'].OUTPUT_CAP = 10**12
                        gc.enable()
                        return t
                    """
                // The tampering does not reach the runner: it bound its encoder, len() and the rest
                // before A ran, so A's verdict is exactly the table A returned.
                #expect(try await Adversarial.run(pool, tamper, input: input) == .ok([["mutated", "b", "c"], [], ["extra"]]))
                // None of it outlives A: B sees the real builtins and modules, and the host's
                // copy of A's input is what it passed.
                #expect(input == [["a", "b", "c"], ["d", "e", "f"]])
                #expect(try await Adversarial.run(pool, probe, input: input) == .ok(expected))
                // The zygote's own limits are unchanged: a spinning job still times out at 400 ms.
                #expect(try await Adversarial.run(pool, "def transform(t):\n    while True: pass\n") == .timeout(milliseconds: 400))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }
}
