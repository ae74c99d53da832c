package dev.athanor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Loss;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.initializers.Ones;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.SingleInputLayer;
import dev.athanor.core.testing.TestArrays;
import dev.athanor.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A loss or layer that cuts the autodiff graph is reported, as Keras does, instead of training silently. */
class MissingGradientTest {

    private static final INDArray X = TestArrays.uniform(1, -1, 1, 8, 3);
    private static final INDArray Y = TestArrays.uniform(2, -1, 1, 8, 2);

    @Test
    void aLossBuiltFromRawArraysIsAnErrorNamingTheCause() {
        Sequential model = new Sequential(List.of(new Dense(2).inputDim(3)));
        // The mistake: computing on the INDArray values, then wrapping the result as a constant.
        Loss raw = (yTrue, yPred) -> Tensor.of(yPred.value().sub(yTrue.value()).mul(yPred.value().sub(yTrue.value()))
                .mean(1));
        model.compile(new SGD(), raw);
        INDArray before = model.getWeights().get(0).dup();
        var e = assertThrows(IllegalStateException.class,
                () -> model.fit(X, Y, new FitOptions().epochs(1).batchSize(4).verbose(0)));
        assertTrue(e.getMessage().startsWith("No gradients provided for any variable: the loss does not depend on any"
                + " of the model's 2 trainable weights through Tensor operations."), e.getMessage());
        assertTrue(e.getMessage().contains("Tensor.customOp"), e.getMessage());
        assertEquals(before, model.getWeights().get(0));
    }

    /** A layer with a trainable weight its call never uses. */
    static final class UnusedWeight extends SingleInputLayer {
        private Variable unused;

        @Override
        protected void build(long[] inputShape) {
            unused = addWeight("unused", new long[] {1}, new Ones(), null, null, true);
        }

        @Override
        public long[] computeOutputShape(long[] inputShape) {
            return inputShape.clone();
        }

        @Override
        protected Tensor call(Tensor input, boolean training) {
            return input;
        }
    }

    @Test
    void weightsWithoutAGradientAreNamedAndTheRestTrain() {
        UnusedWeight layer = new UnusedWeight();
        layer.name("idle");
        Sequential model = new Sequential(List.of(new Dense(2).inputDim(3), layer));
        model.compile(new SGD(), "mse");
        INDArray kernel = model.getWeights().get(0).dup();
        model.fit(X, Y, new FitOptions().epochs(1).batchSize(4).verbose(0));
        assertTrue(!kernel.equals(model.getWeights().get(0)), "the Dense kernel trains");
        assertEquals(1.0, model.getWeights().get(2).getDouble(0), 0.0);
        String warning = dev.athanor.core.training.MissingGradients.check(model.trainableVariables());
        assertEquals("Gradients do not exist for variables [idle/unused:0] when minimizing the loss: they will not"
                + " change. If that is not intended, check that the loss depends on them through Tensor operations"
                + " (or mark their layers trainable(false)).", warning);
    }
}
