import COpenBLAS

/// The few CBLAS calls the network needs, over row-major `Double` buffers.
///
/// Every matrix product in the forward pass and the gradients goes through here; what stays in
/// Swift loops is element-wise (softmax, tanh, Adam). Sizes are tiny (a batch of a few thousand
/// steps by ~16 features by 5 actions), so OpenBLAS runs them on the calling thread.
enum BLAS {
    /// C ← α · op(A) · op(B) + β · C, with op(A) m×k, op(B) k×n, C m×n; all row-major with the
    /// given leading dimensions.
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
        beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// y ← α · op(A) · x + β · y, with A m×n row-major (op(A) is n×m when transposed).
    static func gemv(
        trans: Bool, m: Int, n: Int, alpha: Double, _ a: UnsafePointer<Double>, lda: Int,
        _ x: UnsafePointer<Double>, beta: Double, _ y: UnsafeMutablePointer<Double>
    ) {
        guard m > 0, n > 0 else { return }
        cblas_dgemv(
            CblasRowMajor, trans ? CblasTrans : CblasNoTrans, blasint(m), blasint(n), alpha, a, blasint(lda), x, 1, beta,
            y, 1)
    }

    /// A ← α · x · yᵀ + A, with A m×n row-major.
    static func ger(
        m: Int, n: Int, alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
        _ a: UnsafeMutablePointer<Double>, lda: Int
    ) {
        guard m > 0, n > 0 else { return }
        cblas_dger(CblasRowMajor, blasint(m), blasint(n), alpha, x, 1, y, 1, a, blasint(lda))
    }

    /// y ← α · x + y.
    static func axpy(n: Int, alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        guard n > 0 else { return }
        cblas_daxpy(blasint(n), alpha, x, 1, y, 1)
    }

    /// x · y.
    static func dot(n: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double {
        guard n > 0 else { return 0 }
        return cblas_ddot(blasint(n), x, 1, y, 1)
    }
}
