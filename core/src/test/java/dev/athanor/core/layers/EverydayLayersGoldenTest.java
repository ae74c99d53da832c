package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Activation, shape and merge layers (ReLU, LeakyReLU, PReLU, ELU, Softmax, ...) against real
 * Keras 3.15.1 in float64: outputs, and the gradients of {@code sum(output * w)} with respect to
 * every input and every trainable weight. {@code src/test/resources/goldens/everyday_layers.py}
 * wrote {@code everyday_layers.json}; each layer is built from the registry with the constructor
 * config the script gave Keras, and its weights are set to the script's values.
 */
class EverydayLayersGoldenTest extends Float64Test {

    private static final JsonNode CASES = Json.resource(EverydayLayersGoldenTest.class,
            "/goldens/everyday_layers.json").get("cases");

    static Stream<Arguments> cases() {
        return StreamSupport.stream(CASES.spliterator(), false).map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKeras(String name, JsonNode c) {
        Map<String, Object> config = new ObjectMapper().convertValue(c.get("config"),
                new TypeReference<Map<String, Object>>() { });
        Layer layer = LayerTesting.create(c.get("layer").asText(), config);
        List<Tensor> inputs = new ArrayList<>();
        for (JsonNode x : c.get("inputs")) {
            inputs.add(Tensor.variable(AttentionGoldenTest.array(x)));
        }
        int realInputs = inputs.size();
        List<INDArray> masks = new ArrayList<>();
        for (JsonNode m : c.get("masks")) {
            masks.add(m.isNull() ? null : AttentionGoldenTest.array(m));
        }
        if (c.hasNonNull("call_mask")) {
            // Keras's explicit `mask` call argument is the layer's second input here.
            inputs.add(Tensor.of(AttentionGoldenTest.array(c.get("call_mask"))));
            masks.add(null);
        }
        List<long[]> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            long[] s = t.shape();
            s[0] = -1;
            shapes.add(s);
        }
        layer.ensureBuilt(shapes);
        List<INDArray> weights = new ArrayList<>();
        for (JsonNode w : c.get("weights")) {
            weights.add(AttentionGoldenTest.array(w));
        }
        layer.setWeights(weights);
        List<Tensor> outs = layer.callOn(inputs, masks, false);
        assertEquals(1, outs.size(), name + ": number of outputs");
        INDArray want = AttentionGoldenTest.array(c.get("outputs").get(0));
        INDArray got = outs.get(0).value();
        assertArrayEquals(want.shape(), got.shape(), name + ": output shape");
        long[] declared = layer.computeOutputShape(shapes).get(0).clone();
        declared[0] = want.size(0);
        assertArrayEquals(want.shape(), declared, name + ": computeOutputShape");
        Asserts.assertAllClose(want, got, 1e-9, 1e-10);
        report(name, "output", want, got);
        JsonNode losses = c.path("losses");
        if (layer instanceof ActivityRegularization ar) {
            assertEquals(1, losses.size(), name + ": Keras added one activity loss");
            // Keras's value is 1.5e-9 (relative) off the exact (l1·sum|x| + l2·sum x²) / batch, which Athanor
            // matches to the last bit (RegularizationLayersTest); some float32 step inside Keras's regularizer.
            assertEquals(losses.get(0).asDouble(), ar.penalty(inputs.get(0)).item(), 1e-8 * losses.get(0).asDouble(),
                    name + ": activity loss");
        } else {
            assertEquals(0, losses.size(), name + ": Keras added no loss");
        }
        for (Variable v : layer.trainableWeights()) {
            v.zeroGrad();
        }
        outs.get(0).mul(Tensor.of(AttentionGoldenTest.array(c.get("loss_weights").get(0)))).sum().backward();
        JsonNode inGrads = c.get("input_grads");
        assertEquals(realInputs, inGrads.size(), name + ": number of input gradients");
        for (int i = 0; i < realInputs; i++) {
            INDArray wantG = AttentionGoldenTest.array(inGrads.get(i));
            INDArray gotG = inputs.get(i).grad();
            assertNotNull(gotG, name + ": no gradient for input " + i);
            Asserts.assertAllClose(wantG, gotG, 1e-8, 1e-10);
            report(name, "d input " + i, wantG, gotG);
        }
        JsonNode wGrads = c.get("weight_grads");
        List<Variable> vars = layer.trainableWeights();
        assertEquals(wGrads.size(), vars.size(), name + ": number of trainable weights");
        for (int i = 0; i < vars.size(); i++) {
            INDArray wantG = AttentionGoldenTest.array(wGrads.get(i));
            INDArray gotG = vars.get(i).grad();
            assertNotNull(gotG, name + ": no gradient for " + vars.get(i).name());
            Asserts.assertAllClose(wantG, gotG, 1e-8, 1e-10);
            report(name, "d " + c.get("weight_paths").get(i).asText(), wantG, gotG);
        }
    }

    private static void report(String name, String what, INDArray want, INDArray got) {
        double err = want.sub(got.reshape(want.shape())).amaxNumber().doubleValue();
        System.out.println("golden " + name + " " + what + " max abs error " + err);
    }
}
