package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import dev.athanor.core.Config;
import dev.athanor.core.NoGrad;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.ConfigRoundTrip;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.Json;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared checks for layer tests: config round trip, gradient checks w.r.t. inputs and weights. */
final class LayerTesting {

    private LayerTesting() {
    }

    /** The Layer registry when core has one (Registries.of(Layer.class)); null until then. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ComponentRegistry<Layer> registry() {
        try {
            return (ComponentRegistry<Layer>) (ComponentRegistry) Registries.discover(LayerTesting.class.getClassLoader())
                    .of((Class) Layer.class);
        } catch (IllegalArgumentException notYet) {
            return null;
        }
    }

    /** Creates a layer by registry name and config, through the registry or (before it exists) ServiceLoader. */
    static Layer create(String name, Map<String, Object> config) {
        ComponentRegistry<Layer> r = registry();
        if (r != null) {
            return r.create(name, config);
        }
        for (ServiceLoader.Provider<Layer> p : ServiceLoader.load(Layer.class).stream().toList()) {
            Layer probe = p.get();
            if (probe.registryName().equals(name)) {
                Config c = new Config(name, config);
                probe.configure(c);
                c.rejectUnknown();
                return probe;
            }
        }
        fail("No Layer provider named " + name + " in META-INF/services");
        return null;
    }

    /** The config contract for layers. */
    static Layer assertRoundTrip(Layer layer) {
        ComponentRegistry<Layer> r = registry();
        if (r != null) {
            return ConfigRoundTrip.assertRoundTrip(layer, r);
        }
        Map<String, Object> config = layer.config();
        Layer again = create(layer.registryName(), config);
        assertNotNull(again);
        assertSame(layer.getClass(), again.getClass());
        assertEquals(config, again.config(), "config did not survive the round trip for " + layer.registryName());
        Layer fromJson = create(layer.registryName(), Json.roundTrip(config));
        assertEquals(Json.roundTrip(config), Json.roundTrip(fromJson.config()));
        return again;
    }

    /** Gradient check w.r.t. the input (finite differences, float64). */
    static void checkInputGradient(Layer layer, boolean training, INDArray... inputs) {
        GradientCheck.check(t -> callFresh(layer, t, training), inputs);
    }

    /** Runs the layer; a fresh fixed dropout generator per call keeps masks identical across evaluations. */
    static Tensor callFresh(Layer layer, List<Tensor> inputs, boolean training) {
        try (dev.athanor.core.TrainingRandom ignored = dev.athanor.core.TrainingRandom.use(new java.util.Random(99))) {
            return run(layer, training, inputs).get(0);
        }
    }

    /**
     * Builds (if needed) and calls the layer, as {@code callOn} does but without touching the input
     * arrays' shapes.
     */
    static List<Tensor> run(Layer layer, boolean training, List<Tensor> inputs) {
        List<long[]> shapes = new java.util.ArrayList<>();
        for (Tensor t : inputs) {
            long[] sh = t.shape().clone();
            sh[0] = -1;
            shapes.add(sh);
        }
        layer.ensureBuilt(shapes);
        return layer.call(inputs, training);
    }

    /** One-output convenience for {@link #run(Layer, boolean, List)}. */
    static Tensor run1(Layer layer, boolean training, INDArray... inputs) {
        return run(layer, training, java.util.Arrays.stream(inputs).map(Tensor::of).toList()).get(0);
    }

    /** Gradient check of every trainable weight: autodiff vs central differences on the live value. */
    static void checkWeightGradients(Layer layer, boolean training, INDArray... inputs) {
        List<Tensor> xs = java.util.Arrays.stream(inputs).map(Tensor::of).toList();
        Supplier<Tensor> out = () -> callFresh(layer, xs, training);
        Tensor y = out.get();
        INDArray w = TestArrays.uniform(42, 0.5, 1.5, y.shape());
        List<Variable> vars = layer.trainableWeights();
        if (vars.isEmpty()) {
            fail("layer has no trainable weights");
        }
        for (Variable v : vars) {
            v.zeroGrad();
        }
        y.mul(Tensor.of(w)).sum().backward();
        double h = 1e-6;
        for (Variable v : vars) {
            assertNotNull(v.grad(), v.name() + " received no gradient");
            INDArray analytic = v.grad().dup().reshape(v.value().length());
            INDArray flat = v.value().reshape(v.value().length());
            for (long i = 0; i < flat.length(); i++) {
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + h);
                double plus = eval(out, w);
                flat.putScalar(i, orig - h);
                double minus = eval(out, w);
                flat.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * h);
                double a = analytic.getDouble(i);
                if (Math.abs(a - numeric) > 1e-7 + 1e-5 * Math.max(Math.abs(a), Math.abs(numeric))) {
                    fail("Gradient mismatch for " + v.name() + " element " + i + ": autodiff " + a
                            + " vs finite difference " + numeric);
                }
            }
            v.zeroGrad();
        }
    }

    private static double eval(Supplier<Tensor> out, INDArray w) {
        try (NoGrad ignored = NoGrad.open()) {
            return out.get().value().mul(w).sumNumber().doubleValue();
        }
    }

    /** Shape with batch -1. */
    static long[] s(long... dims) {
        return dims;
    }
}
