import ArgumentParser
import Dispatch
import Foundation
import WinnowCore
import WinnowJail

/// Runs a command body with a pool that is always shut down: on return, on error, and on SIGINT or
/// SIGTERM, which drain the pool (no orphaned jail, zombie or cgroup) and exit 130 or 143.
///
/// The signal handlers go in before the pool starts, so an interrupt during start-up also drains.
func withJailPool<T: Sendable>(
    profile: JailProfile, size: Int? = nil, _ body: @Sendable (JailPool) async throws -> T
) async throws -> T {
    let current = PoolSlot()
    let signals = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
            Task {
                StandardStreams.error("winnow: interrupted; stopping the jail")
                await current.interrupt(by: number)
                // The command normally ends first, with this exit code; this is the fallback for a
                // body that is not waiting on the pool.
                try? await Task.sleep(for: .seconds(10))
                exit(128 + number)
            }
        }
        source.resume()
        return source
    }
    defer {
        for source in signals { source.cancel() }
    }
    let pool: JailPool
    do {
        pool = try await JailPool(profile: profile, size: size)
    } catch {
        throw CommandFailure("cannot start the jail: \(error.description)", exitCode: ExitStatus.jailUnavailable)
    }
    await current.set(pool)
    do {
        let result = try await body(pool)
        await pool.shutdown()
        return result
    } catch {
        await pool.shutdown()
        if let signal = await current.signal { throw ExitCode(128 + signal) }
        throw error
    }
}

/// The pool a signal must drain, once it exists.
private actor PoolSlot {
    private var pool: JailPool?
    /// The signal that interrupted the command, if one did.
    private(set) var signal: Int32?
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func set(_ pool: JailPool) async {
        self.pool = pool
        for continuation in waiting { continuation.resume() }
        waiting.removeAll()
    }

    /// Shuts the pool down, waiting for it to finish starting if a signal came during start-up.
    func interrupt(by signal: Int32) async {
        guard self.signal == nil else { return }
        self.signal = signal
        if pool == nil { await withCheckedContinuation { waiting.append($0) } }
        await pool?.shutdown()
    }
}
