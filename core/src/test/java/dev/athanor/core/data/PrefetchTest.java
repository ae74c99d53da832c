package dev.athanor.core.data;

import static dev.athanor.core.data.DataFixtures.*;
import dev.athanor.core.testing.fakes.PlainSgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Callback;
import dev.athanor.core.CompileOptions;
import dev.athanor.core.FitOptions;
import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.History;
import dev.athanor.core.Seeds;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Dropout;
import dev.athanor.core.testing.TestArrays;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Background prefetch: batches are prepared concurrently, reach the model in the same order whatever the
 * thread count (bitwise the same weights), a worker's failure stops fit with its exception and batch index,
 * and no worker thread is alive after fit returns or fails.
 */
class PrefetchTest {

    /** Batches of the fixed arrays; sleeps a little, pseudo-randomly per index, so workers finish out of order. */
    private static class SlowDataset implements Dataset {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        volatile CountDownLatch together;
        volatile int failAt = -1;

        @Override
        public int length() {
            return (N + BATCH - 1) / BATCH;
        }

        @Override
        public Batch batch(int index) {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (index == failAt) {
                    throw new IllegalStateException("worker failure at " + index);
                }
                CountDownLatch latch = together;
                if (latch != null && (index == 1 || index == 2)) {
                    // batches 1 and 2 each wait for the other: only concurrent workers get past this (0 is also probed)
                    latch.countDown();
                    if (!latch.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("batches 1 and 2 were not fetched concurrently");
                    }
                }
                Thread.sleep(new Random(index).nextInt(6));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
            int from = index * BATCH;
            int to = Math.min(N, from + BATCH);
            return Batch.of(X.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                    Y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
        }
    }

    private static List<String> prefetchThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("athanor-prefetch-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static List<INDArray> trained(Dataset data, Sequential m) {
        m.fit(data, new FitOptions().epochs(3).shuffle(true).seed(21).verbose(0));
        return m.getWeights();
    }

    @Test
    void theSameBatchesReachTheModelWhateverTheThreadCount() {
        Sequential[] m = new Sequential[4];
        m[0] = model();
        for (int i = 1; i < m.length; i++) {
            m[i] = model();
            m[i].setWeights(m[0].getWeights());
        }
        List<INDArray> sync = trained(new SlowDataset(), m[0]);
        assertBitwiseEqual(sync, trained(new SlowDataset().prefetch(2, 3), m[1]));
        assertBitwiseEqual(sync, trained(new SlowDataset().prefetch(4, 10), m[2]));
        assertBitwiseEqual(sync, trained(new SlowDataset().prefetch(3, 1), m[3]));
        assertEquals(List.of(), prefetchThreads());
    }

    @Test
    void workersFetchConcurrentlyAndOneWorkerDoesNot() {
        SlowDataset data = new SlowDataset();
        data.together = new CountDownLatch(2);
        model().fit(data.prefetch(3, 4), new FitOptions().shuffle(false).verbose(0));
        assertTrue(data.maxRunning.get() >= 2, "max concurrent batch() calls: " + data.maxRunning.get());
        SlowDataset alone = new SlowDataset();
        model().fit(alone, new FitOptions().shuffle(false).verbose(0));
        assertEquals(1, alone.maxRunning.get());
        assertEquals(List.of(), prefetchThreads());
    }

    @Test
    void aWorkerFailureStopsFitWithItsExceptionAndIndexAndNoThreadIsLeft() {
        SlowDataset data = new SlowDataset();
        data.failAt = 4;
        List<Integer> trainedBatches = new ArrayList<>();
        Callback record = new Callback() {
            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs) {
                trainedBatches.add(batch);
            }
        };
        DatasetException e = assertThrows(DatasetException.class, () -> model().fit(data.prefetch(3, 5),
                new FitOptions().shuffle(false).callbacks(record).verbose(0)));
        assertEquals(4, e.batchIndex());
        assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
        assertEquals("worker failure at 4", e.getCause().getMessage());
        assertEquals(List.of(0, 1, 2, 3), trainedBatches);
        assertEquals(List.of(), prefetchThreads());
    }

    @Test
    void aStreamIsReadAheadInOrderOnOneThread() {
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < N; from += BATCH) {
            int to = Math.min(N, from + BATCH);
            batches.add(Batch.of(X.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                    Y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())));
        }
        Sequential a = model();
        Sequential b = model();
        b.setWeights(a.getWeights());
        a.fit(Dataset.fromIterable(batches), new FitOptions().epochs(2).seed(2).verbose(0));
        b.fit(Dataset.fromIterable(batches).prefetch(4, 3), new FitOptions().epochs(2).seed(2).verbose(0));
        assertBitwiseEqual(a.getWeights(), b.getWeights());
        assertEquals(List.of(), prefetchThreads());
    }

    @Test
    void evaluateAndPredictStopTheirWorkersToo() {
        Sequential m = model();
        double[] sync = m.evaluate(new SlowDataset());
        assertArrayEquals(sync, m.evaluate(new SlowDataset().prefetch(3, 2)), 0.0);
        assertArrayEquals(m.predict(new SlowDataset()).data().asDouble(),
                m.predict(new SlowDataset().prefetch(2, 2)).data().asDouble(), 0.0);
        assertEquals(List.of(), prefetchThreads());
    }
}
