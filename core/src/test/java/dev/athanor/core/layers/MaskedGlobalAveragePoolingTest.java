package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** GlobalAveragePooling1D averages only the valid steps of a Keras mask, as Keras does. */
class MaskedGlobalAveragePoolingTest extends Float64Test {

    private static final INDArray IDS = Nd4j.create(new double[][] {{3, 1, 0, 0}, {0, 2, 4, 1}});

    @Test
    void maskedMeanByHandAndEmbeddingMaskInAModel() {
        Embedding emb = new Embedding(5, 3).maskZero(true);
        GlobalAveragePooling1D pool = new GlobalAveragePooling1D();
        Sequential model = new Sequential(List.of(emb, pool));
        INDArray got = model.predict(IDS);
        INDArray e = emb.callOn(List.of(Tensor.of(IDS)), false).get(0).value();
        double[] want = new double[6];
        for (int b = 0; b < 2; b++) {
            int valid = 0;
            for (int t = 0; t < 4; t++) {
                if (IDS.getDouble(b, t) != 0) {
                    valid++;
                    for (int c = 0; c < 3; c++) {
                        want[b * 3 + c] += e.getDouble(b, t, c);
                    }
                }
            }
            for (int c = 0; c < 3; c++) {
                want[b * 3 + c] /= valid;
            }
        }
        Asserts.assertAllClose(want, got.dup().data().asDouble(), 1e-12, 1e-12);
        // without the mask every step counts, which differs here
        INDArray plain = pool.callOn(List.of(Tensor.of(e)), false).get(0).value();
        assertEquals(false, plain.equalsWithEps(got, 1e-6));
        assertEquals(List.of(), pool.computeMask(List.of(Tensor.of(e)), Collections.singletonList(IDS.neq(0))));
    }

    @Test
    void normalizationLayersPassTheMaskOnAndConvolutionsStopIt() {
        INDArray mask = IDS.neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        List<Tensor> x = List.of(Tensor.of(TestArrays.uniform(3, -1, 1, 2, 4, 3)));
        assertEquals(List.of(mask), new LayerNormalization().computeMask(x, Collections.singletonList(mask)));
        assertEquals(List.of(mask), new BatchNormalization().computeMask(x, Collections.singletonList(mask)));
        assertEquals(List.of(), new Conv1D(2, 2).computeMask(x, Collections.singletonList(mask)));
        assertEquals(List.of(), new MaxPooling1D().computeMask(x, Collections.singletonList(mask)));
    }

    @Test
    void maskedGradientsAndChannelsFirst() {
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 0}, {0, 1, 1}});
        GlobalAveragePooling1D last = new GlobalAveragePooling1D().keepdims(true);
        GradientCheck.check(t -> last.callOn(t, Collections.singletonList(mask), true).get(0),
                TestArrays.uniform(1, -1, 1, 2, 3, 4));
        GlobalAveragePooling1D first = new GlobalAveragePooling1D().dataFormat("channels_first");
        INDArray x = TestArrays.uniform(2, -1, 1, 2, 4, 3);
        INDArray got = first.callOn(List.of(Tensor.of(x)), Collections.singletonList(mask), false).get(0).value();
        // sample 0: steps 0 and 1; sample 1: steps 1 and 2
        for (int c = 0; c < 4; c++) {
            assertEquals((x.getDouble(0, c, 0) + x.getDouble(0, c, 1)) / 2, got.getDouble(0, c), 1e-12);
            assertEquals((x.getDouble(1, c, 1) + x.getDouble(1, c, 2)) / 2, got.getDouble(1, c), 1e-12);
        }
    }
}
