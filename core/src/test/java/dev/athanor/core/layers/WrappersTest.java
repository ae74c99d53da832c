package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Bidirectional and TimeDistributed: gradients (with masks), weight order, shapes, configs. */
class WrappersTest extends Float64Test {

    private static final INDArray MASK = RecurrentTesting.mask(new double[][] {{1, 0, 1}, {0, 1, 1}});

    private static INDArray x() {
        return TestArrays.uniform(11, -1, 1, 2, 3, 2);
    }

    @Test
    void bidirectionalGradients() {
        for (String mode : new String[] {"concat", "sum", "mul", "ave", null}) {
            Bidirectional bi = new Bidirectional(new SimpleRNN(2).returnSequences(true).name("s_" + mode))
                    .mergeMode(mode);
            RecurrentTesting.checkInputGradient(bi, false, MASK, x());
        }
        Bidirectional lstm = new Bidirectional(new LSTM(2).returnSequences(true).name("l_concat"));
        RecurrentTesting.checkWeightGradients(lstm, false, MASK, x());
        Bidirectional states = new Bidirectional(new GRU(2).returnState(true).name("g_states"));
        RecurrentTesting.checkWeightGradients(states, false, null, x());
    }

    @Test
    void bidirectionalWeightsShapesAndConfig() {
        Bidirectional bi = new Bidirectional(new LSTM(2).returnSequences(true).name("enc"));
        RecurrentTesting.call(bi, false, null, List.of(Tensor.of(x())));
        assertEquals(List.of("forward_enc/kernel:0", "forward_enc/recurrent_kernel:0", "forward_enc/bias:0",
                "backward_enc/kernel:0", "backward_enc/recurrent_kernel:0", "backward_enc/bias:0"),
                bi.variables().stream().map(Variable::name).toList());
        assertEquals(6, bi.trainableWeights().size());
        bi.trainable(false);
        assertEquals(0, bi.trainableWeights().size());
        assertEquals(6, bi.nonTrainableWeights().size());
        assertArrayEquals(new long[] {-1, 4, 4}, bi.computeOutputShape(List.of(new long[] {-1, 4, 2})).get(0));
        Bidirectional st = new Bidirectional(new LSTM(2).returnState(true)).mergeMode(null);
        assertEquals(6, st.computeOutputShape(List.of(new long[] {-1, 4, 2})).size());
        Map<String, Object> c = LayerTesting.assertRoundTrip(
                new Bidirectional(new GRU(3).name("inner_gru")).mergeMode("ave")).config();
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) ((Map<String, Object>) c.get("layer")).get("config");
        assertEquals("inner_gru", inner.get("name"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Bidirectional(new LSTM(2)).mergeMode("max"));
        assertTrue(e.getMessage().contains("merge_mode=max"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayerTesting.create("Bidirectional",
                Map.of("layer", Map.of("class_name", "Dense", "config", Map.of("units", 2)))));
        assertTrue(e.getMessage().contains("recurrent layer") && e.getMessage().contains("Dense"), e.getMessage());
    }

    @Test
    void bidirectionalWithInitialStates() {
        Bidirectional bi = new Bidirectional(new SimpleRNN(2).name("s_init"));
        INDArray hf = TestArrays.uniform(5, -1, 1, 2, 2);
        INDArray hb = TestArrays.uniform(6, -1, 1, 2, 2);
        RecurrentTesting.checkInputGradient(bi, false, null, x(), hf, hb);
    }

    @Test
    void timeDistributedGradientsShapesConfig() {
        TimeDistributed td = new TimeDistributed(new Dense(2).activation("tanh").name("td_inner"));
        RecurrentTesting.checkInputGradient(td, false, null, x());
        RecurrentTesting.checkWeightGradients(td, false, null, x());
        assertArrayEquals(new long[] {-1, 4, 2}, td.computeOutputShape(List.of(new long[] {-1, 4, 2})).get(0));
        assertEquals(List.of("td_inner/kernel:0", "td_inner/bias:0"),
                td.variables().stream().map(Variable::name).toList());
        assertEquals(MASK, td.computeMask(List.of(Tensor.of(x())), java.util.Collections.singletonList(MASK)).get(0));
        LayerTesting.assertRoundTrip(new TimeDistributed(new Dense(3).name("td_rt")));
        TimeDistributed deep = new TimeDistributed(new Flatten());
        assertArrayEquals(new long[] {-1, 2, 12},
                deep.computeOutputShape(List.of(new long[] {-1, 2, 3, 4})).get(0));
        assertArrayEquals(new long[] {5, 2, 12}, deep.callOn(List.of(Tensor.of(TestArrays.uniform(1, 0, 1, 5, 2, 3, 4))),
                false).get(0).shape());
    }
}
