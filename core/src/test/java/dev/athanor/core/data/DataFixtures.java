package dev.athanor.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.athanor.core.CompileOptions;
import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Dropout;
import dev.athanor.core.testing.TestArrays;
import dev.athanor.core.testing.fakes.PlainSgd;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The small model and data that {@link DatasetFitTest} and {@link PrefetchTest} train: 50 samples of 4
 * features, 3 one-hot classes, sample weights, and a Dense-Dropout-Dense model compiled with plain SGD.
 */
final class DataFixtures {

    private DataFixtures() {
    }


    static final int N = 50;
    static final int BATCH = 8;
    static final INDArray X = TestArrays.uniform(1, -1, 1, N, 4).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    static final INDArray Y = oneHot(2, N);
    static final INDArray W = TestArrays.uniform(3, 0.5, 2, N).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);

    /** Keras's mse and mae, written here: core has no registered losses or optimizers. */
    static final Loss MSE = (t, p) -> p.sub(t).square().mean(-1);

    static final Metric MAE = new Metric() {
        @Override
        public Tensor call(Tensor t, Tensor p) {
            return p.sub(t).abs().mean(-1);
        }

        @Override
        public boolean higherIsBetter() {
            return false;
        }

        @Override
        public String registryName() {
            return "mae";
        }
    };

    static INDArray oneHot(long seed, int n) {
        Random r = new Random(seed);
        INDArray y = Nd4j.zeros(n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, r.nextInt(3), 1.0);
        }
        return y;
    }

    static Sequential model() {
        Sequential m = new Sequential();
        m.add(new Dense(8).activation("relu").inputDim(4).name("hidden"));
        m.add(new Dropout(0.3).name("drop"));
        m.add(new Dense(3).activation("softmax").name("out"));
        m.compile(new CompileOptions().optimizer(new PlainSgd(0.1)).loss(MSE).metrics(MAE));
        return m;
    }

    /** Two fresh models with identical initial weights. */
    static Sequential[] twins() {
        Sequential a = model();
        Sequential b = model();
        b.setWeights(a.getWeights());
        return new Sequential[] {a, b};
    }

    static void assertBitwiseEqual(List<INDArray> a, List<INDArray> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).dup().data().asDouble(), b.get(i).dup().data().asDouble(), 0.0, "weight " + i);
        }
    }

    static INDArray rows(INDArray a, int[] idx, int from, int to) {
        INDArray out = Nd4j.create(a.dataType(), to - from, a.rank() == 1 ? 1 : a.size(1));
        for (int i = from; i < to; i++) {
            out.getRow(i - from).assign(a.rank() == 1 ? a.getScalar(idx[i]) : a.getRow(idx[i]));
        }
        return a.rank() == 1 ? out.reshape(to - from) : out;
    }
}
