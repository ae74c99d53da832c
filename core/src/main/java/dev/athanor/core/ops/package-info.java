/**
 * The kernels behind {@link dev.athanor.core.Tensor}'s op methods, each forward next to its backward
 * (element-wise, reductions, shapes, matrix products, convolutions, pooling, batch norm,
 * crossentropies), plus the host-side BLAS and scratch buffers they share.
 *
 * <p>Implementation; its public types are {@link dev.athanor.core.Internal}. Plugins write their
 * own ops with {@link dev.athanor.core.Tensor#customOp} instead. Depends on the top-level package and
 * {@code activations} only.
 */
package dev.athanor.core.ops;
