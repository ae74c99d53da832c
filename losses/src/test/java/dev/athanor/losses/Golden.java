package dev.athanor.losses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.athanor.core.testing.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads {@code golden/losses.json}, written by {@code src/test/python/loss_golden.py}. */
final class Golden {

    /** One case: a loss or metric name, its config, inputs and the expected per-sample values. */
    record Case(String name, Map<String, Object> config, String label, INDArray yTrue, INDArray yPred,
                INDArray expected) {
        @Override
        public String toString() {
            return name + config + " " + label;
        }
    }

    private static final JsonNode ROOT = Json.resource(Golden.class, "/golden/losses.json");

    private Golden() {
    }

    static List<Case> losses() {
        return cases("losses");
    }

    static List<Case> metrics() {
        return cases("metrics");
    }

    @SuppressWarnings("unchecked")
    private static List<Case> cases(String section) {
        ObjectMapper mapper = new ObjectMapper();
        List<Case> out = new ArrayList<>();
        for (JsonNode c : ROOT.get(section)) {
            out.add(new Case(c.get("name").asText(), mapper.convertValue(c.get("config"), Map.class),
                    c.get("case").asText(), array(c.get("y_true")), array(c.get("y_pred")), array(c.get("expected"))));
        }
        return out;
    }

    /** A nested JSON list of numbers as a float64 array of the same shape. */
    static INDArray array(JsonNode node) {
        List<Long> shape = new ArrayList<>();
        JsonNode n = node;
        while (n.isArray()) {
            shape.add((long) n.size());
            n = n.size() > 0 ? n.get(0) : null;
            if (n == null) {
                break;
            }
        }
        List<Double> flat = new ArrayList<>();
        flatten(node, flat);
        double[] d = new double[flat.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = flat.get(i);
        }
        long[] s = shape.stream().mapToLong(Long::longValue).toArray();
        return Nd4j.createFromArray(d).castTo(DataType.DOUBLE).reshape(s);
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                flatten(it.next(), out);
            }
        } else {
            out.add(node.asDouble());
        }
    }
}
