package dev.athanor.core.ops.rnn;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Splits a recurrent kernel's batch rows over threads. The rows of a recurrence are independent, so
 * each thread walks all time steps for its block with no synchronization per step, and calls BLAS
 * single-threaded: on the W6 shapes ({@code [64, 128]·[128, 512]} per step) OpenBLAS's own two
 * threads spent most of each product waking and waiting for each other, and fell far behind one
 * thread per core once the machine was loaded.
 *
 * <p>Threads: the machine's cores, at most one per 8 rows; {@code -Dathanor.rnn.threads=N} caps them
 * (1: the caller's thread alone, with BLAS's own threading left as it is). While blocks run, the
 * process-wide OpenBLAS thread count is 1 (restored afterwards).
 */
final class RowWorkers {

    /** One block of rows {@code [from, to)}. */
    @FunctionalInterface
    interface Block {
        void run(int from, int to);
    }

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "athanor-rnn-rows");
        t.setDaemon(true);
        return t;
    });

    private RowWorkers() {
    }

    /** The number of blocks for {@code rows} rows. */
    static int count(int rows) {
        int cores = Runtime.getRuntime().availableProcessors();
        int wanted = Integer.getInteger("athanor.rnn.threads", cores);
        return Math.max(1, Math.min(Math.min(wanted, cores), rows / 8));
    }

    /** Runs {@code block} over {@code [0, rows)} split into {@link #count} blocks; returns when all are done. */
    static void run(int rows, Block block) {
        int p = count(rows);
        if (p == 1) {
            block.run(0, rows);
            return;
        }
        int before = openblas_nolapack.blas_get_num_threads();
        openblas_nolapack.blas_set_num_threads(1);
        try {
            Future<?>[] others = new Future<?>[p - 1];
            for (int i = 1; i < p; i++) {
                int from = (int) ((long) rows * i / p);
                int to = (int) ((long) rows * (i + 1) / p);
                others[i - 1] = POOL.submit(() -> block.run(from, to));
            }
            Throwable failure = null;
            try {
                block.run(0, rows / p);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (Future<?> f : others) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = failure == null ? e : failure;
                }
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            if (failure != null) {
                throw new IllegalStateException("A recurrent kernel's row block failed: " + failure, failure);
            }
        } finally {
            openblas_nolapack.blas_set_num_threads(before);
        }
    }
}
