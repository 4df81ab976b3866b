import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

extension AdversarialTests {
    /// Side effects are evidence: the child's audit hook records what a program tries outside
    /// itself, even when the jail refuses it and the program carries on, and the program cannot
    /// erase the record or make it look clean.
    @Suite struct SideEffects {
        static func run(_ pool: JailPool, _ source: String) async throws -> JobOutcome {
            try await pool.execute(Job(source: source, input: JailFixtures.table))
        }

        /// Issue 16, item 10: the write is refused, the program catches the error and returns
        /// the right table; the verdict is ok, but the attempt is on record.
        @Test func aCaughtHostFileWriteIsRecordedAndTheFileIsUntouched() async throws {
            let path = JailFixtures.hostPath("caught-write")
            try await JailFixtures.withPool { pool in
                let outcome = try await Self.run(pool, """
                    def transform(t):
                        try:
                            with open('\(path)', 'w') as f:
                                f.write('written by the program')
                        except OSError:
                            pass
                        return t
                    """)
                #expect(outcome.verdict == .ok(JailFixtures.table))
                #expect(outcome.sideEffects == [SideEffectAttempt(kind: .file, event: "open", detail: path)])
                Adversarial.expectAbsent(path)
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func importsSocketsProcessesAndFileChangesAreRecordedBeforeTheyAreStopped() async throws {
            let path = JailFixtures.hostPath("removed")
            try #require(FileManager.default.createFile(atPath: path, contents: Data("keep".utf8)))
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await JailFixtures.withPool { pool in
                // An import the jail does not offer, caught: the program still returns its table.
                let imported = try await Self.run(pool, "def transform(t):\n    try:\n        import socket\n    except ImportError:\n        pass\n    return t\n")
                #expect(imported.verdict == .ok(JailFixtures.table))
                #expect(imported.sideEffects == [SideEffectAttempt(kind: .import, event: "import", detail: "socket")])
                // os.system and os.remove reach syscalls the filter kills on: the attempt is
                // recorded before the kill.
                let system = try await Self.run(pool, "import os\ndef transform(t):\n    os.system('touch \(path)-x')\n    return t\n")
                #expect(system.verdict.kind == "seccomp-kill")
                #expect(system.sideEffects == [SideEffectAttempt(kind: .process, event: "os.system", detail: "touch \(path)-x")])
                let removed = try await Self.run(pool, "import os\ndef transform(t):\n    os.remove('\(path)')\n    return t\n")
                #expect(removed.verdict.kind == "seccomp-kill")
                #expect(removed.sideEffects.first == SideEffectAttempt(kind: .file, event: "os.remove", detail: path))
                #expect(FileManager.default.contents(atPath: path) == Data("keep".utf8))
                Adversarial.expectAbsent(path + "-x")
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// The interpreter, the runner and the preloaded modules' own machinery record nothing:
        /// namedtuple and Enum read their caller's frame, strptime loads its locale data, a
        /// runtime error's line is read from the traceback.
        @Test func ordinaryProgramsRecordNothing() async throws {
            try await JailFixtures.withPool { pool in
                let ordinary = try await Self.run(pool, """
                    import collections, csv, datetime, enum, itertools, json, math, random, re, string, unicodedata
                    def transform(t):
                        Pair = collections.namedtuple('Pair', 'left right')
                        Colour = enum.Enum('Colour', 'RED GREEN')
                        when = datetime.datetime.strptime('2024-02-03', '%Y-%m-%d')
                        rows = list(csv.reader(['a,b', 'c,d']))
                        try:
                            int('x')
                        except ValueError:
                            pass
                        cells = [str(Pair(1, 2)), Colour.RED.name, when.date().isoformat(), json.dumps(rows), re.sub('a+', 'b', 'caat'),
                                 str(math.floor(2.5)), str(random.randint(1, 9) > 0), unicodedata.name('a'), string.ascii_uppercase[:2],
                                 str(list(itertools.islice(itertools.count(), 2)))]
                        return [cells]
                    """)
                #expect(ordinary.verdict.kind == "ok", "\(ordinary.verdict)")
                #expect(ordinary.sideEffects.isEmpty)
                let failing = try await Self.run(pool, "def transform(t):\n    return helper(t)\ndef helper(t):\n    return t[10]\n")
                #expect(failing.verdict == .runtimeError(type: "IndexError", message: "list index out of range", line: 4))
                #expect(failing.sideEffects.isEmpty)
                let syntax = try await Self.run(pool, "def transform(t)\n    return t\n")
                #expect(syntax.verdict.kind == "runtime-error")
                #expect(syntax.sideEffects.isEmpty)
                await Adversarial.expectResting(pool)
            }
        }

        /// The hook keeps its own references: rebinding os.write, BaseException or json changes
        /// neither the record nor the verdict.
        @Test func rebindingWhatTheRunnerUsesChangesNothing() async throws {
            let path = JailFixtures.hostPath("rebound")
            try await JailFixtures.withPool { pool in
                let outcome = try await Self.run(pool, """
                    import builtins, json, os
                    def transform(t):
                        os.write = lambda fd, data: len(data)
                        builtins.BaseException = KeyError
                        builtins.MemoryError = ValueError
                        json.dumps = lambda *a, **k: '{"memory": true}'
                        try:
                            open('\(path)', 'w')
                        except OSError:
                            pass
                        return t
                    """)
                #expect(outcome.verdict == .ok(JailFixtures.table))
                #expect(outcome.sideEffects == [SideEffectAttempt(kind: .file, event: "open", detail: path)])
                Adversarial.expectAbsent(path)
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// What is in the record stays there: closing the descriptor ends the job at the next
        /// attempt (never refused and unrecorded), writing to it is itself tampering, and reaching
        /// for the runner's frames or the collector's objects is recorded before it returns.
        @Test func theRecordCannotBeErasedOrForged() async throws {
            let path = JailFixtures.hostPath("closed-record")
            try await JailFixtures.withPool { pool in
                let closed = try await Self.run(pool, """
                    import os
                    def transform(t):
                        for fd in range(3, 64):
                            try:
                                os.close(fd)
                            except OSError:
                                pass
                        try:
                            open('\(path)', 'w')
                        except OSError:
                            pass
                        return t
                    """)
                #expect(closed.verdict.table == nil)
                #expect(closed.sideEffects.contains { $0.kind == .tampering })
                let scribbled = try await Self.run(pool, """
                    import os
                    def transform(t):
                        for fd in range(3, 64):
                            try:
                                os.write(fd, b'\\xff\\xfe not a record')
                            except OSError:
                                pass
                        return t
                    """)
                #expect(scribbled.sideEffects.contains { $0.kind == .tampering })
                let framed = try await Self.run(pool, "import sys\ndef transform(t):\n    return [[str(sorted(sys._getframe(1).f_locals))]]\n")
                #expect(framed.sideEffects == [SideEffectAttempt(kind: .introspection, event: "sys._getframe", detail: "")])
                let collected = try await Self.run(pool, "import gc\ndef transform(t):\n    return [[str(len(gc.get_objects()) > 0)]]\n")
                #expect(collected.sideEffects.map(\.event) == ["gc.get_objects"])
                let traced = try await Self.run(pool, "def transform(t):\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n        e.__traceback__.tb_frame\n    return t\n")
                #expect(traced.sideEffects == [SideEffectAttempt(kind: .introspection, event: "object.__getattr__", detail: "tb_frame")])
                Adversarial.expectAbsent(path)
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }
}
