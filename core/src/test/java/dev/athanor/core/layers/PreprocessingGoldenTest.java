package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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

/**
 * Normalization and CategoryEncoding against real Keras 3.15.1 (PyTorch backend, float64;
 * {@code src/test/resources/goldens/preprocessing_layers.py} wrote {@code preprocessing_layers.json}).
 * Each layer is created from the registry with the constructor config the script gave Keras.
 * Normalization: {@code adapt} runs here on the same data (one array, or Keras's batch by batch
 * path) and must leave the weights Keras had (mean, variance, count); then the output, the output
 * mask and the input gradient. CategoryEncoding: the output, Keras's output shape, and the gradient
 * with respect to {@code count_weights}. Both: Athanor's config equals Keras's {@code get_config()}
 * (apart from name and dtype).
 */
class PreprocessingGoldenTest extends Float64Test {

    private static final JsonNode CASES = Json.resource(PreprocessingGoldenTest.class,
            "/goldens/preprocessing_layers.json").get("cases");

    static Stream<Arguments> cases() {
        return StreamSupport.stream(CASES.spliterator(), false).map(c -> Arguments.of(c.get("name").asText(), c));
    }

    private static INDArray array(JsonNode a) {
        return AttentionGoldenTest.array(a);
    }

    private static Map<String, Object> map(JsonNode n) {
        return new ObjectMapper().convertValue(n, new TypeReference<Map<String, Object>>() { });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKeras(String name, JsonNode c) {
        Layer layer = LayerTesting.create(c.get("layer").asText(), map(c.get("config")));
        if (layer instanceof Normalization n) {
            normalization(name, n, c);
        } else {
            categoryEncoding(name, (CategoryEncoding) layer, c);
        }
        Map<String, Object> keras = map(c.get("keras_config"));
        Map<String, Object> ours = Json.roundTrip(layer.config());
        keras.remove("name");
        ours.remove("name");
        ours.remove("dtype");
        assertEquals(keras, ours, name + ": config as Keras's get_config()");
    }

    private static void normalization(String name, Normalization layer, JsonNode c) {
        INDArray x = array(c.get("inputs").get(0));
        if (c.hasNonNull("adapt")) {
            layer.adapt(array(c.get("adapt")));
        } else if (c.hasNonNull("adapt_batches")) {
            List<INDArray> batches = new ArrayList<>();
            for (JsonNode b : c.get("adapt_batches")) {
                batches.add(array(b));
            }
            layer.adapt(batches);
        } else {
            long[] s = x.shape().clone();
            s[0] = -1;
            layer.ensureBuilt(List.of(s));
        }
        List<Variable> vars = layer.variables();
        JsonNode weights = c.get("weights");
        assertEquals(weights.size(), vars.size(), name + ": number of weights");
        for (int i = 0; i < vars.size(); i++) {
            String path = c.get("weight_paths").get(i).asText();
            assertEquals(path.substring(path.lastIndexOf('/') + 1), vars.get(i).baseName().substring(
                    vars.get(i).baseName().lastIndexOf('/') + 1), name + ": weight " + i + "'s name");
            INDArray want = array(weights.get(i));
            INDArray got = vars.get(i).value().castTo(DataType.DOUBLE);
            assertArrayEquals(want.shape(), got.shape(), name + ": shape of " + path);
            Asserts.assertAllClose(want, got, 1e-12, 1e-13);
            report(name, path, want, got);
        }
        if (!vars.isEmpty()) {
            assertEquals(DataType.LONG, vars.get(2).value().dataType(), name + ": count is int64 as in Keras ("
                    + c.get("weight_dtypes").get(2).asText() + ")");
        }
        Tensor in = Tensor.variable(x);
        List<INDArray> masks = new ArrayList<>();
        masks.add(c.hasNonNull("mask") ? array(c.get("mask")) : null);
        Tensor out = layer.callOn(List.of(in), masks, false).get(0);
        INDArray want = array(c.get("outputs").get(0));
        Asserts.assertAllClose(want, out.value(), 1e-12, 1e-12);
        report(name, "output", want, out.value());
        List<INDArray> outMask = layer.computeMask(List.of(in), masks);
        if (c.hasNonNull("output_mask")) {
            Asserts.assertAllClose(array(c.get("output_mask")), outMask.get(0), 0, 0);
        } else {
            assertEquals(0, outMask.stream().filter(java.util.Objects::nonNull).count(), name + ": no output mask");
        }
        out.mul(Tensor.of(array(c.get("loss_weights").get(0)))).sum().backward();
        INDArray wantG = array(c.get("input_grads").get(0));
        Asserts.assertAllClose(wantG, in.grad(), 1e-12, 1e-12);
        report(name, "d input", wantG, in.grad());
    }

    private static void categoryEncoding(String name, CategoryEncoding layer, JsonNode c) {
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(Tensor.of(array(c.get("inputs").get(0))));
        if (c.get("inputs").size() == 2) {
            inputs.add(Tensor.variable(array(c.get("inputs").get(1))));
        }
        Tensor out = LayerTesting.run(layer, false, inputs).get(0);
        INDArray want = array(c.get("outputs").get(0));
        assertArrayEquals(want.shape(), out.value().shape(), name + ": output shape");
        Asserts.assertAllClose(want, out.value(), 1e-15, 0);
        long[] declared = layer.computeOutputShape(List.of(inputs.get(0).shape())).get(0);
        long[] keras = new long[c.get("keras_output_shape").size()];
        for (int i = 0; i < keras.length; i++) {
            keras[i] = c.get("keras_output_shape").get(i).asLong();
        }
        assertArrayEquals(keras, declared, name + ": computeOutputShape as Keras's");
        if (c.has("count_weight_grads")) {
            out.mul(Tensor.of(array(c.get("loss_weights").get(0)))).sum().backward();
            INDArray wantG = array(c.get("count_weight_grads"));
            assertNotNull(inputs.get(1).grad(), name + ": no gradient for count_weights");
            Asserts.assertAllClose(wantG, inputs.get(1).grad(), 1e-14, 1e-14);
            report(name, "d count_weights", wantG, inputs.get(1).grad());
        } else {
            assertNull(inputs.get(0).grad(), name + ": ids are not differentiable");
        }
    }

    private static void report(String name, String what, INDArray want, INDArray got) {
        double err = want.sub(got.castTo(DataType.DOUBLE).reshape(want.shape())).amaxNumber().doubleValue();
        System.out.println("golden " + name + " " + what + " max abs error " + err);
    }
}
