import Hummingbird
import Synchronization

/// The server's admission state: how many requests hold a work slot, and whether it is draining.
///
/// A request that would do work takes a slot before its body is read, so a full server answers 429 at
/// once instead of reading megabytes it will not process; a draining one answers 503. One lock around
/// two integers: an actor would make every admission an await for nothing.
public final class WorkSlots: Sendable {
    public enum Admission: Sendable, Equatable {
        case admitted
        case busy
        case draining
    }

    private struct State {
        var busy = 0
        var draining = false
    }

    private let state = Mutex(State())
    public let capacity: Int
    private let metrics: ServeMetrics
    /// The refusal while every slot is taken, and its document, built once: under overload it is most
    /// of what the server writes.
    let busyRefusal: ServiceError
    private let busyBody: ByteBuffer

    public init(capacity: Int, metrics: ServeMetrics) {
        self.capacity = capacity
        self.metrics = metrics
        busyRefusal = ServiceError(.busy, "all \(capacity) work slots are busy (--max-in-flight); retry after the Retry-After seconds")
        busyBody = ProblemResponse.body(busyRefusal)
    }

    /// The 429 answer, from the bytes built once.
    func busyResponse() -> Response {
        Response(status: .tooManyRequests, headers: ProblemResponse.headers(busyRefusal), body: ResponseBody(byteBuffer: busyBody))
    }

    /// Takes a slot if one is free and the server is not draining; pair every `.admitted` with `release()`.
    public func acquire() -> Admission {
        let (admission, busy) = state.withLock { state -> (Admission, Int) in
            if state.draining { return (.draining, state.busy) }
            if state.busy >= capacity { return (.busy, state.busy) }
            state.busy += 1
            return (.admitted, state.busy)
        }
        if admission == .admitted { metrics.setBusySlots(busy) }
        return admission
    }

    public func release() {
        let busy = state.withLock { state in
            state.busy -= 1
            return state.busy
        }
        metrics.setBusySlots(busy)
    }

    public var busy: Int { state.withLock { $0.busy } }
    public var isDraining: Bool { state.withLock { $0.draining } }

    /// From now on every new request is refused with 503; work already admitted goes on.
    public func startDraining() {
        state.withLock { $0.draining = true }
        metrics.setDraining(true)
    }
}
