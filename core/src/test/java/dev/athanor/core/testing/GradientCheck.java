package dev.athanor.core.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.athanor.core.Backend;
import dev.athanor.core.NoGrad;
import dev.athanor.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finite-difference gradient check in double precision: compares the autodiff gradient of
 * {@code sum(f(inputs) * w)} (a fixed random weighting, so every output element matters) with
 * central differences.
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /**
     * Checks every input's gradient. Inputs are converted to float64 and the check runs with
     * {@code floatx = float64}; the previous precision is restored.
     *
     * @param f the function under test; must be deterministic
     * @param inputs the point to check at (not modified)
     */
    public static void check(Function<List<Tensor>, Tensor> f, INDArray... inputs) {
        check(f, 1e-6, 1e-5, 1e-7, inputs);
    }

    /** As {@link #check(Function, INDArray...)} with an explicit step and tolerances. */
    public static void check(Function<List<Tensor>, Tensor> f, double h, double rtol, double atol,
                             INDArray... inputs) {
        String before = Backend.floatx();
        Backend.setFloatx("float64");
        try {
            List<INDArray> xs = new ArrayList<>();
            for (INDArray in : inputs) {
                xs.add(in.castTo(DataType.DOUBLE).dup());
            }
            List<Tensor> vars = new ArrayList<>();
            for (INDArray x : xs) {
                vars.add(Tensor.variable(x));
            }
            Tensor out = f.apply(vars);
            INDArray weights = TestArrays.uniform(42, 0.5, 1.5, out.shape());
            Tensor objective = out.mul(Tensor.of(weights)).sum();
            objective.backward();
            for (int k = 0; k < xs.size(); k++) {
                INDArray x = xs.get(k);
                INDArray analytic = vars.get(k).grad();
                assertNotNull(analytic, "input " + k + " received no gradient");
                INDArray flat = x.reshape(x.length());
                for (long i = 0; i < x.length(); i++) {
                    double orig = flat.getDouble(i);
                    flat.putScalar(i, orig + h);
                    double plus = eval(f, xs, weights);
                    flat.putScalar(i, orig - h);
                    double minus = eval(f, xs, weights);
                    flat.putScalar(i, orig);
                    double numeric = (plus - minus) / (2 * h);
                    double a = analytic.reshape(analytic.length()).getDouble(i);
                    if (Math.abs(a - numeric) > atol + rtol * Math.max(Math.abs(a), Math.abs(numeric))) {
                        fail("Gradient mismatch for input " + k + " element " + i + ": autodiff " + a
                                + " vs finite difference " + numeric);
                    }
                }
            }
        } finally {
            Backend.setFloatx(before);
        }
    }

    private static double eval(Function<List<Tensor>, Tensor> f, List<INDArray> xs, INDArray weights) {
        try (NoGrad ignored = NoGrad.open()) {
            List<Tensor> consts = new ArrayList<>();
            for (INDArray x : xs) {
                consts.add(Tensor.of(x));
            }
            return f.apply(consts).value().mul(weights).sumNumber().doubleValue();
        }
    }
}
