package dev.athanor.core.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Initializer;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.ConfigRoundTrip;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InitializersTest {

    private static final ComponentRegistry<Initializer> REGISTRY =
            Registries.discover(InitializersTest.class.getClassLoader()).initializers();

    private static double[] stats(INDArray a) {
        double[] v = a.castTo(DataType.DOUBLE).data().asDouble();
        double mean = 0;
        double max = 0;
        for (double x : v) {
            mean += x;
            max = Math.max(max, Math.abs(x));
        }
        mean /= v.length;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(var / v.length), max};
    }

    @Test
    void fansFollowKerasForRanksOneToFive() {
        assertEquals(new Fans(1, 1), Fans.of(new long[0]));
        assertEquals(new Fans(7, 7), Fans.of(new long[] {7}));
        assertEquals(new Fans(3, 5), Fans.of(new long[] {3, 5}));
        assertEquals(new Fans(3 * 4, 3 * 8), Fans.of(new long[] {3, 4, 8}));            // Conv1D [k, in, out]
        assertEquals(new Fans(9 * 16, 9 * 32), Fans.of(new long[] {3, 3, 16, 32}));     // Conv2D
        assertEquals(new Fans(8 * 2, 8 * 5), Fans.of(new long[] {2, 2, 2, 2, 5}));      // Conv3D
    }

    /**
     * name, shape, expected stddev and bound by hand: uniform(limit) has std limit / sqrt(3); the
     * truncated normals (with Keras's 0.8796 correction) have std sqrt(scale / n) and |x| <= 2 std / 0.8796.
     */
    static Stream<Arguments> distributions() {
        double glorotN = 2.0 / (400 + 600);
        return Stream.of(
                Arguments.of("glorot_uniform", new long[] {400, 600}, Math.sqrt(glorotN), Math.sqrt(3 * glorotN)),
                Arguments.of("GlorotNormal", new long[] {400, 600}, Math.sqrt(glorotN),
                        2 * Math.sqrt(glorotN) / 0.87962566103423978),
                Arguments.of("he_normal", new long[] {500, 300}, Math.sqrt(2.0 / 500),
                        2 * Math.sqrt(2.0 / 500) / 0.87962566103423978),
                Arguments.of("he_uniform", new long[] {500, 300}, Math.sqrt(2.0 / 500), Math.sqrt(6.0 / 500)),
                Arguments.of("lecun_normal", new long[] {3, 3, 64, 32}, Math.sqrt(1.0 / 576),
                        2 * Math.sqrt(1.0 / 576) / 0.87962566103423978),
                Arguments.of("lecun_uniform", new long[] {3, 3, 64, 32}, Math.sqrt(1.0 / 576), Math.sqrt(3.0 / 576)),
                Arguments.of("random_normal", new long[] {300, 400}, 0.05, Double.POSITIVE_INFINITY),
                Arguments.of("random_uniform", new long[] {300, 400}, 0.1 / Math.sqrt(12), 0.05),
                // a normal truncated at 2 std has std 0.87962566 * stddev
                Arguments.of("truncated_normal", new long[] {300, 400}, 0.05 * 0.87962566103423978, 0.1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void statisticsOfLargeDraws(String name, long[] shape, double std, double bound) {
        INDArray w = REGISTRY.create(name).initialize(shape, DataType.DOUBLE, new Random(1));
        assertArrayEquals(shape, w.shape());
        double[] s = stats(w);
        assertEquals(0.0, s[0], std * 0.02, name + " mean");
        assertEquals(std, s[1], std * 0.02, name + " std");
        assertTrue(s[2] <= bound + 1e-12, name + " max |x| " + s[2] + " > " + bound);
    }

    @Test
    void varianceScalingOptions() {
        // untruncated normal, fan_out, scale 3 on a conv kernel: std sqrt(3 / (9 * 32))
        Initializer vs = REGISTRY.create("VarianceScaling",
                Map.of("scale", 3.0, "mode", "fan_out", "distribution", "untruncated_normal"));
        double[] s = stats(vs.initialize(new long[] {3, 3, 64, 32}, DataType.DOUBLE, new Random(2)));
        assertEquals(Math.sqrt(3.0 / 288), s[1], Math.sqrt(3.0 / 288) * 0.03);
        assertTrue(s[2] > 2 * Math.sqrt(3.0 / 288), "untruncated draws exceed two std");
        // "normal" is Keras's old spelling of truncated_normal
        VarianceScaling normal = new VarianceScaling().distribution("normal");
        assertEquals("truncated_normal", normal.distribution());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VarianceScaling().mode("fan_middle"));
        assertEquals("`mode` must be one of [fan_in, fan_out, fan_avg]. Received: mode=fan_middle", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> new GlorotUniform().scale(2));
    }

    @Test
    void meanAndBoundsOfParameterizedRandoms() {
        INDArray n = new RandomNormal().mean(1.0).stddev(0.5).initialize(new long[] {200, 200}, DataType.DOUBLE,
                new Random(3));
        double[] s = stats(n);
        assertEquals(1.0, s[0], 0.01);
        assertEquals(0.5, s[1], 0.01);
        INDArray u = new RandomUniform().minval(2).maxval(3).initialize(new long[] {100, 100}, DataType.DOUBLE,
                new Random(3));
        assertTrue(u.minNumber().doubleValue() >= 2 && u.maxNumber().doubleValue() < 3);
        assertEquals(2.5, u.meanNumber().doubleValue(), 0.01);
        INDArray t = new TruncatedNormal().mean(-1).stddev(0.1).initialize(new long[] {100, 100}, DataType.DOUBLE,
                new Random(3));
        assertTrue(t.minNumber().doubleValue() >= -1.2 && t.maxNumber().doubleValue() <= -0.8);
    }

    @Test
    void constantsAndDtype() {
        assertEquals(0.0, new Zeros().initialize(new long[] {2, 3}, DataType.FLOAT, null).sumNumber().doubleValue());
        INDArray ones = new Ones().initialize(new long[] {2, 3}, DataType.FLOAT, null);
        assertEquals(DataType.FLOAT, ones.dataType());
        assertEquals(6.0, ones.sumNumber().doubleValue());
        INDArray c = new Constant(3.5).initialize(new long[] {4}, DataType.DOUBLE, null);
        assertArrayEquals(new double[] {3.5, 3.5, 3.5, 3.5}, c.data().asDouble());
        assertEquals(DataType.FLOAT, new GlorotUniform().initialize(new long[] {3, 3}, DataType.FLOAT,
                new Random(1)).dataType());
    }

    private static void assertIdentity(INDArray m, double scale) {
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.columns(); j++) {
                assertEquals(i == j ? scale : 0.0, m.getDouble(i, j), 1e-10, "(" + i + "," + j + ")");
            }
        }
    }

    @Test
    void orthogonalRowsOrColumnsAreOrthonormal() {
        INDArray tall = new Orthogonal().initialize(new long[] {6, 4}, DataType.DOUBLE, new Random(4));
        assertIdentity(tall.transpose().mmul(tall), 1.0);
        INDArray wide = new Orthogonal().initialize(new long[] {4, 6}, DataType.DOUBLE, new Random(4));
        assertIdentity(wide.mmul(wide.transpose()), 1.0);
        INDArray gained = new Orthogonal().gain(2.0).initialize(new long[] {5, 5}, DataType.DOUBLE, new Random(4));
        assertIdentity(gained.transpose().mmul(gained), 4.0);
        assertIdentity(gained.mmul(gained.transpose()), 4.0);
        INDArray conv = new Orthogonal().initialize(new long[] {3, 3, 4, 8}, DataType.DOUBLE, new Random(4));
        INDArray flat = conv.reshape(36, 8);
        assertIdentity(flat.transpose().mmul(flat), 1.0);
        assertThrows(IllegalArgumentException.class,
                () -> new Orthogonal().initialize(new long[] {5}, DataType.DOUBLE, new Random(4)));
    }

    @Test
    void identityIsGainTimesEye() {
        assertIdentity(new Identity().initialize(new long[] {3, 3}, DataType.DOUBLE, null), 1.0);
        INDArray rect = new Identity().gain(0.5).initialize(new long[] {2, 3}, DataType.DOUBLE, null);
        assertArrayEquals(new double[] {0.5, 0, 0, 0, 0.5, 0}, rect.data().asDouble());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Identity().initialize(new long[] {2, 2, 2}, DataType.DOUBLE, null));
        assertEquals("Identity matrix initializer can only be used for 2D matrices. Received: shape=[2, 2, 2]",
                e.getMessage());
    }

    @Test
    void seedsMakeDrawsDeterministic() {
        long[] shape = {20, 30};
        INDArray a = new GlorotUniform(42).initialize(shape, DataType.DOUBLE, new Random(1));
        INDArray b = new GlorotUniform(42).initialize(shape, DataType.DOUBLE, new Random(2));
        assertEquals(a, b, "a seeded initializer ignores the caller's generator");
        INDArray c = new GlorotUniform().initialize(shape, DataType.DOUBLE, new Random(5));
        INDArray d = new GlorotUniform().initialize(shape, DataType.DOUBLE, new Random(5));
        INDArray e = new GlorotUniform().initialize(shape, DataType.DOUBLE, new Random(6));
        assertEquals(c, d);
        assertNotEquals(c, e);
        Initializer fromConfig = REGISTRY.create("RandomNormal", Map.of("seed", 42));
        assertEquals(fromConfig.initialize(shape, DataType.DOUBLE, null),
                new RandomNormal().seed(42L).initialize(shape, DataType.DOUBLE, new Random(9)));
    }

    @Test
    void getAcceptsNamesKerasMapsAndObjects() {
        assertTrue(Initializers.get("glorot_uniform", REGISTRY) instanceof GlorotUniform);
        assertTrue(Initializers.get("GlorotUniform", REGISTRY) instanceof GlorotUniform);
        Initializer fromMap = Initializers.get(Map.of("class_name", "VarianceScaling",
                "config", Map.of("scale", 2.0, "mode", "fan_avg", "distribution", "uniform", "seed", 7)), REGISTRY);
        assertEquals(2.0, ((VarianceScaling) fromMap).scale());
        assertEquals(7L, ((VarianceScaling) fromMap).seed());
        HeNormal he = new HeNormal();
        assertSame(he, Initializers.get(he, REGISTRY));
        assertEquals(null, Initializers.get(null, REGISTRY));
        Map<String, Object> ser = Initializers.serialize(new Constant(2.0));
        assertEquals(Map.of("class_name", "Constant", "config", Map.of("value", 2.0)), ser);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Initializers.get("glorot_unifrom", REGISTRY));
        assertTrue(unknown.getMessage().contains("Did you mean 'glorot_uniform'?"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("he_normal"), unknown.getMessage());
        IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class,
                () -> Initializers.get(Map.of("class_name", "RandomNormal", "config", Map.of("std", 1.0)), REGISTRY));
        assertTrue(badKey.getMessage().startsWith("Unknown config key 'std' for RandomNormal."), badKey.getMessage());
        for (String alias : new String[] {"glorot_normal", "he_uniform", "lecun_normal", "lecun_uniform",
                "random_normal", "random_uniform", "truncated_normal", "zeros", "ones", "constant", "orthogonal",
                "identity", "variance_scaling"}) {
            assertTrue(REGISTRY.contains(alias), alias);
        }
    }

    static Stream<Initializer> all() {
        return Stream.of(new GlorotUniform(), new GlorotNormal(3), new HeNormal(), new HeUniform(), new LecunNormal(),
                new LecunUniform(), new RandomNormal().mean(1).stddev(2).seed(5L), new RandomUniform().minval(-1),
                new TruncatedNormal().stddev(0.3), new Zeros(), new Ones(), new Constant(4.0),
                new Orthogonal().gain(1.5).seed(2L), new Identity().gain(2),
                new VarianceScaling().scale(2).mode("fan_avg").distribution("uniform").seed(11L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void configRoundTrip(Initializer init) {
        ConfigRoundTrip.assertRoundTrip(init, REGISTRY);
    }
}
