package dev.athanor.core.ops;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.CompileOptions;
import dev.athanor.core.FitOptions;
import dev.athanor.core.Loss;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Conv2D;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Flatten;
import dev.athanor.core.layers.MaxPooling2D;
import dev.athanor.core.testing.fakes.PlainSgd;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The step arena: the k-th request of a step gets the k-th array of the previous step, fresh arrays
 * outside a step, and a CNN trained with the arena ends with the same weights as without it.
 */
class StepArenaTest {

    @Test
    void theKthRequestOfAStepReusesTheKthArrayOfThePreviousStep() {
        INDArray a1;
        INDArray b1;
        try (StepArena.Scope s = StepArena.open()) {
            assertTrue(StepArena.isOpen());
            a1 = StepArena.array(DataType.FLOAT, 2, 3);
            b1 = StepArena.array(DataType.FLOAT, 2, 3);
            assertNotSame(a1, b1);
        }
        assertFalse(StepArena.isOpen());
        try (StepArena.Scope s = StepArena.open()) {
            try (StepArena.Scope nested = StepArena.open()) {
                assertSame(a1, StepArena.array(DataType.FLOAT, 2, 3));
            }
            assertTrue(StepArena.isOpen(), "closing a nested scope must not end the step");
            assertSame(b1, StepArena.array(DataType.FLOAT, 2, 3));
            INDArray other = StepArena.array(DataType.DOUBLE, 4);
            assertTrue(other.dataType() == DataType.DOUBLE && other.length() == 4 && !other.isView());
        }
        try (StepArena.Scope s = StepArena.open()) {
            INDArray c = StepArena.array(DataType.FLOAT, 3, 2); // another shape: its own array
            assertNotSame(a1, c);
        }
        assertNotSame(StepArena.array(DataType.FLOAT, 2, 3), StepArena.array(DataType.FLOAT, 2, 3),
                "outside a step every request is a fresh array");
        StepArena.release();
    }

    @Test
    void aCnnTrainsToTheSameWeightsWithAndWithoutTheArena() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 20, 9, 9, 2).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 20, 3);
        for (int i = 0; i < 20; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        Sequential a = cnn();
        Sequential b = cnn();
        b.setWeights(a.getWeights());
        // batches of 6: a last batch of 2 asks the arena for other shapes
        FitOptions o = new FitOptions().epochs(3).batchSize(6).verbose(0).seed(1);
        a.fit(x, y, o);
        String before = System.getProperty(StepArena.PROPERTY);
        System.setProperty(StepArena.PROPERTY, "false");
        try {
            b.fit(x, y, o);
        } finally {
            if (before == null) {
                System.clearProperty(StepArena.PROPERTY);
            } else {
                System.setProperty(StepArena.PROPERTY, before);
            }
        }
        List<INDArray> wa = a.getWeights();
        List<INDArray> wb = b.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            assertAllClose(wb.get(i), wa.get(i), 0, 0);
        }
    }

    private static Sequential cnn() {
        Sequential m = new Sequential();
        m.add(new Conv2D(4, 3).activation("relu").padding("same").inputShape(9, 9, 2));
        m.add(new MaxPooling2D(2));
        m.add(new Conv2D(5, 2).activation("relu"));
        m.add(new MaxPooling2D(2).padding("same"));
        m.add(new Flatten());
        m.add(new Dense(3).activation("softmax"));
        m.compile(new CompileOptions().optimizer(new PlainSgd(0.1)).loss((Loss) (t, p) -> p.sub(t).square().mean(-1)));
        return m;
    }
}
