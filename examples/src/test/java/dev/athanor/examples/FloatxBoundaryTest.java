package dev.athanor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.testing.TestArrays;
import dev.athanor.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** float64 data into a float32 model is cast at the boundary, as Keras does (it used to fail in matmul). */
class FloatxBoundaryTest {

    private static Sequential model() {
        Sequential m = new Sequential(List.of(new Dense(4).activation("tanh").inputDim(3).name("h"),
                new Dense(2).name("out")));
        m.compile(new SGD().learningRate(0.1), "mse");
        return m;
    }

    @Test
    void doubleDataTrainsAndPredictsExactlyLikeTheSameDataInFloat32() {
        INDArray x64 = TestArrays.uniform(1, -1, 1, 16, 3);
        INDArray y64 = TestArrays.uniform(2, -1, 1, 16, 2);
        assertEquals(DataType.DOUBLE, x64.dataType());
        Sequential a = model();
        Sequential b = model();
        b.setWeights(a.getWeights());
        FitOptions o = new FitOptions().epochs(2).batchSize(4).seed(3).verbose(0);
        var ha = a.fit(x64, y64, o);
        var hb = b.fit(x64.castTo(DataType.FLOAT), y64.castTo(DataType.FLOAT), o);
        assertEquals(hb.history().get("loss"), ha.history().get("loss"));
        for (int i = 0; i < a.getWeights().size(); i++) {
            assertEquals(b.getWeights().get(i), a.getWeights().get(i));
        }
        INDArray p = a.predict(x64);
        assertEquals(DataType.FLOAT, p.dataType());
        assertEquals(b.predict(x64.castTo(DataType.FLOAT)), p);
        assertEquals(a.evaluate(x64.castTo(DataType.FLOAT), y64.castTo(DataType.FLOAT))[0], a.evaluate(x64, y64)[0]);
    }
}
