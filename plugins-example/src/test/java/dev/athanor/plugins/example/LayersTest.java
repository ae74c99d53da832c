package dev.athanor.plugins.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.AddedLosses;
import dev.athanor.core.Tensor;
import dev.athanor.core.TrainingRandom;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.LayerShapeException;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.ConfigRoundTrip;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LayersTest {

    @SuppressWarnings("unchecked")
    private static final Map<String, Object> VAE = (Map<String, Object>) Golden.load().get("vae");

    private static INDArray vae(String key) {
        return Golden.array(VAE.get(key));
    }

    // ------------------------------------------------------------------ Sampling

    @Test
    void samplingIsMeanPlusScaledNoiseFromTheTrainingGenerator() {
        INDArray mean = TestArrays.uniform(1, -1, 1, 3, 2);
        INDArray logVar = TestArrays.uniform(2, -1, 1, 3, 2);
        INDArray z = Float64.run(() -> {
            try (TrainingRandom ignored = TrainingRandom.use(new Random(99))) {
                return new Sampling().callOn(List.of(Tensor.of(mean), Tensor.of(logVar)), true).get(0).value();
            }
        });
        Random expectedDraws = new Random(99);
        double[] m = mean.data().asDouble();
        double[] lv = logVar.data().asDouble();
        double[] expected = new double[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = m[i] + Math.exp(lv[i] / 2) * expectedDraws.nextGaussian();
        }
        Asserts.assertAllClose(expected, z.data().asDouble(), 1e-12, 1e-12);
    }

    @Test
    void samplingOutsideAFitIsReproducibleAndSeeded() {
        INDArray mean = Nd4j.zeros(4, 2);
        INDArray logVar = Nd4j.zeros(4, 2);
        Sampling layer = new Sampling().name("sampling_a");
        INDArray first = layer.callOn(List.of(Tensor.of(mean), Tensor.of(logVar)), false).get(0).value();
        INDArray second = layer.callOn(List.of(Tensor.of(mean), Tensor.of(logVar)), false).get(0).value();
        Asserts.assertAllClose(first, second, 0, 0);
        INDArray seeded = new Sampling().seed(7L).<Sampling>name("sampling_a")
                .callOn(List.of(Tensor.of(mean), Tensor.of(logVar)), false).get(0).value();
        assertNotEquals(first, seeded);
    }

    @Test
    void samplingGradientWithEpsFixed() {
        GradientCheck.check(in -> {
            try (TrainingRandom ignored = TrainingRandom.use(new Random(5))) {
                return new Sampling().callOn(in, true).get(0);
            }
        }, TestArrays.uniform(3, -1, 1, 4, 3), TestArrays.uniform(4, -2, 1, 4, 3));
    }

    @Test
    void samplingFormulaGradientByHand() {
        // dz/dmean = 1, dz/dlogvar = exp(logvar / 2) * eps / 2
        Float64.run(() -> {
            Tensor mean = Tensor.variable(Nd4j.createFromArray(new double[][] {{0.5}}));
            Tensor logVar = Tensor.variable(Nd4j.createFromArray(new double[][] {{Math.log(4)}}));
            Tensor eps = Tensor.of(Nd4j.createFromArray(new double[][] {{-1.5}}));
            Tensor z = Sampling.sample(mean, logVar, eps);
            assertEquals(0.5 + 2 * -1.5, z.item(), 1e-12);
            z.sum().backward();
            assertEquals(1.0, mean.grad().getDouble(0), 1e-12);
            assertEquals(2 * -1.5 / 2, logVar.grad().getDouble(0), 1e-12);
            return null;
        });
    }

    @Test
    void samplingRejectsMismatchedShapes() {
        LayerShapeException e = assertThrows(LayerShapeException.class, () -> new Sampling().name("s")
                .callOn(List.of(Tensor.of(Nd4j.zeros(2, 3)), Tensor.of(Nd4j.zeros(2, 2))), true));
        assertEquals("Layer 's' (Sampling) needs z_mean and z_log_var of one shape. Received: z_mean (None, 3),"
                + " z_log_var (None, 2).", e.getMessage());
    }

    @Test
    void samplingConfigRoundTrips() {
        Sampling again = (Sampling) ConfigRoundTrip.assertRoundTrip((Layer) new Sampling().seed(42L).name("z"),
                Registries.defaults().layers());
        assertEquals(42L, again.seed());
        assertEquals(null, ((Sampling) ConfigRoundTrip.assertRoundTrip((Layer) new Sampling(), Registries.defaults().layers())).seed());
    }

    // ------------------------------------------------------------------ CustomVariationalLayer

    @Test
    void vaeTermsMatchNumpy() {
        Float64.run(() -> {
            Asserts.assertAllClose(vae("reconstruction"), CustomVariationalLayer.reconstructionLoss(
                    Tensor.of(vae("x")), Tensor.of(vae("x_decoded_mean"))).value(), 1e-10, 1e-10);
            Asserts.assertAllClose(vae("kl"), CustomVariationalLayer.klLoss(
                    Tensor.of(vae("z_mean")), Tensor.of(vae("z_log_var"))).value(), 1e-12, 1e-12);
            return null;
        });
    }

    @Test
    void klIsZeroForTheStandardNormal() {
        INDArray kl = Float64.run(() -> CustomVariationalLayer.klLoss(Tensor.of(Nd4j.zeros(3, 2)),
                Tensor.of(Nd4j.zeros(3, 2))).value());
        Asserts.assertAllClose(new double[] {0, 0, 0}, kl.toDoubleVector(), 0, 1e-15);
    }

    @Test
    void layerAddsTheLossAndReportsBothTerms() {
        Float64.run(() -> {
            CustomVariationalLayer layer = new CustomVariationalLayer();
            Tensor decoded = Tensor.of(vae("x_decoded_mean"));
            try (AddedLosses added = AddedLosses.collect()) {
                List<Tensor> out = layer.callOn(List.of(Tensor.of(vae("x")), decoded, Tensor.of(vae("z_mean")),
                        Tensor.of(vae("z_log_var"))), true);
                assertSame(decoded, out.get(0));
                assertEquals(1, added.losses().size());
                double expected = ((Number) VAE.get("added_loss")).doubleValue();
                assertEquals(expected, added.losses().get(0).item(), 1e-10);
                assertEquals(vae("reconstruction").meanNumber().doubleValue(),
                        added.metrics().get("reconstruction_loss").item(), 1e-10);
                assertEquals(vae("kl").meanNumber().doubleValue(), added.metrics().get("kl_loss").item(), 1e-12);
            }
            return null;
        });
    }

    @Test
    void addedLossGradientWithRespectToAllInputs() {
        CustomVariationalLayer layer = new CustomVariationalLayer();
        GradientCheck.check(in -> {
            try (AddedLosses added = AddedLosses.collect()) {
                layer.callOn(in, true);
                return added.losses().get(0);
            }
        }, vae("x"), vae("x_decoded_mean"), vae("z_mean"), vae("z_log_var"));
    }

    @Test
    void addedLossGradientThroughASigmoidDecoder() {
        // The decoder ends in a sigmoid: binary crossentropy then takes its stable logits form.
        CustomVariationalLayer layer = new CustomVariationalLayer();
        INDArray x = vae("x");
        GradientCheck.check(in -> {
            try (AddedLosses added = AddedLosses.collect()) {
                layer.callOn(List.of(Tensor.of(x), in.get(0).sigmoid(), in.get(1), in.get(2)), true);
                return added.losses().get(0);
            }
        }, TestArrays.uniform(9, -3, 3, 4, 8), vae("z_mean"), vae("z_log_var"));
    }

    @Test
    void variationalLayerRejectsMismatchedShapes() {
        LayerShapeException e = assertThrows(LayerShapeException.class, () -> new CustomVariationalLayer().name("v")
                .callOn(List.of(Tensor.of(Nd4j.zeros(2, 8)), Tensor.of(Nd4j.zeros(2, 6)), Tensor.of(Nd4j.zeros(2, 2)),
                        Tensor.of(Nd4j.zeros(2, 2))), true));
        assertEquals("Layer 'v' (CustomVariationalLayer) needs x and x_decoded_mean of one shape. Received: x"
                + " (None, 8), x_decoded_mean (None, 6).", e.getMessage());
        LayerShapeException count = assertThrows(LayerShapeException.class, () -> new CustomVariationalLayer()
                .name("w").callOn(List.of(Tensor.of(Nd4j.zeros(2, 8))), true));
        assertEquals("Layer 'w' (CustomVariationalLayer) takes four inputs, [x, x_decoded_mean, z_mean, z_log_var],"
                + " but received 1.", count.getMessage());
    }

    @Test
    void variationalLayerConfigRoundTrips() {
        Layer again = ConfigRoundTrip.assertRoundTrip((Layer) new CustomVariationalLayer().name("vae_loss"),
                Registries.defaults().layers());
        assertInstanceOf(CustomVariationalLayer.class, again);
        assertEquals("vae_loss", again.name());
    }
}
