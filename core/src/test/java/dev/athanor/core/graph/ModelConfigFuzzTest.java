package dev.athanor.core.graph;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Add;
import dev.athanor.core.layers.Concatenate;
import dev.athanor.core.layers.Conv2D;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Dropout;
import dev.athanor.core.layers.Flatten;
import dev.athanor.core.layers.LSTM;
import dev.athanor.core.layers.Embedding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated model configs (the probe: node indices -1 or 2^31, names as numbers, indices as
 * strings, huge units, nulls, empty references) fail with {@link IllegalArgumentException}, never
 * with a raw JDK exception or an OutOfMemoryError.
 */
class ModelConfigFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static List<String> models() {
        Sequential mlp = new Sequential(List.of(new Dense(8).activation("relu").inputDim(4), new Dropout(0.2),
                new Dense(3).activation("softmax")));
        Tensor a = Input.of(4);
        Tensor b = Input.of(6);
        Tensor h = new Dense(6).activation("tanh").apply(a);
        Tensor out = new Dense(2).apply(new Concatenate().apply(new Add().apply(h, b), b));
        Model functional = new Model(List.of(a, b), List.of(out));
        Sequential conv = new Sequential(List.of(new Conv2D(2, 3).inputShape(6, 6, 1), new Flatten(), new Dense(2)));
        Sequential rnn = new Sequential(List.of(new Embedding(10, 4).maskZero(true).inputShape(5), new LSTM(3),
                new Dense(1)));
        return List.of(mlp.toJson(), functional.toJson(), conv.toJson(), rnn.toJson());
    }

    /** Every path to a value in the document. */
    private static void paths(JsonNode node, List<Object> prefix, List<List<Object>> out) {
        out.add(prefix);
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(f -> {
                List<Object> p = new ArrayList<>(prefix);
                p.add(f);
                paths(node.get(f), p, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> p = new ArrayList<>(prefix);
                p.add(i);
                paths(node.get(i), p, out);
            }
        }
    }

    private static JsonNode[] replacements() {
        ArrayNode emptyArray = F.arrayNode();
        return new JsonNode[] {F.nullNode(), F.numberNode(-1), F.numberNode(1L << 31), F.numberNode(Long.MAX_VALUE),
                F.numberNode(1e308), F.numberNode(2.5), F.textNode("x"), F.textNode(""), F.booleanNode(true),
                emptyArray, F.objectNode(), F.numberNode(0)};
    }

    private static JsonNode mutate(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode copy = root.deepCopy();
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            Object k = path.get(i);
            parent = k instanceof Integer n ? parent.get(n) : parent.get((String) k);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer n) {
            ((ArrayNode) parent).set(n, value);
        } else if (value == null) {
            ((ObjectNode) parent).remove((String) last);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
        return copy;
    }

    @Test
    void mutatedConfigsFailWithIllegalArgumentException() throws Exception {
        Map<String, String> escapes = new LinkedHashMap<>();
        Random random = new Random(20);
        int tried = 0;
        for (String json : models()) {
            JsonNode root = JSON.readTree(json);
            List<List<Object>> all = new ArrayList<>();
            paths(root, List.of(), all);
            for (List<Object> path : all) {
                JsonNode[] values = replacements();
                // Each path: a removal (for object keys) and two replacements drawn with a fixed seed.
                List<JsonNode> chosen = new ArrayList<>();
                if (!path.isEmpty() && path.get(path.size() - 1) instanceof String) {
                    chosen.add(null);
                }
                for (int k = 0; k < 2; k++) {
                    chosen.add(values[random.nextInt(values.length)]);
                }
                for (JsonNode v : chosen) {
                    String mutated = JSON.writeValueAsString(mutate(root, path, v));
                    tried++;
                    try {
                        Models.fromJson(mutated);
                    } catch (IllegalArgumentException ok) {
                        // the documented family (UnknownComponentException and LayerShapeException included)
                    } catch (Throwable t) {
                        escapes.putIfAbsent(t.getClass().getSimpleName() + " at " + path + " = " + v,
                                String.valueOf(t.getMessage()));
                    }
                }
            }
        }
        if (!escapes.isEmpty()) {
            StringBuilder sb = new StringBuilder(escapes.size() + " of " + tried + " mutated configs escaped:\n");
            escapes.forEach((k, m) -> sb.append("  ").append(k).append(": ").append(m).append('\n'));
            fail(sb.toString());
        }
        assertTrue(tried > 500, "tried " + tried);
    }

    @Test
    void errorsNameTheKeyPathAndWhatWasExpected() throws Exception {
        String json = models().get(1);
        JsonNode root = JSON.readTree(json);
        int dense = -1;
        for (int i = 0; i < root.get("config").get("layers").size(); i++) {
            if (root.get("config").get("layers").get(i).get("inbound_nodes").size() > 0 && dense < 0) {
                dense = i;
            }
        }
        JsonNode bad = mutate(root, List.of("config", "layers", dense, "inbound_nodes", 0, 0, 1), F.numberNode(-1));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Models.fromJson(JSON.writeValueAsString(bad)));
        org.junit.jupiter.api.Assertions.assertEquals("config.layers[" + dense + "].inbound_nodes[0][0][1]: expected a"
                + " non-negative integer index but found: -1", e.getMessage());
        JsonNode badUnits = mutate(root, List.of("config", "layers", dense, "config", "units"), F.numberNode(1L << 31));
        var u = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Models.fromJson(JSON.writeValueAsString(badUnits)));
        assertTrue(u.getMessage().startsWith("config.layers[" + dense + "] (Dense): Config key 'units' of "),
                u.getMessage());
    }
}
