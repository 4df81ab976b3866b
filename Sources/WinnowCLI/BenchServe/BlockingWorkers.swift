import Foundation

/// Runs a fixed number of blocking jobs on that many threads, near-equal shares each, and waits.
///
/// Both of bench-serve's clients block by design (one HTTP exchange, one child process at a time)
/// so the latency they record is the wall time of that one job; threads, not tasks, keep a blocked
/// job from holding up the cooperative pool.
enum BlockingWorkers {
    /// Calls `work(worker, share)` on `workers` threads, the shares summing to `total`, and returns
    /// when all have returned.
    static func run(total: Int, workers: Int, _ work: @escaping @Sendable (_ worker: Int, _ share: Int) -> Void) {
        let group = DispatchGroup()
        for worker in 0..<workers {
            let share = total / workers + (worker < total % workers ? 1 : 0)
            group.enter()
            Thread {
                work(worker, share)
                group.leave()
            }.start()
        }
        group.wait()
    }
}
