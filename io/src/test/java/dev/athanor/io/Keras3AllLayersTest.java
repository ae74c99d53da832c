package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Model;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layers the other Keras 3 fixtures do not predict with (DepthwiseConv2D, SeparableConv2D,
 * Conv2DTranspose, ZeroPadding2D, Cropping2D, UpSampling2D, AveragePooling1D/2D, MaxPooling1D,
 * GlobalMax/AveragePooling2D, Activation, Subtract, Multiply, Average, Masking, SimpleRNN,
 * Bidirectional, TimeDistributed, GRU without reset_after, MultiHeadAttention, Attention,
 * AdditiveAttention, EinsumDense), in files real Keras 3.15.1 wrote
 * ({@code resources/keras3-all-layers/make_all_layer_fixtures.py}): each {@code .keras} and
 * Keras 3 {@code .h5} loads and predicts what Keras predicted (1e-5), and Athanor's {@code .keras}
 * copy reads back the same (with {@code -Dathanor.io.keep=DIR} it stays in DIR as
 * {@code NAME.athanor.keras}; real Keras loading those is recorded in io/README.md).
 */
class Keras3AllLayersTest {

    static final Path DIR = Path.of("src", "test", "resources", "keras3-all-layers");

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"conv2d_family", "pooling1d", "merges2", "rnn_wrappers", "attention"})
    void loadsAndPredictsAsKeras(String name) throws IOException {
        List<INDArray> xs = new ArrayList<>();
        for (int i = 0; Files.exists(DIR.resolve(name + ".x" + i + ".npy")); i++) {
            xs.add(Npy.read(DIR.resolve(name + ".x" + i + ".npy")).castTo(DataType.FLOAT));
        }
        INDArray want = Npy.read(DIR.resolve(name + ".y.npy")).castTo(DataType.DOUBLE);
        for (Model m : List.of(new KerasFormat().load(DIR.resolve(name + ".keras"), Registries.defaults()),
                new H5Format().load(DIR.resolve(name + ".h5"), Registries.defaults()))) {
            INDArray got = m.predictAll(xs, 32).get(0).castTo(DataType.DOUBLE);
            assertArrayEquals(want.shape(), got.shape(), name);
            double diff = got.sub(want).amaxNumber().doubleValue();
            System.out.println(name + " max |diff| " + diff);
            assertTrue(diff <= 1e-5, name + ": max |difference| " + diff);
        }
        // Written back as .keras (Keras 3's sub-layer groups, e.g. MultiHeadAttention's query_dense), read back.
        Model m = new KerasFormat().load(DIR.resolve(name + ".keras"), Registries.defaults());
        String keep = System.getProperty("athanor.io.keep");
        Path out = (keep == null ? tmp : Files.createDirectories(Path.of(keep))).resolve(name + ".athanor.keras");
        m.save(out, new dev.athanor.core.SaveOptions().overwrite(true));
        INDArray again = new KerasFormat().load(out, Registries.defaults()).predictAll(xs, 32).get(0);
        assertTrue(again.equals(m.predictAll(xs, 32).get(0)), name + ": Athanor's .keras reads back the same");
    }
}
