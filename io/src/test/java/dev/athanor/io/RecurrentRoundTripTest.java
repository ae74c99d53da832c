package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Bidirectional;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Embedding;
import dev.athanor.core.layers.GRU;
import dev.athanor.core.layers.LSTM;
import dev.athanor.core.layers.SimpleRNN;
import dev.athanor.core.layers.TimeDistributed;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A model with every recurrent layer and a mask survives .h5 (weights, optimizer state) and JSON. */
class RecurrentRoundTripTest {

    @TempDir
    Path dir;

    private static Model model() {
        Tensor ids = Input.of(6);
        Tensor h = new Embedding(9, 4).maskZero(true).name("emb").apply(ids);
        h = new Bidirectional(new LSTM(3).returnSequences(true).name("enc")).name("bi").apply(h);
        h = new TimeDistributed(new Dense(4).activation("tanh").name("td_dense")).name("td").apply(h);
        h = new GRU(3).resetAfter(false).returnSequences(true).name("gru").apply(h);
        h = new SimpleRNN(2).goBackwards(true).name("rnn").apply(h);
        return new Model(List.of(ids), List.of(new Dense(1).name("out").apply(h)));
    }

    @Test
    void h5AndJsonRoundTrips() throws IOException {
        INDArray x = Nd4j.create(new float[][] {{1, 2, 3, 0, 0, 0}, {4, 5, 6, 7, 8, 1}, {0, 0, 2, 2, 0, 3}});
        INDArray y = Nd4j.create(new float[][] {{0.5f}, {-0.5f}, {1f}});
        Model m = model();
        // emb 9·4 + bi 2·(4·12 + 3·12 + 12) + td 6·4 + 4 + gru 4·9 + 3·9 + 9 + rnn 3·2 + 2·2 + 2 + out 2 + 1
        assertEquals(36 + 192 + 28 + 72 + 12 + 3, m.countParams());
        String summary = m.summaryText();
        assertTrue(summary.contains("bi (Bidirectional)") && summary.contains("(None, 6, 6)")
                && summary.contains("192"), summary);
        m.compile("adam", "mse");
        m.trainOnBatch(x, y);
        Path file = dir.resolve("rnn.h5");
        m.save(file);
        Model back = new H5Format().load(file, Registries.defaults());
        assertTrue(m.predict(x).equalsWithEps(back.predict(x), 1e-7), m.predict(x) + " vs " + back.predict(x));
        m.trainOnBatch(x, y);
        back.trainOnBatch(x, y);
        assertTrue(m.predict(x).equalsWithEps(back.predict(x), 1e-6), "training did not resume identically");
        Model fromJson = Models.fromJson(m.toJson());
        fromJson.setWeights(m.getWeights());
        assertTrue(m.predict(x).equalsWithEps(fromJson.predict(x), 1e-7));
        assertEquals(m.toJson(), fromJson.toJson());
    }
}
