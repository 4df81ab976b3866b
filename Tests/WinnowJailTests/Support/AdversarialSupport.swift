import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

/// Helpers for the adversarial suite (`Tests/WinnowJailTests/Adversarial`): profiles with other
/// limits, running one hostile program, and looking at the jail's processes from the host.
enum Adversarial {
    /// The shipped profile with other limits (by default, the fixtures' ample wall).
    static func profile(wallMilliseconds: Int = JailFixtures.ampleWallMilliseconds, cpuSeconds: Int? = nil) throws -> JailProfile {
        var profile = try JailFixtures.profile(wallMilliseconds: wallMilliseconds)
        if let cpuSeconds { profile.limits.cpuSeconds = cpuSeconds }
        return profile
    }

    /// Runs one program (entry `transform`) on `input`.
    static func run(_ pool: JailPool, _ source: String, input: Table = JailFixtures.table) async throws -> Verdict {
        try await pool.run(Job(source: source, input: input))
    }

    /// The message the jail's import guard gives for a module that was not preloaded.
    static func notInJail(_ module: String, _ profile: JailProfile) -> String {
        "module '\(module)' is not available in the jail (preloaded: \(profile.preload.joined(separator: ", ")))"
    }

    /// Asserts that a pool is back to its resting state after a job: each jail is exactly its
    /// launcher and its zygote (the zygote forks a job's child when the job arrives and reaps it
    /// before it reports, so no child, grandchild or zombie of any job may remain), and no zygote
    /// was replaced (unless `restarts` says so). Processes may take a moment to go, so this waits
    /// up to 2 s for the jails to settle.
    static func expectResting(
        _ pool: JailPool, restarts: Int = 0, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let groups = await pool.processGroups
        var problems = restingProblems(groups)
        let deadline = ContinuousClock.now + .seconds(2)
        while !problems.isEmpty && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
            problems = restingProblems(groups)
        }
        #expect(groups.count == pool.size, sourceLocation: sourceLocation)
        #expect(problems.isEmpty, "\(problems)", sourceLocation: sourceLocation)
        #expect(await pool.restarts == restarts, sourceLocation: sourceLocation)
    }

    /// What is wrong with the processes of these jails at rest (empty when nothing is).
    static func restingProblems(_ groups: [Int32]) -> [String] {
        var problems: [String] = []
        for group in groups {
            let processes = JailFixtures.processes(inGroups: [group])
            let zygotes = processes.filter { $0 != group && parent(of: $0) == group }
            if !processes.contains(group) { problems.append("jail \(group): no launcher") }
            if zygotes.count != 1 { problems.append("jail \(group): \(zygotes.count) zygotes") }
            for pid in processes where pid != group && !zygotes.contains(pid) {
                problems.append("jail \(group): stray process \(describe(pid)), parent \(parent(of: pid) ?? -1)")
            }
            for pid in processes where state(of: pid) == "Z" {
                problems.append("jail \(group): zombie \(describe(pid))")
            }
        }
        return problems
    }

    /// Asserts a host path a program tried to create does not exist.
    static func expectAbsent(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!FileManager.default.fileExists(atPath: path), "\(path) was created on the host",
                sourceLocation: sourceLocation)
    }

    // MARK: - /proc

    /// The fields of /proc/<pid>/stat after the command name: state, ppid, pgrp, …
    static func statFields(_ pid: Int32) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    static func state(of pid: Int32) -> String? { statFields(pid).map { String($0[0]) } }

    static func parent(of pid: Int32) -> Int32? { statFields(pid).flatMap { Int32($0[1]) } }

    static func describe(_ pid: Int32) -> String {
        let name = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        return "\(pid) \(name) \(state(of: pid) ?? "?")"
    }

    /// Each jail's zygote: the process in the jail's group whose parent is the launcher (the group).
    static func zygotes(of pool: JailPool) async -> [Int32] {
        let groups = await pool.processGroups
        return groups.compactMap { group in
            JailFixtures.processes(inGroups: [group]).first { parent(of: $0) == group }
        }
    }

    static func openDescriptors(_ pid: Int32) -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count
    }

    /// Resident memory in KiB (VmRSS of /proc/<pid>/status).
    static func residentKiB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        }
        return nil
    }

    // MARK: - Programs

    /// A job that searches every string it can reach for secrets, and every readable byte of its
    /// own address space (which is a fork of the zygote's, so it holds whatever the zygote holds).
    ///
    /// Its input is rows `[prefix, suffix with every character doubled]`; the secret of a row is
    /// `prefix + suffix`. The job never holds a secret itself (its source and input carry only the
    /// prefix and the doubled suffix): it finds each occurrence of a prefix, then compares the
    /// characters after it with the undoubled suffix. Row 0 is a positive control: the job plants
    /// that secret in a global before it searches, so it must find it both ways, which shows the
    /// search works. Output: one row per input row, `[prefix, "object:found"|"object:not found",
    /// "memory:found"|"memory:not found"]`, then `["scanned", <bytes of memory read>]`.
    ///
    /// The object walk starts at sys.modules, the zygote's `__main__` globals (its `request` and
    /// `OUTPUT` buffers included), every frame up the stack and gc.get_objects(), and follows
    /// gc.get_referents. The memory walk uses the zygote's own ctypes (still reachable as
    /// `__main__.ctypes`): from many seed addresses (every object found, the zygote's buffers, the
    /// brk heap's end, the stack) it grows regions page by page while a page is readable, probing
    /// with rt_sigprocmask(99, page, NULL, 8), which fails with EFAULT for an unreadable page and
    /// EINVAL otherwise, without any effect; both the probe and reading are allowed by the filter.
    static let memoryScanner = #"""
        import gc, sys

        PLANTED = []

        def _check(text, targets, found):
            for i, (prefix, suffix) in enumerate(targets):
                start = 0
                while True:
                    k = text.find(prefix, start)
                    if k < 0:
                        break
                    if text[k + len(prefix):k + len(prefix) + len(suffix)] == suffix:
                        found.add(i)
                    start = k + 1

        def _walk(targets):
            found, seen = set(), set()
            stack = [sys.modules, vars(sys.modules['__main__'])]
            f = sys._getframe()
            while f is not None:
                stack += [f, f.f_locals, f.f_globals]
                f = f.f_back
            stack += gc.get_objects()
            visited = 0
            while stack and visited < 3_000_000:
                o = stack.pop()
                if id(o) in seen:
                    continue
                seen.add(id(o))
                visited += 1
                if isinstance(o, str):
                    _check(o, targets, found)
                elif isinstance(o, (bytes, bytearray)):
                    _check(bytes(o).decode('latin-1'), targets, found)
                elif isinstance(o, memoryview):
                    try:
                        _check(o.tobytes().decode('latin-1'), targets, found)
                    except Exception:
                        pass
                else:
                    try:
                        stack.extend(gc.get_referents(o))
                    except Exception:
                        pass
            return found, seen

        def _memory(targets, ids):
            main = sys.modules['__main__']
            ctypes = main.ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            page = 4096
            def readable(address):
                libc.syscall(14, 99, ctypes.c_void_p(address), None, 8)
                return ctypes.get_errno() != 14
            seeds = set(ids)
            for name in ('request', 'OUTPUT'):
                seeds.add(ctypes.addressof(ctypes.c_char.from_buffer(getattr(main, name))))
            libc.sbrk.restype = ctypes.c_void_p
            seeds.add(libc.sbrk(0) - 1)
            seeds.add(ctypes.c_void_p.in_dll(libc, '__libc_stack_end').value)
            pages, regions = set(), []
            for seed in sorted(seeds):
                p = seed - seed % page
                if p in pages or not readable(p):
                    continue
                lo = hi = p
                while lo - page not in pages and readable(lo - page):
                    lo -= page
                while hi + page not in pages and readable(hi + page):
                    hi += page
                pages.update(range(lo, hi + page, page))
                regions.append((lo, hi + page))
            found, scanned = set(), 0
            for lo, hi in regions:
                _check(ctypes.string_at(lo, hi - lo).decode('latin-1'), targets, found)
                scanned += hi - lo
            return found, scanned

        def transform(t):
            targets = [(row[0], row[1][::2]) for row in t]
            PLANTED.append(targets[0][0] + targets[0][1])
            in_objects, seen = _walk(targets)
            in_memory, scanned = _memory(targets, seen)
            rows = [[prefix, 'object:' + ('found' if i in in_objects else 'not found'),
                     'memory:' + ('found' if i in in_memory else 'not found')]
                    for i, (prefix, _) in enumerate(targets)]
            return rows + [['scanned', str(scanned)]]
        """#

    /// Every character of `text` twice: how a secret travels in the scanner's input.
    static func doubled(_ text: String) -> String { String(text.flatMap { [$0, $0] }) }

    /// A fresh hex token (32 characters, uppercase) for secrets.
    static func token() -> String { UUID().uuidString.replacingOccurrences(of: "-", with: "") }
}
