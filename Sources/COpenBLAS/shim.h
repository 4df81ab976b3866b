/* OpenBLAS's CBLAS interface for Swift: the learned controller policy's forward pass and gradients
 * (dgemv, dgemm, dger, daxpy). pkg-config's openblas entry puts OpenBLAS's own cblas.h first on the
 * include path. */
#include <cblas.h>
