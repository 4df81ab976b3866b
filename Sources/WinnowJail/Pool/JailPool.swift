import Dispatch
import Foundation
import Logging

/// A pool of warm jailed zygotes, one per core by default: the executor Winnow uses for every
/// untrusted program.
///
/// Each zygote serves one job at a time on its own thread and forks a fresh child per job, so jobs
/// never share a process. A zygote that dies, hangs past the host's deadline or breaks protocol is
/// killed and replaced. `shutdown()` drains: running jobs finish, waiting ones are refused, and
/// every launcher, zygote and cgroup is gone when it returns.
public actor JailPool: Executor {
    public nonisolated let profile: JailProfile
    /// The layers the first zygote reported (all zygotes of a pool are set up alike).
    public nonisolated let layers: [JailLayer]
    public nonisolated let size: Int
    public nonisolated let pythonVersion: String

    private let launcher: URL
    private nonisolated let decoder: VerdictDecoder
    private var idle: [Zygote] = []
    /// Every zygote started and not yet stopped, busy or idle.
    private var live: [ObjectIdentifier: Zygote] = [:]
    private var busy = 0
    private var restarting = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Zygote?, Never>)] = []
    private var nextWaiter = 0
    private var closed = false
    private var lastStartFailure: String?
    private var drained: [CheckedContinuation<Void, Never>] = []
    private var shutdownTask: Task<Void, Never>?
    /// How many zygotes were started to replace dead ones.
    public private(set) var restarts = 0
    private static let logger = Logger(label: "winnow.jail")

    /// Starts `size` zygotes (default: one per core) in parallel and waits until all are ready.
    public init(profile: JailProfile, launcher: URL? = nil, size: Int? = nil) async throws(ExecutorError) {
        guard let launcher = launcher ?? LauncherLocator.locate() else {
            throw .unavailable("\(LauncherLocator.name) is not built beside this executable")
        }
        CgroupJanitor.sweepStale()
        let count = max(1, size ?? ProcessInfo.processInfo.activeProcessorCount)
        let started = await withTaskGroup(of: Result<Zygote, JailStartError>.self) { group in
            for _ in 0..<count {
                group.addTask { await Self.start(profile: profile, launcher: launcher, warm: true) }
            }
            var results: [Result<Zygote, JailStartError>] = []
            for await result in group { results.append(result) }
            return results
        }
        let zygotes = started.compactMap { try? $0.get() }
        if zygotes.count < count {
            for zygote in zygotes { zygote.queue.sync { zygote.stop() } }
            let failure = started.compactMap { result -> JailStartError? in
                if case .failure(let error) = result { return error }
                return nil
            }.first
            throw .unavailable(failure?.message ?? "a zygote did not start")
        }
        self.profile = profile
        self.launcher = launcher
        self.size = count
        layers = zygotes[0].layers
        pythonVersion = zygotes[0].pythonVersion
        idle = zygotes
        for zygote in zygotes { live[ObjectIdentifier(zygote)] = zygote }
        decoder = VerdictDecoder(
            limits: profile.limits,
            memoryCgroup: zygotes[0].layers.contains { $0.name == "cgroup-memory" && $0.active },
            seccompLog: SeccompLog())
        for layer in layers where !layer.active {
            Self.logger.warning("jail layer \(layer.name) is not active: \(layer.detail)")
        }
    }

    /// Starts one zygote on a new thread of its own (the start blocks for tens of milliseconds).
    static func start(profile: JailProfile, launcher: URL, warm: Bool) async -> Result<Zygote, JailStartError> {
        let serial = Zygote.serials.next()
        let queue = DispatchQueue(label: "winnow.jail.zygote.\(serial)")
        return await withCheckedContinuation { continuation in
            queue.async {
                do throws(JailStartError) {
                    continuation.resume(returning: .success(try Zygote(profile: profile, launcher: launcher, serial: serial, warm: warm, queue: queue)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
    }

    /// The process group of each running jail (the launcher's pid): every process of a jail,
    /// zygote and jobs included, is in it, so these say exactly what must be gone after shutdown.
    public var processGroups: [Int32] { live.values.map(\.processGroup).sorted() }

    /// Nonisolated so that encoding a job (a large table takes a while) never holds up the actor:
    /// only taking and returning a zygote go through it.
    public nonisolated func execute(_ job: Job) async throws(ExecutorError) -> JobOutcome {
        let request = try JobRequest.encode(job, limit: profile.limits.inputBytes)
        let zygote = try await checkOut()
        let decoder = decoder
        let outcome = await withCheckedContinuation { continuation in
            zygote.queue.async { continuation.resume(returning: zygote.run(request, decoder: decoder)) }
        }
        await checkIn(zygote)
        return outcome
    }

    /// Refuses new jobs, lets running ones finish, then stops every zygote. A second caller (a
    /// signal handler and the command's own cleanup, say) waits for the same shutdown to finish.
    public func shutdown() async {
        if let running = shutdownTask {
            await running.value
            return
        }
        let task = Task { await self.drainAndStop() }
        shutdownTask = task
        await task.value
    }

    private func drainAndStop() async {
        closed = true
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
        waiters.removeAll()
        while busy > 0 || restarting > 0 {
            await withCheckedContinuation { drained.append($0) }
        }
        let zygotes = idle
        idle.removeAll()
        live.removeAll()
        await withTaskGroup(of: Void.self) { group in
            for zygote in zygotes {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        zygote.queue.async {
                            zygote.stop()
                            continuation.resume()
                        }
                    }
                }
            }
        }
    }

    private func checkOut() async throws(ExecutorError) -> Zygote {
        if closed { throw .closed }
        if Task.isCancelled { throw .cancelled }
        if let zygote = idle.popLast() {
            busy += 1
            return zygote
        }
        if busy == 0 && restarting == 0 { throw .unavailable(lastStartFailure ?? "every zygote has failed") }
        let id = nextWaiter
        nextWaiter += 1
        let zygote = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Zygote?, Never>) in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
        guard let zygote else {
            if closed { throw .closed }
            if Task.isCancelled { throw .cancelled }
            throw .unavailable(lastStartFailure ?? "every zygote has failed")
        }
        return zygote
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: nil)
    }

    /// Returns a zygote after a job: to the next waiter, to the idle list, or for replacement.
    private func checkIn(_ zygote: Zygote) {
        busy -= 1
        if zygote.healthy {
            hand(zygote)
        } else {
            replace(zygote)
        }
        notifyIfDrained()
    }

    private func hand(_ zygote: Zygote) {
        if closed {
            idle.append(zygote)
        } else if !waiters.isEmpty {
            busy += 1
            waiters.removeFirst().continuation.resume(returning: zygote)
        } else {
            idle.append(zygote)
        }
    }

    private func replace(_ dead: Zygote) {
        live[ObjectIdentifier(dead)] = nil
        restarting += 1
        restarts += 1
        let profile = profile, launcher = launcher
        Task {
            await withCheckedContinuation { continuation in
                dead.queue.async {
                    dead.stop(grace: .zero)
                    continuation.resume()
                }
            }
            let result = await Self.start(profile: profile, launcher: launcher, warm: true)
            self.finishReplacement(result)
        }
    }

    private func finishReplacement(_ result: Result<Zygote, JailStartError>) {
        restarting -= 1
        switch result {
        case .success(let zygote):
            live[ObjectIdentifier(zygote)] = zygote
            hand(zygote)
        case .failure(let error):
            lastStartFailure = error.message
            Self.logger.error("a replacement zygote did not start: \(error.message)")
            if busy == 0 && restarting == 0 && idle.isEmpty {
                for waiter in waiters { waiter.continuation.resume(returning: nil) }
                waiters.removeAll()
            }
        }
        notifyIfDrained()
    }

    private func notifyIfDrained() {
        guard busy == 0 && restarting == 0 else { return }
        for continuation in drained { continuation.resume() }
        drained.removeAll()
    }
}
