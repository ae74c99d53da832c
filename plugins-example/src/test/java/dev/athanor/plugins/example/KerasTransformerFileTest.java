package dev.athanor.plugins.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.io.Npy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Transformer text classifier written in real Keras 3.15.1 (resources
 * {@code transformer/transformer_keras.py}: the example's own TokenAndPositionEmbedding class,
 * registered as {@code athanor_example>TokenAndPositionEmbedding}, and a Transformer block of Keras's
 * built-in layers), trained by Keras on the marker task and saved as {@code .keras}, loads here with
 * this plugin's {@link TokenAndPositionEmbedding} and predicts what Keras predicted; saved again by
 * Athanor it reloads with the same predictions.
 */
class KerasTransformerFileTest {

    @TempDir
    Path tmp;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(KerasTransformerFileTest.class.getResource("transformer/" + name).toURI());
    }

    @Test
    void kerasModelLoadsAndPredictsAsKeras() throws IOException, URISyntaxException {
        Model m = Models.load(resource("transformer_marker.keras"));
        assertTrue(m.layers().stream().anyMatch(l -> l instanceof TokenAndPositionEmbedding),
                "the plugin layer claimed Keras's class: " + m.layers());
        INDArray x = Npy.read(resource("transformer_marker.x.npy")).castTo(DataType.FLOAT);
        INDArray want = Npy.read(resource("transformer_marker.y.npy")).castTo(DataType.FLOAT);
        INDArray got = m.predict(x);
        assertArrayEquals(want.shape(), got.shape());
        double diff = got.sub(want).amaxNumber().doubleValue();
        System.out.println("Keras Transformer file: max |prediction difference| " + diff);
        assertTrue(diff <= 1e-4, "max |difference| " + diff);
        int[] kerasClass = want.argMax(1).toIntVector();
        assertArrayEquals(kerasClass, got.argMax(1).toIntVector(), "same predicted classes");

        Path again = tmp.resolve("again.keras");
        m.save(again);
        INDArray reloaded = Models.load(again).predict(x);
        assertTrue(reloaded.equalsWithEps(got, 1e-6), "Athanor's own .keras of it predicts the same");
    }
}
