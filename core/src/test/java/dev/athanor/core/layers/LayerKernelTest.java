package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.athanor.core.Backend;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.activations.Activations;
import dev.athanor.core.ops.rnn.FusedRecurrence;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.TestArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole-layer float32 kernels ({@link RecurrentLayer.Cell#layer}: Java gate passes and direct
 * sgemm; LSTM, GRU and SimpleRNN) against the fused sequences they replace and against the step-by-step path, on random
 * shapes and options: masks, go_backwards, return_sequences, return_state, initial states, dropout
 * and recurrent dropout, other activations, no bias. Outputs, states and the gradients of the input,
 * the initial states and every weight agree to 1e-5 (float32; the fused sequences are themselves
 * checked against the step path in float64 and that against PyTorch goldens and finite differences).
 */
class LayerKernelTest {

    private String before;

    @BeforeEach
    void float32() {
        before = Backend.floatx();
        Backend.setFloatx("float32");
    }

    @AfterEach
    void restore() {
        Backend.setFloatx(before);
        RecurrentLayer.noLayerKernels = false;
        RecurrentLayer.stepByStepOnly = false;
    }

    static Stream<Arguments> cases() {
        return Stream.of("LSTM", "GRU", "SimpleRNN")
                .flatMap(kind -> IntStream.range(0, 16).mapToObj(seed -> Arguments.of(kind, seed)));
    }

    private static RecurrentLayer<?> layer(String kind, int units, int variant) {
        return switch (kind) {
            case "LSTM" -> switch (variant) {
                case 1 -> new LSTM(units).activation("relu").recurrentActivation("hard_sigmoid");
                case 2 -> new LSTM(units).activation("linear").useBias(false).unitForgetBias(false);
                case 3 -> new LSTM(units).activation("sigmoid").recurrentActivation("tanh");
                default -> new LSTM(units);
            };
            case "GRU" -> switch (variant) {
                case 1 -> new GRU(units).activation("relu").recurrentActivation("hard_sigmoid");
                case 2 -> new GRU(units).activation("linear").useBias(false);
                case 3 -> new GRU(units).activation("sigmoid").recurrentActivation("tanh");
                default -> new GRU(units);
            };
            default -> switch (variant) {
                case 1 -> new SimpleRNN(units).activation("relu");
                case 2 -> new SimpleRNN(units).activation("linear").useBias(false);
                case 3 -> new SimpleRNN(units).activation("sigmoid");
                default -> new SimpleRNN(units);
            };
        };
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void kernelMatchesTheFusedSequenceAndTheStepPath(String kind, int seed) {
        Random r = new Random(1000 + seed);
        int batch = 1 + r.nextInt(5);
        int steps = 1 + r.nextInt(7);
        int features = 1 + r.nextInt(6);
        int units = 1 + r.nextInt(9);
        boolean sequences = r.nextBoolean();
        boolean backwards = r.nextBoolean();
        boolean masked = r.nextInt(3) == 0;
        boolean initial = !masked && r.nextInt(3) == 0;
        boolean training = r.nextInt(3) == 0;
        int variant = r.nextInt(4);
        RecurrentLayer<?> layer = layer(kind, units, variant).returnSequences(sequences).returnState(true)
                .goBackwards(backwards);
        if (training) {
            layer.dropout(0.3).recurrentDropout(0.4);
        }
        List<INDArray> inputs = new ArrayList<>();
        inputs.add(TestArrays.uniform(seed, -1.5, 1.5, batch, steps, features).castTo(DataType.FLOAT));
        if (initial) {
            for (int i = 0; i < layer.stateCount(); i++) {
                inputs.add(TestArrays.uniform(seed + 50 + i, -1, 1, batch, units).castTo(DataType.FLOAT));
            }
        }
        INDArray mask = masked ? randomMask(r, batch, steps) : null;
        String label = kind + " b=" + batch + " T=" + steps + " f=" + features + " u=" + units + " seq=" + sequences
                + " back=" + backwards + " mask=" + masked + " init=" + initial + " train=" + training + " variant="
                + variant;

        Result kernel = run(layer, training, mask, inputs, Path.LAYER_KERNEL);
        Result sequence = run(layer, training, mask, inputs, Path.FUSED_SEQUENCE);
        Result stepwise = run(layer, training, mask, inputs, Path.STEP_BY_STEP);
        assertClose(sequence, kernel, label + " (against the fused sequence)");
        assertClose(stepwise, kernel, label + " (against the step path)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void largerShapesMatchTheFusedSequence(String kind) {
        RecurrentLayer<?> layer = layer(kind, 24, 0).returnSequences(false);
        List<INDArray> inputs = List.of(TestArrays.uniform(7, -1, 1, 16, 20, 8).castTo(DataType.FLOAT));
        Result kernel = run(layer, true, null, inputs, Path.LAYER_KERNEL);
        Result sequence = run(layer, true, null, inputs, Path.FUSED_SEQUENCE);
        assertClose(sequence, kernel, kind + " 16x20x8, 24 units");
    }

    @ParameterizedTest(name = "masked={0}")
    @MethodSource("booleans")
    void lstmRowBlocksOnTwoThreadsMatchOneThreadAndTheFusedSequence(boolean masked) {
        // 17 rows: two uneven blocks where the machine has two cores (RowWorkers: one block per 8 rows).
        LSTM layer = new LSTM(12).returnSequences(true).returnState(true).goBackwards(masked);
        layer.dropout(0.2).recurrentDropout(0.3);
        List<INDArray> inputs = new ArrayList<>();
        inputs.add(TestArrays.uniform(11, -1, 1, 17, 9, 5).castTo(DataType.FLOAT));
        if (!masked) {
            inputs.add(TestArrays.uniform(12, -1, 1, 17, 12).castTo(DataType.FLOAT));
            inputs.add(TestArrays.uniform(13, -1, 1, 17, 12).castTo(DataType.FLOAT));
        }
        INDArray mask = masked ? randomMask(new Random(5), 17, 9) : null;
        String before = System.getProperty("athanor.rnn.threads");
        try {
            System.setProperty("athanor.rnn.threads", "1");
            Result one = run(layer, true, mask, inputs, Path.LAYER_KERNEL);
            System.setProperty("athanor.rnn.threads", "2");
            Result two = run(layer, true, mask, inputs, Path.LAYER_KERNEL);
            Result sequence = run(layer, true, mask, inputs, Path.FUSED_SEQUENCE);
            assertClose(one, two, "one thread against two");
            assertClose(sequence, two, "two threads against the fused sequence");
        } finally {
            if (before == null) {
                System.clearProperty("athanor.rnn.threads");
            } else {
                System.setProperty("athanor.rnn.threads", before);
            }
        }
    }

    static Stream<Boolean> booleans() {
        return Stream.of(false, true);
    }

    static Stream<String> kinds() {
        return Stream.of("LSTM", "GRU", "SimpleRNN");
    }

    @Test
    void theKernelsTakeFloat32AndLeaveOtherTypesToTheSequencePath() {
        IntFunction<Tensor> f32 = n -> Tensor.variable(TestArrays.uniform(n, -1, 1, 2, 3, 4).castTo(DataType.FLOAT));
        Tensor x = f32.apply(1);
        Tensor k = Tensor.variable(TestArrays.uniform(2, -1, 1, 4, 20).castTo(DataType.FLOAT));
        Tensor rk = Tensor.variable(TestArrays.uniform(3, -1, 1, 5, 20).castTo(DataType.FLOAT));
        List<Tensor> out = FusedRecurrence.lstmLayer(x, k, rk, null, null, null, null, false, true,
                Activations.get("tanh"), Activations.get("sigmoid"));
        assertNotNull(out);
        assertEquals(3, out.size());
        Tensor x64 = Tensor.variable(TestArrays.uniform(1, -1, 1, 2, 3, 4));
        Tensor k64 = Tensor.variable(TestArrays.uniform(2, -1, 1, 4, 20));
        Tensor rk64 = Tensor.variable(TestArrays.uniform(3, -1, 1, 5, 20));
        assertNull(FusedRecurrence.lstmLayer(x64, k64, rk64, null, null, null, null, false, true,
                Activations.get("tanh"), Activations.get("sigmoid")));
        assertNull(FusedRecurrence.lstmLayer(x, k, rk, null, null, null, null, false, true,
                Activations.get("softplus"), Activations.get("sigmoid")));
        Tensor k3 = Tensor.variable(TestArrays.uniform(4, -1, 1, 4, 15).castTo(DataType.FLOAT));
        Tensor rk3 = Tensor.variable(TestArrays.uniform(5, -1, 1, 5, 15).castTo(DataType.FLOAT));
        assertNotNull(FusedRecurrence.gruLayer(x, k3, rk3, null, null, null, null, null, true, false,
                Activations.get("tanh"), Activations.get("sigmoid")));
        Tensor k1 = Tensor.variable(TestArrays.uniform(6, -1, 1, 4, 5).castTo(DataType.FLOAT));
        Tensor rk1 = Tensor.variable(TestArrays.uniform(7, -1, 1, 5, 5).castTo(DataType.FLOAT));
        assertNotNull(FusedRecurrence.simpleRnnLayer(x, k1, rk1, null, null, null, null, false, false,
                Activations.get("tanh")));
        assertNull(FusedRecurrence.simpleRnnLayer(x64, Tensor.variable(TestArrays.uniform(6, -1, 1, 4, 5)),
                Tensor.variable(TestArrays.uniform(7, -1, 1, 5, 5)), null, null, null, null, false, false,
                Activations.get("tanh")));
    }

    private static INDArray randomMask(Random r, int batch, int steps) {
        double[][] m = new double[batch][steps];
        for (double[] row : m) {
            for (int t = 0; t < steps; t++) {
                row[t] = r.nextInt(3) == 0 ? 0 : 1;
            }
        }
        return Nd4j.create(m).castTo(DataType.FLOAT);
    }

    private enum Path { LAYER_KERNEL, FUSED_SEQUENCE, STEP_BY_STEP }

    private record Result(List<INDArray> values, List<INDArray> grads) {
    }

    private static Result run(RecurrentLayer<?> layer, boolean training, INDArray mask, List<INDArray> inputs,
                              Path path) {
        RecurrentLayer.noLayerKernels = path != Path.LAYER_KERNEL;
        RecurrentLayer.stepByStepOnly = path == Path.STEP_BY_STEP;
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
            RecurrentLayer.noLayerKernels = false;
            RecurrentLayer.stepByStepOnly = false;
        }
    }

    private static void assertClose(Result expected, Result actual, String label) {
        assertEquals(expected.values.size(), actual.values.size(), label);
        for (int i = 0; i < expected.values.size(); i++) {
            assertEquals(DataType.FLOAT, actual.values.get(i).dataType(), label);
            check(expected.values.get(i), actual.values.get(i), label + ", output " + i);
        }
        assertEquals(expected.grads.size(), actual.grads.size(), label);
        for (int i = 0; i < expected.grads.size(); i++) {
            check(expected.grads.get(i), actual.grads.get(i), label + ", gradient " + i);
        }
    }

    private static void check(INDArray expected, INDArray actual, String label) {
        try {
            Asserts.assertAllClose(expected, actual, 1e-5, 1e-5);
        } catch (AssertionError e) {
            throw new AssertionError(label + ": " + e.getMessage(), e);
        }
    }
}
