/// Something a program tried to do to the world outside itself while it ran in the jail: open a
/// file, a socket, a process, import a module the jail does not offer, reach into the runner.
///
/// The jail refused it (or the attempt would have been refused), so the program may still have
/// returned the right table; but outside the jail the same attempt would succeed, so the attempt
/// itself is evidence against the program.
public struct SideEffectAttempt: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Opening, listing, creating, changing or removing files or folders, reading stdin.
        case file
        /// Sockets and every network library.
        case network
        /// Starting, signalling or replacing processes; changing resource limits.
        case process
        /// Changing environment variables.
        case environment
        /// A module the jail does not preload.
        case `import`
        /// Reaching into the interpreter or the jail's runner: frames, code objects, the garbage
        /// collector's object lists, tracing, another audit hook.
        case introspection
        /// ctypes or hand-made code objects: native code.
        case native
        /// The record of attempts itself was not what the runner writes: the program wrote to it.
        case tampering
    }

    public var kind: Kind
    /// The interpreter's audit event (`open`, `socket.connect`, `subprocess.Popen`, …).
    public var event: String
    /// What it was applied to, when the event names it (a path, a module, an address).
    public var detail: String

    public init(kind: Kind, event: String, detail: String) {
        self.kind = kind
        self.event = event
        self.detail = detail
    }

    /// One line for people: `file: open /etc/passwd`.
    public var summary: String { "\(kind.rawValue): \(event)" + (detail.isEmpty ? "" : " \(detail)") }
}

/// What running one job came to: the verdict on its result, what it tried on the way, and how
/// long it ran.
public struct JobOutcome: Sendable, Hashable {
    public var verdict: Verdict
    /// Distinct attempts in the order they were made, at most `SideEffectLog.limit`.
    public var sideEffects: [SideEffectAttempt]
    /// From fork to exit (or kill) on the zygote's clock, or on the host's when the zygote had to
    /// be killed; 0 when the job never ran. Kept out of the verdict, which must be the same on
    /// every rerun (repair prompts quote it, and cassettes replay by prompt).
    public var elapsedMilliseconds: Int

    public init(verdict: Verdict, sideEffects: [SideEffectAttempt] = [], elapsedMilliseconds: Int = 0) {
        self.verdict = verdict
        self.sideEffects = sideEffects
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}
