package dev.athanor.core.data;

import static dev.athanor.core.data.DataFixtures.*;
import dev.athanor.core.testing.fakes.PlainSgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * fit/evaluate/predict from a {@link Dataset} run the same loop as arrays: the same batches give bitwise the
 * same weights; streams, stepsPerEpoch, batch-order shuffling, hooks and failures behave as Keras's.
 */
class DatasetFitTest {

    /** A user-written dataset: the same arrays, row order drawn per epoch by its own Fisher-Yates. */
    private static final class UserDataset implements Dataset {
        private final Long seed;
        private final boolean weights;
        private int[] order = identity();
        final List<Integer> asked = new ArrayList<>();
        int begins;
        int ends;

        UserDataset(Long seed, boolean weights) {
            this.seed = seed;
            this.weights = weights;
        }

        private static int[] identity() {
            int[] p = new int[N];
            for (int i = 0; i < N; i++) {
                p[i] = i;
            }
            return p;
        }

        @Override
        public int length() {
            return (N + BATCH - 1) / BATCH;
        }

        @Override
        public void onEpochBegin(int epoch) {
            begins++;
            order = identity();
            if (seed != null) {
                Random r = Seeds.forEpoch(seed, epoch, "shuffle");
                for (int i = N - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
        }

        @Override
        public void onEpochEnd() {
            ends++;
        }

        @Override
        public synchronized Batch batch(int index) {
            asked.add(index);
            int from = index * BATCH;
            int to = Math.min(N, from + BATCH);
            return Batch.of(rows(X, order, from, to), rows(Y, order, from, to), weights ? rows(W, order, from, to) : null);
        }
    }

    @Test
    void datasetGivesBitwiseTheWeightsOfArraysInOrder() {
        Sequential[] m = twins();
        FitOptions o = new FitOptions().epochs(3).batchSize(BATCH).shuffle(false).seed(11).verbose(0);
        m[0].fit(X, Y, o);
        m[1].fit(new UserDataset(null, false), o);
        assertBitwiseEqual(m[0].getWeights(), m[1].getWeights());
    }

    @Test
    void datasetGivesBitwiseTheWeightsOfShuffledArraysWithSampleWeights() {
        Sequential[] m = twins();
        m[0].fit(X, Y, new FitOptions().epochs(3).batchSize(BATCH).shuffle(true).seed(5).sampleWeight(W).verbose(0));
        UserDataset data = new UserDataset(5L, true);
        History h = m[1].fit(data, new FitOptions().epochs(3).batchSize(BATCH).shuffle(false).seed(5).verbose(0));
        assertBitwiseEqual(m[0].getWeights(), m[1].getWeights());
        assertEquals(3, data.begins);
        assertEquals(3, data.ends);
        assertEquals(7, h.params().get("steps"));
    }

    @Test
    void streamGivesBitwiseTheWeightsOfArraysAndItsValidationTheSameLogs() {
        Sequential[] m = twins();
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < N; from += BATCH) {
            int to = Math.min(N, from + BATCH);
            batches.add(Batch.of(X.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup(),
                    Y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup()));
        }
        INDArray vx = TestArrays.uniform(9, -1, 1, 20, 4).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray vy = oneHot(10, 20);
        Map<String, List<Double>> a = m[0].fit(X, Y, new FitOptions().epochs(2).batchSize(BATCH).shuffle(false)
                .validationData(vx, vy).seed(3).verbose(0)).history();
        Dataset val = Dataset.fromIterable(List.of(Batch.of(vx.get(NDArrayIndex.interval(0, 8), NDArrayIndex.all()),
                vy.get(NDArrayIndex.interval(0, 8), NDArrayIndex.all())), Batch.of(
                vx.get(NDArrayIndex.interval(8, 16), NDArrayIndex.all()),
                vy.get(NDArrayIndex.interval(8, 16), NDArrayIndex.all())), Batch.of(
                vx.get(NDArrayIndex.interval(16, 20), NDArrayIndex.all()),
                vy.get(NDArrayIndex.interval(16, 20), NDArrayIndex.all()))));
        History h = m[1].fit(Dataset.fromIterable(batches), new FitOptions().epochs(2).shuffle(true)
                .validationData(val).seed(3).verbose(0));
        assertBitwiseEqual(m[0].getWeights(), m[1].getWeights());
        assertEquals(a, h.history());
        assertEquals(-1, h.params().get("steps"));
    }

