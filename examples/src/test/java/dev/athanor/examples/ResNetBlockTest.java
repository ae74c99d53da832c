package dev.athanor.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Split;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Activation;
import dev.athanor.core.layers.Add;
import dev.athanor.core.layers.BatchNormalization;
import dev.athanor.core.layers.Conv2D;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.GlobalAveragePooling2D;
import dev.athanor.core.layers.MaxPooling2D;
import dev.athanor.datasets.Datasets;
import dev.athanor.losses.Utils;
import dev.athanor.optimizers.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A ResNet-style residual block (Conv2D, BatchNormalization, Add, relu) learns the 8x8 digits. */
class ResNetBlockTest {

    /**
     * conv-bn-relu, then a residual block x + bn(conv(relu(bn(conv(x))))), relu, pooled into softmax.
     * BatchNormalization's momentum is 0.9 instead of 0.99: in ~100 steps the 0.99 moving statistics would
     * still hold a third of their initial values, and validation (which uses them) would lag, as in Keras.
     */
    static Model resnet() {
        Tensor in = Input.of(8, 8, 1);
        Tensor x = new Conv2D(16, 3).padding("same").useBias(false).apply(in);
        x = new BatchNormalization().momentum(0.9).apply(x);
        x = new Activation("relu").apply(x);
        Tensor y = new Conv2D(16, 3).padding("same").useBias(false).apply(x);
        y = new BatchNormalization().momentum(0.9).apply(y);
        y = new Activation("relu").apply(y);
        y = new Conv2D(16, 3).padding("same").useBias(false).apply(y);
        y = new BatchNormalization().momentum(0.9).apply(y);
        Tensor z = new Activation("relu").apply(new Add().apply(x, y));
        z = new MaxPooling2D().apply(z);
        z = new GlobalAveragePooling2D().apply(z);
        Tensor out = new Dense(10).activation("softmax").apply(z);
        return new Model(List.of(in), List.of(out));
    }

    @Test
    void residualBlockTrainsOnDigits() {
        Datasets.Data d = Datasets.digits();
        int n = 1000; // a few seconds on a shared 2-core machine
        INDArray images = d.x().get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup().reshape(n, 8, 8, 1);
        int[] labels = java.util.Arrays.copyOf(d.labels(), n);
        Model model = resnet();
        model.compile(new Adam().learningRate(0.01), "categorical_crossentropy", List.of("acc"));
        History h = model.fit(images, Utils.toCategorical(labels, 10), new FitOptions().epochs(4).batchSize(32)
                .validationSplit(0.2, Split.SHUFFLED).verbose(0).seed(3));
        List<Double> loss = h.history().get("loss");
        List<Double> valAcc = h.history().get("val_acc");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss " + loss);
        assertTrue(valAcc.get(valAcc.size() - 1) >= 0.8, "val_acc " + valAcc);
        assertTrue(valAcc.get(valAcc.size() - 1) > valAcc.get(0) + 0.2, "val_acc " + valAcc);
    }
}
