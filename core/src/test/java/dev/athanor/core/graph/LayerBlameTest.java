package dev.athanor.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.LayerShapeException;
import dev.athanor.core.layers.SingleInputLayer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Errors inside a model name the layer they belong to: a {@code computeOutputShape} that disagrees
 * with {@code call} is blamed on its own layer (not on the next one, or on nobody when it is last),
 * and a kernel's bare shape error is attributed to the layer whose call raised it.
 */
class LayerBlameTest {

    /** Declares a width of 3 but returns the first 2 features: a plugin author's slip. */
    static final class WrongDeclaredShape extends SingleInputLayer {
        WrongDeclaredShape() {
            name("slicer");
        }

        @Override
        public String registryName() {
            return "WrongDeclaredShape";
        }

        @Override
        public long[] computeOutputShape(long[] inputShape) {
            return new long[] {inputShape[0], 3};
        }

        @Override
        protected Tensor call(Tensor input, boolean training) {
            return input.slice(1, 0, 2);
        }
    }

    /** Multiplies by a constant of the wrong shape, so the product itself fails inside the kernel. */
    static final class WrongProduct extends SingleInputLayer {
        WrongProduct() {
            name("projector");
        }

        @Override
        public String registryName() {
            return "WrongProduct";
        }

        @Override
        public long[] computeOutputShape(long[] inputShape) {
            return new long[] {inputShape[0], 4};
        }

        @Override
        protected Tensor call(Tensor input, boolean training) {
            return input.matmul(Tensor.of(Nd4j.ones(input.value().dataType(), 8, 4)));
        }
    }

    @Test
    void aDeclaredShapeThatCallDoesNotProduceIsBlamedOnItsLayer() {
        Sequential last = new Sequential(List.of(new Dense(4).inputShape(4), new WrongDeclaredShape()));
        LayerShapeException e = assertThrows(LayerShapeException.class, () -> last.predict(Nd4j.ones(2, 4)));
        assertTrue(e.getMessage().contains("'slicer' (WrongDeclaredShape) declared output shape (None, 3)")
                && e.getMessage().contains("produced (2, 2)"), e.getMessage());

        Sequential middle = new Sequential(List.of(new Dense(4).inputShape(4), new WrongDeclaredShape(), new Dense(1)));
        LayerShapeException e2 = assertThrows(LayerShapeException.class, () -> middle.predict(Nd4j.ones(2, 4)));
        assertTrue(e2.getMessage().contains("'slicer'"), e2.getMessage());
    }

    @Test
    void aKernelShapeErrorNamesTheLayerWhoseCallRaisedIt() {
        Sequential m = new Sequential(List.of(new Dense(4).inputShape(4), new WrongProduct(), new Dense(1)));
        LayerCallException e = assertThrows(LayerCallException.class, () -> m.predict(Nd4j.ones(1, 4)));
        assertTrue(e.getMessage().startsWith(
                "Exception encountered when calling layer 'projector' (WrongProduct) on input shape(s) (1, 4): "),
                e.getMessage());
        assertEquals(e.getCause().getMessage(), e.getMessage().substring(e.getMessage().indexOf("(1, 4): ") + 8));
    }
}
