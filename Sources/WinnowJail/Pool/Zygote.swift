import Dispatch
import Foundation
import Synchronization

/// The host's handle on one jailed zygote: starts it, sends it jobs one at a time, and turns each
/// report into a verdict. Every call blocks, so a zygote is only ever used from its own queue.
final class Zygote: @unchecked Sendable {
    // Unchecked: the mutable state (`nextTag`, `healthy`) is touched only on `queue`, and the pool
    // hands a zygote to one job at a time.
    let queue: DispatchQueue
    let layers: [JailLayer]
    let pythonVersion: String
    private let process: SpawnedLauncher
    private let channel: SocketChannel
    private let tagPrefix: String
    private let limits: JailProfile.Limits
    private var nextTag: UInt32 = 0
    /// Jobs after which a zygote is replaced anyway, so state it accumulates (allocator caches,
    /// interned strings) cannot drift without bound.
    static let recycleAfter: UInt32 = 20_000
    private var buffer: [UInt8] = []
    /// The launcher's pid, which is also the process group of everything in this jail.
    var processGroup: Int32 { process.pid }
    /// False once the zygote died, was killed or broke protocol: it must be replaced.
    private(set) var healthy = true

    /// Numbers every zygote this process starts (pool or fresh jail), so no two share a seccomp tag.
    static let serials = SerialNumbers()

    /// How long the host waits past the wall limit before it stops trusting the zygote to report.
    /// At least a second: on a loaded machine a zygote that killed its job on time can still be
    /// scheduled late, and replacing a healthy zygote costs far more than waiting for one that
    /// answers; a wedged one is rare, and only it pays the wait.
    static func grace(for limits: JailProfile.Limits) -> Duration { .milliseconds(max(1000, limits.wallMilliseconds / 2)) }

    /// Starts a zygote and waits for its layer report and its ready frame (blocking).
    init(profile: JailProfile, launcher: URL, serial: Int, warm: Bool, queue: DispatchQueue) throws(JailStartError) {
        self.queue = queue
        limits = profile.limits
        // Random, not derived from the host's pid: the job can read its own name.
        tagPrefix = "w" + String(format: "%06x", UInt32.random(in: 0..<(1 << 24)))
        do {
            process = try SpawnedLauncher(
                launcher: launcher, arguments: LauncherArguments.make(profile: profile, tagPrefix: tagPrefix, warm: warm))
        } catch {
            throw JailStartError(message: error.description, layers: [])
        }
        channel = SocketChannel(descriptor: process.channel)

        let hello: [String: Any]
        do {
            hello = try Self.readStartFrame(channel, by: .now + .seconds(10))
        } catch {
            let stderr = process.errorText()
            process.kill()
            throw JailStartError(message: "the launcher did not report its layers\(stderr.isEmpty ? "" : ": \(stderr)")", layers: [])
        }
        var layers = Self.layers(in: hello)
        if let error = hello["error"] as? String {
            process.kill()
            throw JailStartError(message: error, layers: layers)
        }
        let ready: [String: Any]
        do {
            ready = try Self.readStartFrame(channel, by: .now + .seconds(30))
        } catch {
            let stderr = process.errorText()
            process.kill()
            throw JailStartError(message: "the zygote did not start\(stderr.isEmpty ? "" : ": \(stderr)")", layers: layers)
        }
        layers += Self.layers(in: ready)
        self.layers = layers
        pythonVersion = ready["python"] as? String ?? "?"
        // Only a warm zygote runs the probe job that proves these; a one-job jail shares the profile
        // (and so the filter and limits) of a pool that did.
        for name in profile.requiredLayers where warm && JailLayer.provenByZygote.contains(name) {
            guard let layer = layers.first(where: { $0.name == name }), layer.active else {
                process.stop(grace: .seconds(2))
                let detail = layers.first(where: { $0.name == name })?.detail ?? "not reported"
                throw JailStartError(message: "required layer \(name) is not active: \(detail)", layers: layers)
            }
        }
    }

