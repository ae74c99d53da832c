package dev.athanor.plugins.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Loss;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.testing.Asserts;
import dev.athanor.datasets.Datasets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The VAE trains on the digits with no compiled loss, reports both terms, and survives a save. */
class VaeTest {

    private static final int EPOCHS = 6;

    private static INDArray digits;
    private static Model vae;
    private static History history;

    @BeforeAll
    static void train() {
        digits = Datasets.digits().x(); // pixels already in [0, 1]
        vae = Vae.build();
        vae.compile("rmsprop", (Loss) null);
        history = vae.fit(digits, null, new FitOptions().epochs(EPOCHS).batchSize(100).seed(3).verbose(0));
    }

    @Test
    void totalLossFallsByAClearMargin() {
        List<Double> loss = history.history().get("loss");
        assertEquals(EPOCHS, loss.size());
        // Untrained, the reconstruction term is about 64 * ln 2 = 44.
        assertTrue(loss.get(0) > 30, "first epoch " + loss);
        assertTrue(loss.get(EPOCHS - 1) < 0.8 * loss.get(0), "loss did not fall by 20 %: " + loss);
    }

    @Test
    void bothTermsAreReportedSeparatelyAndAddUpToTheLoss() {
        Map<String, List<Double>> h = history.history();
        assertEquals(List.of("loss", "reconstruction_loss", "kl_loss"), List.copyOf(h.keySet()));
        for (int e = 0; e < EPOCHS; e++) {
            double sum = h.get("reconstruction_loss").get(e) + h.get("kl_loss").get(e);
            assertEquals(h.get("loss").get(e), sum, 1e-4 * Math.abs(sum), "epoch " + e + ": " + h);
            assertTrue(h.get("kl_loss").get(e) > 0, "KL must be positive: " + h.get("kl_loss"));
        }
        assertTrue(h.get("reconstruction_loss").get(EPOCHS - 1) < h.get("reconstruction_loss").get(0), h.toString());
    }

    @Test
    void predictReusesItsNoisePerBatchUnlessGivenAGenerator() {
        INDArray same = org.nd4j.linalg.factory.Nd4j.repeat(digits.getRow(0, true), 50).reshape(50, 64)
                .castTo(digits.dataType());
        INDArray plain = vae.predict(same, 25);
        Asserts.assertAllClose(plain.getRow(0), plain.getRow(25), 0, 0);
        INDArray drawn;
        try (dev.athanor.core.TrainingRandom ignored = dev.athanor.core.TrainingRandom.use(new java.util.Random(1))) {
            drawn = vae.predict(same, 25);
        }
        assertTrue(drawn.getRow(0).sub(drawn.getRow(25)).norm1Number().doubleValue() > 1e-3,
                "a generator in scope must give every batch fresh noise");
    }

    @Test
    void theSavedVaeReloadsAndPredictsTheSame(@TempDir Path dir) {
        Path file = dir.resolve("vae.h5");
        vae.save(file);
        Model again = Models.load(file);
        assertInstanceOf(Sampling.class, again.getLayer("z"));
        assertInstanceOf(CustomVariationalLayer.class, again.getLayer("vae_loss"));
        INDArray sample = digits.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 50),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray before = vae.predict(sample);
        Asserts.assertAllClose(before, again.predict(sample), 1e-6, 1e-6);
        Asserts.assertAllClose(vae.getWeights().get(0), again.getWeights().get(0), 0, 0);
        // still compiled with no loss and ready to resume: the added loss drives training
        History more = again.fit(sample, null, new FitOptions().epochs(1).batchSize(25).verbose(0));
        assertTrue(more.history().containsKey("kl_loss"), more.history().toString());
    }
}
