package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.TestArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused sequences (dev.athanor.core.ops.rnn.FusedRecurrence) against the step-by-step path they replace:
 * same outputs, states and gradients (inputs, initial states, every weight) in double, across the
 * layers' options, masks, dropout and the activations that have a fused form. The step path itself is
 * checked against PyTorch and by finite differences (RecurrentGoldenTest, RecurrentLayersTest), and
 * those tests now run the fused path.
 */
class FusedRecurrenceTest extends Float64Test {

    private static final INDArray MASK = RecurrentTesting.mask(new double[][] {
        {1, 1, 0, 1, 0}, {0, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<Supplier<RecurrentLayer<?>>> layers = List.of(
                () -> new LSTM(4),
                () -> new LSTM(4).activation("relu").recurrentActivation("hard_sigmoid"),
                () -> new LSTM(4).useBias(false).unitForgetBias(false),
                () -> new GRU(4),
                () -> new GRU(4).recurrentActivation("hard_sigmoid").activation("linear"),
                () -> new GRU(4).useBias(false),
                () -> new SimpleRNN(4),
                () -> new SimpleRNN(4).activation("relu"));
        String[] names = {"LSTM", "LSTM relu/hard_sigmoid", "LSTM no bias", "GRU", "GRU linear/hard_sigmoid",
            "GRU no bias", "SimpleRNN", "SimpleRNN relu"};
        for (int i = 0; i < layers.size(); i++) {
            for (int option = 0; option < 6; option++) {
                out.add(Arguments.of(names[i] + " option " + option, layers.get(i), option));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fusedMatchesStepByStep(String label, Supplier<RecurrentLayer<?>> make, int option) {
        boolean sequences = option % 2 == 0;
        boolean backwards = option == 1 || option == 4;
        boolean masked = option >= 2 && option != 5;
        boolean training = option >= 3;
        boolean initial = option == 5;
        RecurrentLayer<?> layer = make.get().returnSequences(sequences).returnState(true).goBackwards(backwards);
        if (training) {
            layer.dropout(0.3).recurrentDropout(0.4);
        }
        INDArray x = TestArrays.uniform(3, -1, 1, 3, 5, 3);
        List<INDArray> inputs = new ArrayList<>(List.of(x));
        if (initial) {
            for (int i = 0; i < layer.stateCount(); i++) {
                inputs.add(TestArrays.uniform(10 + i, -1, 1, 3, 4));
            }
        }
        Result fused = run(layer, training, masked ? MASK : null, inputs, false);
        Result steps = run(layer, training, masked ? MASK : null, inputs, true);
        assertEquals(steps.values.size(), fused.values.size());
        for (int i = 0; i < steps.values.size(); i++) {
            Asserts.assertAllClose(steps.values.get(i), fused.values.get(i), 1e-12, 1e-12);
        }
        for (int i = 0; i < steps.grads.size(); i++) {
            Asserts.assertAllClose(steps.grads.get(i), fused.grads.get(i), 1e-12, 1e-12);
        }
    }

    @Test
    void float32AgreesWithTheStepPath() {
        dev.athanor.core.Backend.setFloatx("float32");
        for (Supplier<RecurrentLayer<?>> make : List.<Supplier<RecurrentLayer<?>>>of(() -> new LSTM(4),
                () -> new GRU(4), () -> new SimpleRNN(4))) {
            RecurrentLayer<?> layer = make.get().returnSequences(true).goBackwards(true);
            List<INDArray> inputs = List.of(TestArrays.uniform(3, -1, 1, 3, 5, 3).castTo(
                    org.nd4j.linalg.api.buffer.DataType.FLOAT));
            INDArray mask = MASK.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
            Result fused = run(layer, true, mask, inputs, false);
            Result steps = run(layer, true, mask, inputs, true);
            assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, fused.values.get(0).dataType());
            Asserts.assertAllClose(steps.values.get(0), fused.values.get(0), 1e-5, 1e-6);
            for (int i = 0; i < steps.grads.size(); i++) {
                Asserts.assertAllClose(steps.grads.get(i), fused.grads.get(i), 1e-5, 1e-6);
            }
        }
    }

    @Test
    void fusedPathIsTakenAndRecordsOneNodePerSequence() {
        LSTM lstm = new LSTM(4).returnSequences(true);
        Tensor x = Tensor.variable(TestArrays.uniform(3, -1, 1, 3, 5, 3));
        Tensor out = RecurrentTesting.call(lstm, false, null, List.of(x)).get(0);
        assertEquals("sequence_output", out.op());
        RecurrentLayer.stepByStepOnly = true;
        try {
            Tensor stepped = RecurrentTesting.call(lstm, false, null, List.of(x)).get(0);
            assertNotEquals("sequence_output", stepped.op());
        } finally {
            RecurrentLayer.stepByStepOnly = false;
        }
    }

    private record Result(List<INDArray> values, List<INDArray> grads) {
    }

    private static Result run(RecurrentLayer<?> layer, boolean training, INDArray mask, List<INDArray> inputs,
                              boolean stepByStep) {
        RecurrentLayer.stepByStepOnly = stepByStep;
        try {
            List<Tensor> xs = inputs.stream().map(a -> Tensor.variable(a.dup())).toList();
            List<Tensor> outs = RecurrentTesting.call(layer, training, mask, xs);
            for (Variable v : layer.trainableWeights()) {
                v.zeroGrad();
            }
            RecurrentTesting.objective(outs).backward();
            List<INDArray> values = outs.stream().map(t -> t.value().dup()).toList();
            List<INDArray> grads = new ArrayList<>();
            for (Tensor t : xs) {
                grads.add(t.grad().dup());
            }
            for (Variable v : layer.trainableWeights()) {
                grads.add(v.grad().dup());
                v.zeroGrad();
            }
            return new Result(values, grads);
        } finally {
            RecurrentLayer.stepByStepOnly = false;
        }
    }
}
