package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3's mask rule for Add, Subtract, Multiply, Average and Concatenate, against real Keras 3.15.1
 * (TensorFlow, float64; {@code src/test/resources/goldens/merge_masks.py} wrote {@code merge_masks.json}):
 * outputs, output masks (OR when every input has a mask, none otherwise; Concatenate: an input without
 * a mask counts as all valid) and input gradients.
 */
class MergeMaskGoldenTest extends Float64Test {

    private static final JsonNode CASES = Json.resource(MergeMaskGoldenTest.class, "/goldens/merge_masks.json")
            .get("cases");

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
        List<INDArray> masks = new ArrayList<>();
        for (JsonNode m : c.get("masks")) {
            masks.add(m.isNull() ? null : AttentionGoldenTest.array(m));
        }
        Tensor out = layer.callOn(inputs, masks, false).get(0);
        Asserts.assertAllClose(AttentionGoldenTest.array(c.get("outputs").get(0)), out.value(), 1e-12, 1e-12);
        List<INDArray> outMask = layer.computeMask(inputs, masks);
        JsonNode want = c.get("output_mask");
        if (want.isNull()) {
            assertTrue(outMask.isEmpty() || outMask.get(0) == null, name + ": Keras has no output mask: " + outMask);
        } else {
            assertEquals(1, outMask.size(), name + ": Keras has an output mask");
            Asserts.assertAllClose(AttentionGoldenTest.array(want), outMask.get(0), 0, 0);
        }
        out.mul(Tensor.of(AttentionGoldenTest.array(c.get("loss_weights").get(0)))).sum().backward();
        for (int i = 0; i < inputs.size(); i++) {
            INDArray g = inputs.get(i).grad();
            assertNotNull(g, name + ": no gradient for input " + i);
            Asserts.assertAllClose(AttentionGoldenTest.array(c.get("input_grads").get(i)), g, 1e-12, 1e-12);
        }
        System.out.println("golden " + name + " output, mask and gradients match Keras");
    }
}
