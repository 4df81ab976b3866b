import ServiceLifecycle

/// What SIGTERM does to `winnow serve`: new requests get 503 while work in flight finishes, then the
/// HTTP server stops.
///
/// The service group shuts services down in reverse order, so this one, placed after the HTTP server,
/// runs first: it flips the slots to draining and returns when the last slot is released (or after
/// `limit`), and only then is the listening socket closed.
struct DrainService: Service {
    let slots: WorkSlots
    let limit: Duration

    func run() async throws {
        try? await gracefulShutdown()
        slots.startDraining()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while slots.busy > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
