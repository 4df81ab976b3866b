import Dispatch
import Foundation

/// The design the pool is measured against: a whole new jail (launcher, namespaces, cgroups,
/// interpreter start) for every job, with the same per-job layers and verdicts as the pool.
///
/// It is what "exec a fresh jailed python3 per job" costs here, and it shares every line of the
/// pool's code but reuse, so the difference `winnow bench-exec` reports is reuse alone.
public struct FreshJail: Executor {
    public let profile: JailProfile
    private let launcher: URL
    private let decoder: VerdictDecoder

    public init(profile: JailProfile, launcher: URL? = nil) throws(ExecutorError) {
        guard let launcher = launcher ?? LauncherLocator.locate() else {
            throw .unavailable("\(LauncherLocator.name) is not built beside this executable")
        }
        self.profile = profile
        self.launcher = launcher
        decoder = VerdictDecoder(limits: profile.limits, memoryCgroup: profile.jail.cgroupMemoryBytes > 0, seccompLog: SeccompLog())
    }

    public func execute(_ job: Job) async throws(ExecutorError) -> JobOutcome {
        if Task.isCancelled { throw .cancelled }
        let request = try JobRequest.encode(job, limit: profile.limits.inputBytes)
        let serial = Zygote.serials.next()
        let queue = DispatchQueue(label: "winnow.jail.fresh.\(serial)")
        let profile = profile, launcher = launcher, decoder = decoder
        let result: Result<JobOutcome, ExecutorError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(JailStartError) {
                    let zygote = try Zygote(profile: profile, launcher: launcher, serial: serial, warm: false, queue: queue)
                    let outcome = zygote.run(request, decoder: decoder)
                    zygote.stop()
                    continuation.resume(returning: .success(outcome))
                } catch {
                    continuation.resume(returning: .failure(.unavailable(error.message)))
                }
            }
        }
        return try result.get()
    }
}
