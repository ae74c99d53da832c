package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Tensor;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** SimpleRNN, LSTM and GRU: gradients (also through masks and go_backwards), shapes, configs, errors. */
class RecurrentLayersTest extends Float64Test {

    private static final INDArray MASK = RecurrentTesting.mask(new double[][] {{1, 0, 1}, {0, 1, 1}});

    private static INDArray x() {
        return TestArrays.uniform(7, -1, 1, 2, 3, 3);
    }

    /** A longer sequence for the shape and value tests. */
    private static INDArray x4() {
        return TestArrays.uniform(7, -1, 1, 2, 4, 3);
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("SimpleRNN", (Supplier<Layer>) () -> new SimpleRNN(2).returnSequences(true)),
                Arguments.of("SimpleRNN backwards, state",
                        (Supplier<Layer>) () -> new SimpleRNN(2).goBackwards(true).returnState(true)),
                Arguments.of("LSTM", (Supplier<Layer>) () -> new LSTM(2).returnSequences(true)),
                Arguments.of("LSTM backwards, states",
                        (Supplier<Layer>) () -> new LSTM(2).goBackwards(true).returnState(true)),
                Arguments.of("LSTM relu / hard_sigmoid",
                        (Supplier<Layer>) () -> new LSTM(2).activation("relu").recurrentActivation("hard_sigmoid")
                                .biasInitializer("ones").returnSequences(true)),
                Arguments.of("GRU reset_after", (Supplier<Layer>) () -> new GRU(2).returnSequences(true)
                        .biasInitializer(Map.of("class_name", "RandomUniform", "config", Map.of()))),
                Arguments.of("GRU reset_before, backwards",
                        (Supplier<Layer>) () -> new GRU(2).resetAfter(false).goBackwards(true).returnState(true)
                                .biasInitializer(Map.of("class_name", "RandomUniform", "config", Map.of()))),
                Arguments.of("GRU no bias", (Supplier<Layer>) () -> new GRU(2).useBias(false).returnSequences(true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void gradientsWithoutMask(String label, Supplier<Layer> make) {
        Layer layer = make.get();
        RecurrentTesting.checkInputGradient(layer, false, null, x());
        RecurrentTesting.checkWeightGradients(layer, false, null, x());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void gradientsThroughMask(String label, Supplier<Layer> make) {
        Layer layer = make.get();
        RecurrentTesting.checkInputGradient(layer, false, MASK, x());
        RecurrentTesting.checkWeightGradients(layer, false, MASK, x());
    }

    @Test
    void gradientsWithInitialStatesAndDropout() {
        LSTM lstm = new LSTM(2).returnSequences(true).dropout(0.3).recurrentDropout(0.4);
        INDArray h0 = TestArrays.uniform(8, -1, 1, 2, 2);
        INDArray c0 = TestArrays.uniform(9, -1, 1, 2, 2);
        RecurrentTesting.checkInputGradient(lstm, true, MASK, x(), h0, c0);
        RecurrentTesting.checkWeightGradients(lstm, true, MASK, x(), h0, c0);
    }

    @Test
    void dropoutOnlyInTrainingAndReproducible() {
        LSTM lstm = new LSTM(3).dropout(0.5).recurrentDropout(0.5);
        List<Tensor> in = List.of(Tensor.of(x4()));
        INDArray inference = RecurrentTesting.call(lstm, false, null, in).get(0).value();
        INDArray train1 = RecurrentTesting.call(lstm, true, null, in).get(0).value();
        INDArray train2 = RecurrentTesting.call(lstm, true, null, in).get(0).value();
        Asserts.assertAllClose(train1, train2, 0, 0);
        assertNotEquals(inference, train1);
        LSTM plain = new LSTM(3).name("plain_twin");
        RecurrentTesting.call(plain, false, null, in);
        plain.setWeights(lstm.getWeights());
        Asserts.assertAllClose(inference, RecurrentTesting.call(plain, true, null, in).get(0).value(), 0, 0);
    }

    @Test
    void outputShapesAcrossOptions() {
        long[] in = {-1, 4, 3};
        assertShapes(new LSTM(5), in, new long[] {-1, 5});
        assertShapes(new LSTM(5).returnSequences(true), in, new long[] {-1, 4, 5});
        assertShapes(new LSTM(5).returnState(true), in, new long[] {-1, 5}, new long[] {-1, 5}, new long[] {-1, 5});
        assertShapes(new GRU(5).returnSequences(true).returnState(true), in, new long[] {-1, 4, 5},
                new long[] {-1, 5});
        assertShapes(new SimpleRNN(5).returnState(true).goBackwards(true), in, new long[] {-1, 5},
                new long[] {-1, 5});
    }

    private static void assertShapes(Layer layer, long[] in, long[]... expected) {
        List<long[]> declared = layer.computeOutputShape(List.of(in));
        assertEquals(expected.length, declared.size());
        List<Tensor> outs = RecurrentTesting.call(layer, false, null, List.of(Tensor.of(x4())));
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], declared.get(i));
            long[] got = outs.get(i).shape();
            got[0] = -1;
            assertArrayEquals(expected[i], got);
        }
    }

    @Test
    void kerasWeightLayout() {
        LSTM lstm = new LSTM(3);
        RecurrentTesting.call(lstm, false, null, List.of(Tensor.of(x4())));
        List<INDArray> w = lstm.getWeights();
        assertArrayEquals(new long[] {3, 12}, w.get(0).shape());
        assertArrayEquals(new long[] {3, 12}, w.get(1).shape());
        assertArrayEquals(new long[] {12}, w.get(2).shape());
        // unit_forget_bias: the f block (columns 3..5) starts at one, the others at zero
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, w.get(2).toDoubleVector());
        LSTM named = new LSTM(3).name("lstm_kw");
        RecurrentTesting.call(named, false, null, List.of(Tensor.of(x4())));
        assertEquals(List.of("lstm_kw/kernel:0", "lstm_kw/recurrent_kernel:0", "lstm_kw/bias:0"),
                named.variables().stream().map(dev.athanor.core.Variable::name).toList());
        GRU after = new GRU(3);
        RecurrentTesting.call(after, false, null, List.of(Tensor.of(x4())));
        assertArrayEquals(new long[] {2, 9}, after.getWeights().get(2).shape());
        GRU before = new GRU(3).resetAfter(false);
        RecurrentTesting.call(before, false, null, List.of(Tensor.of(x4())));
        assertArrayEquals(new long[] {9}, before.getWeights().get(2).shape());
        SimpleRNN rnn = new SimpleRNN(3);
        RecurrentTesting.call(rnn, false, null, List.of(Tensor.of(x4())));
        assertArrayEquals(new long[] {3, 3}, rnn.getWeights().get(1).shape());
    }

