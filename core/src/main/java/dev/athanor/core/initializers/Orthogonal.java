package dev.athanor.core.initializers;

import dev.athanor.core.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Orthogonal(gain=1.0, seed=None)} (keras/initializers/initializers_v2.py, Keras 2.6):
 * the shape is flattened to {@code [rows = prod(shape[:-1]), cols = shape[-1]]}; a normal matrix
 * {@code A} of shape {@code [max(rows, cols), min(rows, cols)]} is drawn, factored {@code A = QR}
 * with the signs fixed so that diag(R) &gt; 0 ({@code q *= sign(diag(r))}); Q is transposed when
 * rows &lt; cols, multiplied by {@code gain} and reshaped. So the rows (or columns, whichever are
 * fewer) are orthonormal. Needs rank &gt;= 2.
 */
public final class Orthogonal extends SeededInitializer {

    private double gain = 1.0;

    @Override
    public String registryName() {
        return "Orthogonal";
    }

    @Override
    public List<String> aliases() {
        return List.of("orthogonal");
    }

    /** Sets the multiplicative factor. */
    public Orthogonal gain(double value) {
        this.gain = value;
        return this;
    }

    @Override
    public INDArray initialize(long[] shape, DataType dtype, Random random) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("The tensor to initialize must be at least two-dimensional. "
                    + "Received: shape=" + Arrays.toString(shape));
        }
        int cols = Math.toIntExact(shape[shape.length - 1]);
        int rows = Math.toIntExact(Draws.count(shape) / cols);
        int n = Math.max(rows, cols);
        int k = Math.min(rows, cols);
        Random r = random(random);
        // a[i][j], n x k, column-major access pattern through q[j][i] (columns as arrays).
        double[][] q = new double[k][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                q[j][i] = r.nextGaussian();
            }
        }
        // Modified Gram-Schmidt (twice, for stability): Q with diag(R) > 0, the sign-fixed QR.
        for (int j = 0; j < k; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += q[p][i] * q[j][i];
                    }
                    for (int i = 0; i < n; i++) {
                        q[j][i] -= dot * q[p][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                // Q is n x k; when rows < cols the result is Q^T (k x n) = rows x cols.
                out[i * cols + j] = gain * (rows >= cols ? q[j][i] : q[i][j]);
            }
        }
        return Draws.array(out, shape, dtype);
    }

    @Override
    protected void writeConfig(Map<String, Object> config) {
        config.put("gain", gain);
    }

    @Override
    protected void readConfig(Config config) {
        gain = config.getDouble("gain", 1.0);
    }
}
