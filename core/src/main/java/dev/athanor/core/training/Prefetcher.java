package dev.athanor.core.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.athanor.core.Internal;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.DatasetException;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Fetches one epoch's batches on background threads, up to a queue size ahead, and hands them out in the
 * order they were asked for, so batch {@code i} is batch {@code i} whatever the thread count. A worker's
 * failure surfaces when the loop reaches that batch. {@link #close()} cancels what is queued and waits for
 * the threads to end, so none outlives the epoch.
 */
@Internal
final class Prefetcher implements AutoCloseable {

    /** Prefix of the worker threads' names. */
    static final String THREAD_PREFIX = "athanor-prefetch-";

    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(Prefetcher.class);

    private final ExecutorService pool;
    private final int queueSize;
    private final IntFunction<Batch> fetch;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<Thread> started = new CopyOnWriteArrayList<>();

    private record Pending(int index, Future<Batch> batch) {
    }

    /** {@code threads} workers running {@code fetch(index)}, at most {@code queueSize} batches ahead. */
    Prefetcher(int threads, int queueSize, IntFunction<Batch> fetch) {
        this.queueSize = queueSize;
        this.fetch = fetch;
        String prefix = THREAD_PREFIX + POOLS.incrementAndGet() + "-";
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            started.add(t);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    /** Whether another batch may be queued. */
    boolean hasRoom() {
        return queue.size() < queueSize;
    }

    /** Queues batch {@code index} for a worker. */
    void submit(int index) {
        queue.add(new Pending(index, pool.submit(() -> fetch.apply(index))));
    }

    /** The oldest queued batch, which must be batch {@code index}; waits for it. */
    Batch take(int index) {
        Pending p = queue.poll();
        if (p == null || p.index() != index) {
            throw new IllegalStateException("Prefetch queue out of step: expected batch " + index + ", found "
                    + (p == null ? "none" : p.index()));
        }
        try {
            return p.batch().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new DatasetException(index, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(index, "Interrupted while waiting for batch " + index + ".", e);
        }
    }

    /**
     * Cancels queued batches and waits for the worker threads to end (joined, not just the pool terminated:
     * a pool reports termination while its last thread is still exiting).
     */
    @Override
    public void close() {
        for (Pending p : queue) {
            p.batch().cancel(false);
        }
        queue.clear();
        pool.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            for (Thread t : started) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    LOG.warn("Prefetch worker " + t.getName() + " did not stop within 60 s"
                            + " of being interrupted; its dataset's batch() ignores interruption.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
