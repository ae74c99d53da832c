package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.athanor.core.Tensor;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Embedding, SimpleRNN, LSTM, GRU (reset_after both ways), Bidirectional and TimeDistributed against
 * outputs computed by PyTorch and by an independent numpy loop, with weights in Keras's layout
 * (script: core/src/test/python/recurrent_golden.py, data: golden/recurrent.json).
 */
class RecurrentGoldenTest extends Float64Test {

    private static final JsonNode CASES = Json.resource(RecurrentGoldenTest.class, "/golden/recurrent.json").get("cases");

    static Stream<String> cases() {
        return StreamSupport.stream(CASES.spliterator(), false).map(c -> c.get("name").asText());
    }

    private static JsonNode find(String name) {
        for (JsonNode c : CASES) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no case " + name);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesReference(String name) {
        JsonNode c = find(name);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = new ObjectMapper().convertValue(c.get("config"), Map.class);
        Layer layer = LayerTesting.create(c.get("class_name").asText(), config);
        List<Tensor> inputs = new ArrayList<>();
        for (JsonNode in : c.get("inputs")) {
            inputs.add(Tensor.of(RecurrentTesting.array(in)));
        }
        INDArray mask = c.get("mask").isNull() ? null : RecurrentTesting.array(c.get("mask"));
        List<long[]> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            long[] s = t.shape();
            s[0] = -1;
            shapes.add(s);
        }
        layer.ensureBuilt(shapes);
        List<INDArray> weights = new ArrayList<>();
        for (JsonNode w : c.get("weights")) {
            weights.add(RecurrentTesting.array(w));
        }
        layer.setWeights(weights);
        List<Tensor> outs = RecurrentTesting.call(layer, false, mask, inputs);
        JsonNode expected = c.get("outputs");
        assertEquals(expected.size(), outs.size(), name + ": number of outputs");
        for (int i = 0; i < outs.size(); i++) {
            Asserts.assertAllClose(RecurrentTesting.array(expected.get(i)), outs.get(i).value(), 1e-9, 1e-10);
        }
        List<long[]> declared = layer.computeOutputShape(shapes);
        for (int i = 0; i < outs.size(); i++) {
            long[] got = outs.get(i).shape();
            got[0] = -1;
            org.junit.jupiter.api.Assertions.assertArrayEquals(declared.get(i), got, name + ": output " + i + " shape");
        }
    }
}
