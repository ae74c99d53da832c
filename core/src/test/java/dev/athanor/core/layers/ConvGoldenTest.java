package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Convolution, pooling and normalization layers against PyTorch 1.13 in float64
 * ({@code src/test/resources/goldens/conv_layers.py} maps Keras's layouts to PyTorch's explicitly
 * and wrote {@code conv_layers.json}).
 */
class ConvGoldenTest extends Float64Test {

    private static final JsonNode CASES = Json.resource(ConvGoldenTest.class, "/goldens/conv_layers.json").get("cases");

    static Stream<Arguments> cases() {
        return StreamSupport.stream(CASES.spliterator(), false).map(c -> Arguments.of(c.get("name").asText(), c));
    }

    private static INDArray array(JsonNode shape, JsonNode values) {
        long[] s = new long[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape.get(i).asLong();
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).asDouble();
        }
        return Nd4j.create(v, s, 'c').castTo(DataType.DOUBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name, JsonNode c) {
        Map<String, Object> config = new ObjectMapper().convertValue(c.get("config"),
                new TypeReference<Map<String, Object>>() { });
        config.values().removeIf(java.util.Objects::isNull);
        Layer layer = LayerTesting.create(c.get("layer").asText(), config);
        INDArray x = array(c.get("input_shape"), c.get("input"));
        List<INDArray> weights = new ArrayList<>();
        for (JsonNode w : c.get("weights")) {
            weights.add(array(w.get("shape"), w.get("values")));
        }
        long[] shape = x.shape().clone();
        shape[0] = -1;
        layer.ensureBuilt(List.of(shape));
        if (!weights.isEmpty()) {
            layer.setWeights(weights);
        }
        INDArray got = LayerTesting.run1(layer, c.get("training").asBoolean(), x).value();
        INDArray want = array(c.get("output_shape"), c.get("output"));
        assertArrayEquals(want.shape(), got.shape(), name + ": shape");
        long[] declared = layer.computeOutputShape(List.of(shape)).get(0);
        declared[0] = want.size(0);
        assertArrayEquals(want.shape(), declared, name + ": computeOutputShape");
        Asserts.assertAllClose(want, got, 1e-9, 1e-10);
    }
}
