package dev.athanor.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.LayerShapeException;
import dev.athanor.core.layers.Reshape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Deep models: Sequential.add applies only the new layer, and the graph is ordered without recursion. */
class DeepModelTest {

    @Test
    void sequentialAddAppliesOnlyTheNewLayer() {
        Sequential model = new Sequential();
        model.add(new Dense(3).inputDim(4));
        for (int i = 0; i < 49; i++) {
            model.add(new Dense(3));
        }
        // Before: every add re-applied all earlier layers, so the first layer had 50 nodes.
        for (Layer l : model.layers()) {
            assertEquals(1, l.inboundNodes().size(), l.name());
        }
        assertEquals(50, model.layers().size());
        assertEquals(3, model.predict(Nd4j.ones(2, 4)).columns());
    }

    @Test
    void aLayerThatDoesNotFitIsNotAdded() {
        Sequential model = new Sequential();
        model.add(new Dense(3).inputDim(4));
        Layer bad = new Reshape(5);                                  // 3 values cannot become 5
        assertThrows(LayerShapeException.class, () -> model.add(bad));
        assertEquals(1, model.layers().size());
        model.add(new Dense(2));
        assertEquals(2, model.predict(Nd4j.ones(1, 4)).columns());
    }

    @Test
    void aDeepFunctionalGraphIsOrderedIteratively() {
        // 10,000 chained nodes: a recursive post-order DFS overflowed the stack at about 8,000.
        Tensor in = Input.of(2);
        Tensor x = in;
        Layer shared = new Dense(2);
        x = shared.apply(x);
        for (int i = 0; i < 10_000; i++) {
            x = shared.apply(x);
        }
        Graph g = new Graph(List.of(in), List.of(x), null);
        assertEquals(10_002, g.nodes().size());
        assertTrue(g.nodes().get(0).layer() instanceof dev.athanor.core.layers.InputLayer);
        assertEquals(2, new Model(List.of(in), List.of(x)).layers().size());
    }
}