    @Test
    void configRoundTrips() {
        LayerTesting.assertRoundTrip(new LSTM(4).returnSequences(true).goBackwards(true).dropout(0.1)
                .recurrentActivation("hard_sigmoid").unitForgetBias(false).kernelRegularizer("l2"));
        LayerTesting.assertRoundTrip(new GRU(4).resetAfter(false).returnState(true).recurrentDropout(0.2));
        LayerTesting.assertRoundTrip(new SimpleRNN(4).activation("relu").useBias(false));
    }

    @Test
    void readsKeras224LstmConfig() {
        // lstm_1 of the keras2c fixture (Keras 2.2.4), verbatim
        Map<String, Object> config = dev.athanor.core.testing.Json.roundTrip(Map.ofEntries(
                Map.entry("name", "lstm_1"), Map.entry("trainable", true), Map.entry("return_sequences", false),
                Map.entry("return_state", false), Map.entry("go_backwards", false), Map.entry("stateful", false),
                Map.entry("unroll", false), Map.entry("units", 33), Map.entry("activation", "relu"),
                Map.entry("recurrent_activation", "hard_sigmoid"), Map.entry("use_bias", true),
                Map.entry("kernel_initializer", Map.of("class_name", "VarianceScaling", "config",
                        Map.of("scale", 1.0, "mode", "fan_avg", "distribution", "uniform"))),
                Map.entry("recurrent_initializer", Map.of("class_name", "Orthogonal", "config", Map.of("gain", 1.0))),
                Map.entry("bias_initializer", Map.of("class_name", "Zeros", "config", Map.of())),
                Map.entry("unit_forget_bias", true), Map.entry("dropout", 0.0), Map.entry("recurrent_dropout", 0.0),
                Map.entry("implementation", 1)));
        Layer l = LayerTesting.create("LSTM", config);
        assertEquals("hard_sigmoid", l.config().get("recurrent_activation"));
        assertEquals(1, l.config().get("implementation"));
    }

    @Test
    void kerasInputDimAndInputLengthShorthand() {
        Layer l = LayerTesting.create("GRU", Map.of("units", 2, "input_dim", 3, "input_length", 5));
        assertArrayEquals(new long[] {-1, 5, 3}, l.batchInputShape());
        Layer noLength = LayerTesting.create("SimpleRNN", Map.of("units", 2, "input_dim", 3));
        assertArrayEquals(new long[] {-1, -1, 3}, noLength.batchInputShape());
    }

    @Test
    void statefulAndTimeMajorAreRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerTesting.create("LSTM", Map.of("units", 2, "stateful", true, "name", "lstm_sf")));
        assertTrue(e.getMessage().contains("lstm_sf") && e.getMessage().contains("stateful=True is not supported")
                && e.getMessage().contains("initial states"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LayerTesting.create("GRU", Map.of("units", 2, "time_major", true)));
        assertTrue(e.getMessage().contains("time_major=True is not supported"), e.getMessage());
    }

    @Test
    void badShapesNameTheLayer() {
        LSTM lstm = new LSTM(2).name("seq_lstm");
        LayerShapeException e = assertThrows(LayerShapeException.class,
                () -> lstm.callOn(List.of(Tensor.of(TestArrays.uniform(1, 0, 1, 2, 3))), false));
        assertTrue(e.getMessage().contains("seq_lstm") && e.getMessage().contains("rank 3"), e.getMessage());
        RecurrentTesting.call(lstm, false, null, List.of(Tensor.of(x4())));
        e = assertThrows(LayerShapeException.class,
                () -> lstm.callOn(List.of(Tensor.of(TestArrays.uniform(1, 0, 1, 2, 4, 5))), false));
        assertTrue(e.getMessage().contains("seq_lstm") && e.getMessage().contains("(None, 4, 3)")
                && e.getMessage().contains("(None, 4, 5)"), e.getMessage());
    }

    @Test
    void maskedStepsRepeatTheOutputAndTheMaskFollowsReturnSequences() {
        LSTM seq = new LSTM(2).returnSequences(true);
        INDArray mask = RecurrentTesting.mask(new double[][] {{1, 0, 0, 1}, {1, 1, 1, 0}});
        INDArray y = RecurrentTesting.call(seq, false, mask, List.of(Tensor.of(x4()))).get(0).value();
        Asserts.assertAllClose(y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)), y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(2)), 0, 0);
        assertEquals(mask, seq.computeMask(List.of(Tensor.of(x4())), java.util.Collections.singletonList(mask)).get(0));
        LSTM last = new LSTM(2);
        assertNull(last.computeMask(List.of(Tensor.of(x4())), java.util.Collections.singletonList(mask)).get(0));
        assertFalse(new Flatten().supportsMasking());
    }
}
