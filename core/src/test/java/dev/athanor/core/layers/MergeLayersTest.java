package dev.athanor.core.layers;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Tensor;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Add, Subtract, Multiply, Average and Concatenate. */
class MergeLayersTest extends Float64Test {

    private static final INDArray A = TestArrays.uniform(1, -1, 1, 3, 4);
    private static final INDArray B = TestArrays.uniform(2, -1, 1, 3, 4);
    private static final INDArray C = TestArrays.uniform(3, -1, 1, 3, 4);

    private static double[] elementwise(INDArray a, INDArray b, DoubleBinaryOperator op) {
        double[] x = a.dup().data().asDouble();
        double[] y = b.dup().data().asDouble();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = op.applyAsDouble(x[i], y[i]);
        }
        return out;
    }

    private static INDArray run(Layer l, INDArray... in) {
        return LayerTesting.run(l, false, java.util.Arrays.stream(in).map(Tensor::of).toList()).get(0).value();
    }

    @Test
    void elementwiseValues() {
        assertAllClose(elementwise(A, B, Double::sum), run(new Add(), A, B).dup().data().asDouble(), 1e-15, 0);
        assertAllClose(elementwise(A, B, (x, y) -> x - y), run(new Subtract(), A, B).dup().data().asDouble(), 1e-15, 0);
        assertAllClose(elementwise(A, B, (x, y) -> x * y), run(new Multiply(), A, B).dup().data().asDouble(), 1e-15, 0);
        double[] sum3 = elementwise(A, B, Double::sum);
        double[] c = C.dup().data().asDouble();
        for (int i = 0; i < sum3.length; i++) {
            sum3[i] = (sum3[i] + c[i]) / 3;
        }
        assertAllClose(sum3, run(new Average(), A, B, C).dup().data().asDouble(), 1e-14, 1e-15);
    }

    @Test
    void broadcastingAsKerasAllows() {
        INDArray col = TestArrays.uniform(4, -1, 1, 3, 1);
        Add add = new Add();
        assertArrayEquals(new long[] {-1, 4}, add.computeOutputShape(List.of(new long[] {-1, 4}, new long[] {-1, 1}))
                .get(0));
        INDArray out = run(add, A, col);
        assertEquals(A.getDouble(2, 3) + col.getDouble(2, 0), out.getDouble(2, 3), 1e-15);
        // lower rank: (None, 4) with (None, 2, 4) -> (None, 2, 4), the first expanded after the batch axis
        INDArray r3 = TestArrays.uniform(5, -1, 1, 3, 2, 4);
        Multiply mul = new Multiply();
        assertArrayEquals(new long[] {-1, 2, 4},
                mul.computeOutputShape(List.of(new long[] {-1, 4}, new long[] {-1, 2, 4})).get(0));
        INDArray m = run(mul, A, r3);
        assertEquals(A.getDouble(1, 3) * r3.getDouble(1, 1, 3), m.getDouble(1, 1, 3), 1e-15);
        LayerShapeException e = assertThrows(LayerShapeException.class,
                () -> new Add().name("add_bad").computeOutputShape(List.of(new long[] {-1, 3}, new long[] {-1, 4})));
        assertEquals("Layer 'add_bad' (Add): operands could not be broadcast together with shapes (None, 3) and"
                + " (None, 4).", e.getMessage());
    }

    @Test
    void inputCounts() {
        LayerShapeException one = assertThrows(LayerShapeException.class, () -> run(new Add().name("add_one"), A));
        assertEquals("A merge layer should be called on a list of at least 2 inputs. Got 1 inputs (layer 'add_one').",
                one.getMessage());
        LayerShapeException three = assertThrows(LayerShapeException.class,
                () -> run(new Subtract().name("sub_three"), A, B, C));
        assertEquals("A `Subtract` layer should be called on exactly 2 inputs. Got 3 inputs (layer 'sub_three').",
                three.getMessage());
    }

    @Test
    void gradients() {
        INDArray col = TestArrays.uniform(4, -1, 1, 3, 1);
        for (Layer l : List.of(new Add(), new Subtract(), new Multiply(), new Average())) {
            GradientCheck.check(t -> LayerTesting.run(l, true, t).get(0), A, B);
        }
        Layer mul = new Multiply();
        GradientCheck.check(t -> LayerTesting.run(mul, true, t).get(0), A, col);
        Layer avg = new Average();
        GradientCheck.check(t -> LayerTesting.run(avg, true, t).get(0), A, B, C);
        Layer cat = new Concatenate();
        GradientCheck.check(t -> LayerTesting.run(cat, true, t).get(0), A, col);
    }

    @Test
    void concatenateShapesValuesAndErrors() {
        Concatenate cat = new Concatenate();
        assertArrayEquals(new long[] {-1, 7},
                cat.computeOutputShape(List.of(new long[] {-1, 4}, new long[] {-1, 3})).get(0));
        INDArray b3 = TestArrays.uniform(6, -1, 1, 3, 3);
        INDArray out = run(cat, A, b3);
        assertArrayEquals(new long[] {3, 7}, out.shape());
        assertEquals(b3.getDouble(2, 1), out.getDouble(2, 5), 0.0);
        Concatenate axis1 = new Concatenate(1);
        assertArrayEquals(new long[] {-1, 5, 4},
                axis1.computeOutputShape(List.of(new long[] {-1, 2, 4}, new long[] {-1, 3, 4})).get(0));
        LayerShapeException e = assertThrows(LayerShapeException.class, () -> new Concatenate(1).name("cat_bad")
                .computeOutputShape(List.of(new long[] {-1, 2, 4}, new long[] {-1, 3, 5})));
        assertEquals("A `Concatenate` layer ('cat_bad') requires inputs with matching shapes except for the concat"
                + " axis. Got inputs shapes: [(None, 2, 4), (None, 3, 5)]", e.getMessage());
    }

    @Test
    void configsRoundTrip() {
        for (Layer l : List.<Layer>of(new Add(), new Subtract(), new Multiply(), new Average(), new Concatenate(1))) {
            LayerTesting.assertRoundTrip(l);
        }
        assertEquals(1, new Concatenate(1).config().get("axis"));
    }
}
