package dev.athanor.spark;

import dev.athanor.core.Config;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Variable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sits between backward and the optimizer's update: sums every worker's gradient over the ring,
 * scaled so that the result is the gradient of the global batch, then lets the wrapped optimizer
 * apply it. Every replica therefore applies the same update to the same weights.
 *
 * <p>It presents itself as the wrapped optimizer (name, config, state), so a model saved while it
 * is compiled in names the real optimizer.
 */
final class AllReduceOptimizer implements Optimizer {

    private final Optimizer inner;
    private final Ring ring;
    private float scale = 1f;
    private float[] flat;
    private INDArray flatNd;
    private long allReduceNanos;

    AllReduceOptimizer(Optimizer inner, Ring ring) {
        this.inner = inner;
        this.ring = ring;
    }

    /**
     * This worker's share of the next step's global batch ({@code localRows / globalRows}): its
     * mean gradient is weighted by it before the sum, which makes the sum the global-batch mean.
     */
    void share(int localRows, int globalRows) {
        this.scale = (float) localRows / globalRows;
    }

    /** Time spent in the ring so far (for the benchmark's all-reduce share). */
    long allReduceNanos() {
        return allReduceNanos;
    }

    Optimizer inner() {
        return inner;
    }

    @Override
    public void apply(List<Variable> variables) {
        int total = 0;
        for (Variable v : variables) {
            total += Math.toIntExact(v.value().length());
        }
        if (flat == null || flat.length != total) {
            flat = new float[total];
            flatNd = Nd4j.create(DataType.FLOAT, total);
        }
        int off = 0;
        for (Variable v : variables) {
            int len = Math.toIntExact(v.value().length());
            INDArray g = v.grad();
            INDArray slice = flatNd.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + len));
            if (g == null) {
                // the variable took no part in this worker's loss; its share of the sum is zero
                slice.assign(0);
            } else {
                slice.assign(g.reshape(new long[] {len}));
            }
            off += len;
        }
        if (scale != 1f) {
            flatNd.muli(scale);
        }
        long t0 = System.nanoTime();
        flatNd.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().get(flat);
        try {
            ring.allReduce(flat);
        } catch (IOException e) {
            throw new UncheckedIOException("All-reduce of the gradient failed on rank " + ring.rank() + ": "
                    + e.getMessage(), e);
        }
        flatNd.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().put(flat);
        allReduceNanos += System.nanoTime() - t0;
        off = 0;
        for (Variable v : variables) {
            int len = Math.toIntExact(v.value().length());
            INDArray g = v.grad();
            if (g == null) {
                throw new IllegalStateException("Variable '" + v.name() + "' has no gradient on rank " + ring.rank()
                        + " but its all-reduced gradient is needed: every worker must use every trainable"
                        + " variable in its loss.");
            }
            g.assign(flatNd.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + len)).reshape('c', g.shape()));
            off += len;
        }
        inner.apply(variables);
    }

    @Override
    public long iterations() {
        return inner.iterations();
    }

    @Override
    public double learningRate() {
        return inner.learningRate();
    }

    @Override
    public double baseLearningRate() {
        return inner.baseLearningRate();
    }

    @Override
    public void setLearningRate(double learningRate) {
        inner.setLearningRate(learningRate);
    }

    @Override
    public List<Variable> weights() {
        return inner.weights();
    }

    @Override
    public void setWeights(List<Variable> variables, List<INDArray> values) {
        inner.setWeights(variables, values);
    }

    @Override
    public String registryName() {
        return inner.registryName();
    }

    @Override
    public List<String> aliases() {
        return inner.aliases();
    }

    @Override
    public Map<String, Object> config() {
        return inner.config();
    }

    @Override
    public void configure(Config config) {
        inner.configure(config);
    }
}