    /// Runs one encoded job (`JobRequest.encode(_:limit:)`, blocking) and says what happened.
    func run(_ request: [UInt8], decoder: VerdictDecoder) -> JobOutcome {
        guard healthy else { return JobOutcome(verdict: .jailFailure("the zygote is no longer running")) }
        let tag = nextTag
        nextTag &+= 1
        var request = request
        JobRequest.setTag(tag, in: &request)
        do {
            try channel.send(request)
        } catch {
            return JobOutcome(verdict: fail("the jail stopped taking jobs"))
        }
        let sent = ContinuousClock.now
        let deadline = sent + .milliseconds(limits.wallMilliseconds) + Self.grace(for: limits)
        do {
            try channel.receive(JobReport.size, into: &buffer, by: deadline)
            // At most a whole frame with its length prefix, and the token when the zygote left it.
            guard let report = JobReport(buffer), report.tag == tag, report.eventsLength <= Self.maxEventBytes,
                  report.length <= 16 + 4 + limits.outputBytes
            else { return JobOutcome(verdict: fail("the zygote broke protocol")) }
            try channel.receive(report.eventsLength + report.length, into: &buffer, by: deadline)
            let name = tagPrefix + String(format: "%08x", tag)
            if nextTag >= Self.recycleAfter { healthy = false }
            var sideEffects = SideEffectLog.parse(buffer[..<report.eventsLength])
            if report.exited && report.exitCode == VerdictDecoder.recordLostStatus {
                sideEffects.append(SideEffectLog.recordLost)
            }
            return JobOutcome(
                verdict: decoder.verdict(for: report, bytes: Array(buffer[report.eventsLength...]), tag: name),
                sideEffects: sideEffects, elapsedMilliseconds: report.elapsedMilliseconds)
        } catch .timedOut {
            // The zygote should have killed the job at the wall limit; it did not answer, so the
            // host's own deadline ends the whole jail, and the host's clock says how long it ran.
            healthy = false
            process.kill()
            CgroupJanitor.remove(launcher: process.pid)
            let elapsed = sent.duration(to: .now).components
            return JobOutcome(
                verdict: .timeout(milliseconds: limits.wallMilliseconds),
                elapsedMilliseconds: Int(elapsed.seconds) * 1000 + Int(elapsed.attoseconds / 1_000_000_000_000_000))
        } catch {
            return JobOutcome(verdict: fail("the zygote exited"))
        }
    }

    /// The zygote's side-effect buffer (the job pipe's capacity).
    static let maxEventBytes = 1 << 16

    /// Ends the zygote: EOF first, so it exits and the launcher removes its cgroups; SIGKILL to the
    /// process group if that takes longer than `grace`. No process, zombie or cgroup is left.
    func stop(grace: Duration = .seconds(2)) {
        healthy = false
        process.stop(grace: grace)
        CgroupJanitor.remove(launcher: process.pid)
    }

    private func fail(_ what: String) -> Verdict {
        healthy = false
        let stderr = process.errorText()
        process.kill()
        CgroupJanitor.remove(launcher: process.pid)
        return .jailFailure(stderr.isEmpty ? what : "\(what): \(stderr)")
    }

    private static func readStartFrame(_ channel: SocketChannel, by deadline: ContinuousClock.Instant) throws -> [String: Any] {
        var bytes: [UInt8] = []
        try channel.receive(4, into: &bytes, by: deadline)
        let length = Int(LittleEndian.uint32(bytes, at: 0))
        guard length < 1 << 20 else { throw SocketChannel.Failure.system("start frame too large") }
        try channel.receive(length, into: &bytes, by: deadline)
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw SocketChannel.Failure.system("start frame is not an object")
        }
        return object
    }

    private static func layers(in frame: [String: Any]) -> [JailLayer] {
        (frame["layers"] as? [[String: Any]] ?? []).compactMap { entry in
            guard let name = entry["name"] as? String, let active = entry["active"] as? Bool else { return nil }
            return JailLayer(name: name, active: active, detail: entry["detail"] as? String ?? "")
        }
    }
}

/// A jail that did not come up, with whatever layers it reported before it stopped.
public struct JailStartError: Error, Sendable {
    public var message: String
    public var layers: [JailLayer]
}

/// A process-wide counter.
final class SerialNumbers: Sendable {
    private let counter = Mutex(0)

    func next() -> Int {
        counter.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}
