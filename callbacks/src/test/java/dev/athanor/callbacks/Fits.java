package dev.athanor.callbacks;

import dev.athanor.core.Callback;
import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small real fits shared by the tests. */
final class Fits {

    private Fits() {
    }

    static final INDArray X = data(32, 7);
    static final INDArray Y = X.sum(true, 1).reshape(32, 1).mul(0.5).add(0.1);
    static final INDArray VX = data(16, 8);
    static final INDArray VY = VX.sum(true, 1).reshape(16, 1).mul(0.5).add(0.1);

    static INDArray data(int rows, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[][] v = new double[rows][3];
        for (double[] row : v) {
            for (int j = 0; j < 3; j++) {
                row[j] = r.nextDouble();
            }
        }
        return Nd4j.create(v).castTo(Nd4j.defaultFloatingPointType());
    }

    static Sequential model() {
        Sequential m = new Sequential();
        m.add(new Dense(4).inputDim(3));
        m.add(new Dense(1));
        m.compile("sgd", "mse");
        return m;
    }

    static History fit(Sequential m, int epochs, boolean validation, Callback... callbacks) {
        FitOptions o = new FitOptions().epochs(epochs).batchSize(8).verbose(0).shuffle(false).seed(1)
                .callbacks(callbacks);
        if (validation) {
            o.validationData(VX, VY);
        }
        return m.fit(X, Y, o);
    }

    /** Overwrites val_loss with a scripted sequence (runs before the callbacks after it). */
    static LambdaCallback script(String key, double... values) {
        return new LambdaCallback().onEpochEnd((Integer e, Map<String, Double> logs) -> logs.put(key, values[e]));
    }

    static List<Double> list(double... v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