    @Test
    void evaluateAndPredictFromADatasetMatchArrays() {
        Sequential m = model();
        m.fit(X, Y, new FitOptions().epochs(1).batchSize(BATCH).verbose(0));
        UserDataset data = new UserDataset(null, false);
        assertArrayEquals(m.evaluate(X, Y, BATCH), m.evaluate(data), 0.0);
        assertArrayEquals(m.predict(X, BATCH).data().asDouble(), m.predict(data).data().asDouble(), 0.0);
        assertArrayEquals(m.evaluate(X.get(NDArrayIndex.interval(0, 16), NDArrayIndex.all()),
                Y.get(NDArrayIndex.interval(0, 16), NDArrayIndex.all()), BATCH), m.evaluate(data, 2), 0.0);
    }

    @Test
    void shuffleVisitsEveryBatchOncePerEpochInASeededOrder() {
        UserDataset a = new UserDataset(null, false);
        model().fit(a, new FitOptions().epochs(2).seed(4).verbose(0));
        UserDataset b = new UserDataset(null, false);
        model().fit(b, new FitOptions().epochs(2).seed(4).verbose(0));
        // the first request is the probe of batch 0 for metric names added by layers
        List<Integer> epoch1 = a.asked.subList(1, 8);
        List<Integer> epoch2 = a.asked.subList(8, 15);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), epoch1.stream().sorted().toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), epoch2.stream().sorted().toList());
        assertNotEquals(epoch1, epoch2);
        assertEquals(a.asked, b.asked);
    }

    @Test
    void stepsPerEpochContinuesAnEndlessStreamAcrossEpochs() {
        List<Integer> served = new ArrayList<>();
        Iterable<Batch> endless = () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Batch next() {
                served.add(i);
                int from = (i++ % 6) * BATCH;
                return Batch.of(X.get(NDArrayIndex.interval(from, from + BATCH), NDArrayIndex.all()),
                        Y.get(NDArrayIndex.interval(from, from + BATCH), NDArrayIndex.all()));
            }
        };
        History h = model().fit(Dataset.fromIterable(endless),
                new FitOptions().epochs(3).stepsPerEpoch(4).verbose(0));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), served);
        assertEquals(4, h.params().get("steps"));
        assertEquals(3, h.history().get("loss").size());
    }

    @Test
    void stepsPerEpochBeyondAKnownLengthEndsTheEpochAndRestartsThePass() {
        UserDataset data = new UserDataset(null, false);
        model().fit(data, new FitOptions().epochs(2).stepsPerEpoch(5).shuffle(false).verbose(0));
        // probe 0; epoch 1: 0..4; epoch 2 continues 5, 6 then runs out
        assertEquals(List.of(0, 0, 1, 2, 3, 4, 5, 6), data.asked);
    }

    @Test
    void aThrowingSourceStopsFitWithItsExceptionAndBatchIndex() {
        IllegalStateException boom = new IllegalStateException("disk gone");
        Dataset failing = new Dataset() {
            @Override
            public int length() {
                return 5;
            }

            @Override
            public Batch batch(int index) {
                if (index == 3) {
                    throw boom;
                }
                return Batch.of(X.get(NDArrayIndex.interval(0, BATCH), NDArrayIndex.all()),
                        Y.get(NDArrayIndex.interval(0, BATCH), NDArrayIndex.all()));
            }
        };
        DatasetException e = assertThrows(DatasetException.class,
                () -> model().fit(failing, new FitOptions().shuffle(false).verbose(0)));
        assertEquals(3, e.batchIndex());
        assertSame(boom, e.getCause());
        assertTrue(e.getMessage().contains("disk gone"), e.getMessage());
    }

    @Test
    void aBatchOfTheWrongShapeNamesItsIndexAndBothShapes() {
        Dataset wrong = new Dataset() {
            @Override
            public int length() {
                return 3;
            }

            @Override
            public Batch batch(int index) {
                int cols = index == 2 ? 5 : 4;
                return Batch.of(Nd4j.rand(BATCH, cols), Y.get(NDArrayIndex.interval(0, BATCH), NDArrayIndex.all()));
            }
        };
        DatasetException e = assertThrows(DatasetException.class,
                () -> model().fit(wrong, new FitOptions().shuffle(false).verbose(0)));
        assertEquals(2, e.batchIndex());
        assertTrue(e.getMessage().contains("Batch 2"), e.getMessage());
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void optionsOnlyArraysSupportAreRejectedWithTheAlternative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model()
                .fit(new UserDataset(null, false), new FitOptions().validationSplit(0.2).verbose(0)));
        assertTrue(e.getMessage().contains("validationData(dataset)"), e.getMessage());
        Dataset empty = Dataset.fromIterable(List.of());
        DatasetException none = assertThrows(DatasetException.class,
                () -> model().fit(empty, new FitOptions().verbose(0)));
        assertTrue(none.getMessage().contains("no batches"), none.getMessage());
    }
}
