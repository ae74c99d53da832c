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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Attention layers (MultiHeadAttention, EinsumDense, Attention, AdditiveAttention, activation and
 * shape layers) against real Keras 3.15.1 in float64: outputs, and the gradients of
 * {@code sum(output * w)} with respect to every input and every weight.
 * {@code src/test/resources/goldens/attention_layers.py} wrote {@code attention_layers.json}
 * (weights set from the script's own random values, Keras masks set on the inputs as
 * {@code Embedding(mask_zero=True)} sets them).
 */
class AttentionGoldenTest extends Float64Test {

    private static final JsonNode CASES = Json.resource(AttentionGoldenTest.class, "/goldens/attention_layers.json")
            .get("cases");

    static Stream<Arguments> cases() {
        return StreamSupport.stream(CASES.spliterator(), false).map(c -> Arguments.of(c.get("name").asText(), c));
    }

    static INDArray array(JsonNode a) {
        long[] s = new long[a.get("shape").size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = a.get("shape").get(i).asLong();
        }
        JsonNode values = a.get("values");
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).asDouble();
        }
        return Nd4j.create(v, s, 'c').castTo(DataType.DOUBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKeras(String name, JsonNode c) {
        Map<String, Object> config = new ObjectMapper().convertValue(c.get("config"),
                new TypeReference<Map<String, Object>>() { });
        Layer layer = LayerTesting.create(c.get("layer").asText(), config);
        JsonNode call = c.get("call");
        List<Tensor> inputs = new ArrayList<>();
        for (JsonNode x : c.get("inputs")) {
            inputs.add(Tensor.variable(array(x)));
        }
        List<INDArray> masks = new ArrayList<>();
        for (JsonNode m : c.get("masks")) {
            masks.add(m.isNull() ? null : array(m));
        }
        if (layer instanceof MultiHeadAttention mha) {
            mha.useCausalMask(call.path("use_causal_mask").asBoolean(false));
            mha.returnAttentionScores(call.path("return_attention_scores").asBoolean(false));
            if (call.has("attention_mask")) {
                if (inputs.size() == 2) {
                    inputs.add(inputs.get(1));
                    masks.add(masks.get(1));
                }
                inputs.add(Tensor.of(array(call.get("attention_mask"))));
                masks.add(null);
            }
        }
        if (layer instanceof Attention att) {
            att.useCausalMask(call.path("use_causal_mask").asBoolean(false));
            att.returnAttentionScores(call.path("return_attention_scores").asBoolean(false));
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
            weights.add(array(w));
        }
        layer.setWeights(weights);
        List<Tensor> outs = layer.callOn(inputs, masks, false);
        JsonNode wantOuts = c.get("outputs");
        assertEquals(wantOuts.size(), outs.size(), name + ": number of outputs");
        List<long[]> declared = layer.computeOutputShape(shapes);
        Tensor loss = null;
        for (int i = 0; i < outs.size(); i++) {
            INDArray want = array(wantOuts.get(i));
            INDArray got = outs.get(i).value();
            assertArrayEquals(want.shape(), got.shape(), name + ": shape of output " + i);
            long[] d = declared.get(i).clone();
            d[0] = want.size(0);
            assertArrayEquals(want.shape(), d, name + ": computeOutputShape of output " + i);
            Asserts.assertAllClose(want, got, 1e-9, 1e-10);
            report(name, "output " + i, want, got);
            Tensor term = outs.get(i).mul(Tensor.of(array(c.get("loss_weights").get(i)))).sum();
            loss = loss == null ? term : loss.add(term);
        }
        for (Variable v : layer.trainableWeights()) {
            v.zeroGrad();
        }
        loss.backward();
        JsonNode inGrads = c.get("input_grads");
        for (int i = 0; i < inGrads.size(); i++) {
            INDArray want = array(inGrads.get(i));
            INDArray got = inputs.get(i).grad();
            assertNotNull(got, name + ": no gradient for input " + i);
            Asserts.assertAllClose(want, got, 1e-8, 1e-10);
            report(name, "d input " + i, want, got);
        }
        JsonNode wGrads = c.get("weight_grads");
        List<Variable> vars = layer.trainableWeights();
        assertEquals(wGrads.size(), vars.size(), name + ": number of trainable weights");
        for (int i = 0; i < vars.size(); i++) {
            INDArray want = array(wGrads.get(i));
            INDArray got = vars.get(i).grad();
            assertNotNull(got, name + ": no gradient for " + vars.get(i).name());
            Asserts.assertAllClose(want, got, 1e-8, 1e-10);
            report(name, "d " + c.get("weight_paths").get(i).asText(), want, got);
        }
    }

    private static void report(String name, String what, INDArray want, INDArray got) {
        double err = want.sub(got.reshape(want.shape())).amaxNumber().doubleValue();
        System.out.println("golden " + name + " " + what + " max abs error " + err);
    }
}
