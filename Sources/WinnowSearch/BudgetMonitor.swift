import Synchronization

/// A limit of `SearchBudget` other than the expansion count.
public enum BudgetLimit: Sendable {
    case time
    case memory
}

/// The wall clock and the memory ceiling of one search, as every part of it checks them.
///
/// The search checks between expansions, but one expansion of a wide table (hundreds of candidates,
/// each a copy of 100,000 cells) can outlast the whole budget, so a space checks inside its expansion
/// too (`SearchSpace.expand(_:within:)`). Whoever sees a limit first records which one, and the
/// record stays: the memory a skipped expansion would have used is never allocated, so by the time the
/// search asks again the process may be back under the ceiling, and the search must still report
/// that a limit, not an exhausted space, ended it.
public final class BudgetMonitor: Sendable {
    public let deadline: ContinuousClock.Instant
    public let maxMemory: Int?
    private let state = Mutex<(tripped: BudgetLimit?, lastMemoryCheck: ContinuousClock.Instant?)>((nil, nil))

    /// How often resident memory is read at most; reading `/proc` costs microseconds, and a search
    /// asks far more often than memory can grow by much.
    static let memoryCheckInterval = Duration.milliseconds(1)

    public init(budget: SearchBudget, started: ContinuousClock.Instant = .now) {
        deadline = started.advanced(by: budget.maxDuration)
        maxMemory = budget.maxMemory
    }

    /// Whether a limit has been reached (now or earlier).
    public func exceeded() -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            if state.tripped != nil { return true }
            if now >= deadline {
                state.tripped = .time
                return true
            }
            guard let maxMemory else { return false }
            if let last = state.lastMemoryCheck, now - last < Self.memoryCheckInterval { return false }
            state.lastMemoryCheck = now
            if let resident = ResidentMemory.bytes(), resident > maxMemory {
                state.tripped = .memory
                return true
            }
            return false
        }
    }

    /// The limit that was reached, if any.
    public var tripped: BudgetLimit? { state.withLock { $0.tripped } }
}
