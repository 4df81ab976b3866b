import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

/// The shipped profile and pools made from it, for every jail test.
enum JailFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var profilePath: String { packageRoot.appendingPathComponent("sandboxes/python3.json").path }

    /// The wall limit of a job whose expected verdict is not a timeout: one no loaded machine
    /// reaches first. Under a 400 ms wall, CI's two cores running the whole suite at once turned a
    /// flood of output (and before it a compiler running out of memory) into a timeout and a
    /// replaced zygote; a test that fails costs at most this long per job.
    static let ampleWallMilliseconds = 20_000

    /// The wall limit of a job that is meant to hang until the wall limit: short, so that hanging
    /// costs the suite little time.
    static let hangingWallMilliseconds = 400

    /// The shipped profile under another wall limit (by default the ample one).
    static func profile(wallMilliseconds: Int = ampleWallMilliseconds) throws -> JailProfile {
        var profile = try JailProfile.load(path: profilePath)
        profile.limits.wallMilliseconds = wallMilliseconds
        return profile
    }

    /// The shipped profile for tests whose verdict is a timeout.
    static func hangingProfile() throws -> JailProfile { try profile(wallMilliseconds: hangingWallMilliseconds) }

    /// Runs `body` with a fresh pool and always shuts it down; then checks that the pool left no
    /// process and no cgroup behind.
    static func withPool<T>(
        size: Int = 1, profile: JailProfile? = nil, _ body: (JailPool) async throws -> T
    ) async throws -> T {
        let pool = try await JailPool(profile: try profile ?? Self.profile(), size: size)
        let groups = await pool.processGroups
        do {
            let result = try await body(pool)
            await pool.shutdown()
            try expectNothingLeft(groups)
            return result
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    /// The table most tests feed their programs.
    static let table: Table = [["a", "b", "c"], ["d", "e", "f"]]

    /// A program that returns its input reversed row by row: what a healthy pool answers.
    static let healthyProgram = "def transform(t):\n    return [list(reversed(r)) for r in t]\n"

    /// Checks the pool still answers a normal job correctly (after an attack, say).
    static func expectHealthy(_ pool: JailPool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let verdict = try await pool.run(Job(source: healthyProgram, input: table))
        #expect(verdict == .ok([["c", "b", "a"], ["f", "e", "d"]]), sourceLocation: sourceLocation)
    }

    /// Every live process whose process group is one of `groups` (read from /proc).
    static func processes(inGroups groups: [Int32]) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After "comm)": state, ppid, pgrp.
            guard fields.count > 2, let group = Int32(fields[2]) else { return false }
            return groups.contains(group)
        }
    }

    /// Asserts that no process of the given jails and none of their cgroups remain.
    static func expectNothingLeft(_ groups: [Int32], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!groups.isEmpty, sourceLocation: sourceLocation)
        #expect(processes(inGroups: groups).isEmpty, "processes left in \(groups)", sourceLocation: sourceLocation)
        let cgroups = CgroupJanitor.existing().filter { path in groups.contains { path.hasSuffix("winnow-jail-\($0)") } }
        #expect(cgroups.isEmpty, "cgroups left: \(cgroups)", sourceLocation: sourceLocation)
    }

    /// A path on the host that a test program tries to create; the caller checks it never appears.
    static func hostPath(_ name: String) -> String {
        NSTemporaryDirectory() + "winnow-jail-test-\(name)-\(UUID().uuidString)"
    }
}
