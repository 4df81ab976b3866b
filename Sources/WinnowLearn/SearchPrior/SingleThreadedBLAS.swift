import COpenBLAS

/// Keeps OpenBLAS on the calling thread.
///
/// The prior's products are small (tens to a few thousand rows by ~50 columns) and run inside
/// searches that are already spread over the cores (one per bench case, or one per expansion's
/// candidates), so OpenBLAS's own worker threads only spin and yield against them: measured on a
/// wide Foofah case, over a third of the run went to `sched_yield` until this was set.
enum SingleThreadedBLAS {
    /// Evaluated once, before the prior's first product.
    static let configured: Bool = {
        openblas_set_num_threads(1)
        return true
    }()
}
