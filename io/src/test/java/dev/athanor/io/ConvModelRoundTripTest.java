package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.AveragePooling2D;
import dev.athanor.core.layers.BatchNormalization;
import dev.athanor.core.layers.Concatenate;
import dev.athanor.core.layers.Conv1D;
import dev.athanor.core.layers.Conv2D;
import dev.athanor.core.layers.Conv2DTranspose;
import dev.athanor.core.layers.Cropping2D;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.DepthwiseConv2D;
import dev.athanor.core.layers.GlobalAveragePooling1D;
import dev.athanor.core.layers.GlobalMaxPooling2D;
import dev.athanor.core.layers.LayerNormalization;
import dev.athanor.core.layers.MaxPooling1D;
import dev.athanor.core.layers.MaxPooling2D;
import dev.athanor.core.layers.SeparableConv2D;
import dev.athanor.core.layers.UpSampling2D;
import dev.athanor.core.layers.ZeroPadding2D;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A model using every convolution, pooling and normalization layer survives .h5, JSON and YAML. */
class ConvModelRoundTripTest {

    private static Model model() {
        Tensor image = Input.of(9, 9, 2);
        Tensor a = new Conv2D(4, 3).padding("same").strides(2).activation("relu").apply(image);
        a = new BatchNormalization().apply(a);
        a = new DepthwiseConv2D(3).depthMultiplier(2).padding("same").apply(a);
        a = new SeparableConv2D(4, 2).apply(a);
        a = new Conv2DTranspose(3, 3).strides(2).padding("same").apply(a);
        a = new ZeroPadding2D().padding(1, 0, 0, 1).apply(a);
        a = new Cropping2D().cropping(0, 1, 1, 0).apply(a);
        a = new UpSampling2D().apply(a);
        a = new MaxPooling2D().apply(a);
        a = new AveragePooling2D(2).padding("same").apply(a);
        a = new GlobalMaxPooling2D().apply(a);
        Tensor seq = Input.of(12, 3);
        Tensor b = new Conv1D(5, 3).padding("causal").dilationRate(2).apply(seq);
        b = new MaxPooling1D().apply(b);
        b = new LayerNormalization().apply(b);
        b = new GlobalAveragePooling1D().apply(b);
        Tensor out = new Dense(2).activation("softmax").apply(new Concatenate().apply(a, b));
        return new Model(List.of(image, seq), List.of(out));
    }

    @Test
    void savesAndLoads(@TempDir Path dir) throws Exception {
        Model m = model();
        m.compile("adam", "categorical_crossentropy");
        INDArray x1 = Nd4j.rand(DataType.FLOAT, 4, 9, 9, 2);
        INDArray x2 = Nd4j.rand(DataType.FLOAT, 4, 12, 3);
        INDArray y = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
        m.fit(List.of(x1, x2), y, new dev.athanor.core.FitOptions().epochs(1).batchSize(2).verbose(0));
        INDArray want = m.predictAll(List.of(x1, x2), 32).get(0);
        Path file = dir.resolve("cnn.h5");
        m.save(file);
        Model loaded = Models.load(file);
        assertEquals(0.0, loaded.predictAll(List.of(x1, x2), 32).get(0).sub(want).amaxNumber().doubleValue(), 1e-6);
        assertEquals(m.toJson(), loaded.toJson());
        Model fromJson = Models.fromJson(m.toJson());
        fromJson.setWeights(m.getWeights());
        assertEquals(0.0, fromJson.predictAll(List.of(x1, x2), 32).get(0).sub(want).amaxNumber().doubleValue(), 1e-6);
        Model fromYaml = Models.fromYaml(m.toYaml());
        assertEquals(m.toJson(), fromYaml.toJson());
    }
}
