package dev.athanor.optimizers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The reference file written by {@code src/test/python/optimizer_golden.py}, and array helpers. */
final class Golden {

    static final Map<String, Object> DOC = load();

    private Golden() {
    }

    private static Map<String, Object> load() {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/optimizers.json")) {
            return new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    static List<Map<String, Object>> cases() {
        return list(DOC.get("cases"));
    }

    static List<Map<String, Object>> schedules() {
        return list(DOC.get("schedules"));
    }

    /** A nested JSON list of numbers (or a number) as an array of the given shape and type. */
    static INDArray array(Object nested, DataType dtype) {
        List<Double> flat = new ArrayList<>();
        List<Long> shape = new ArrayList<>();
        shapeOf(nested, shape);
        flatten(nested, flat);
        double[] d = new double[flat.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = flat.get(i);
        }
        long[] s = shape.stream().mapToLong(Long::longValue).toArray();
        INDArray a = s.length == 0 ? Nd4j.scalar(d[0]) : Nd4j.create(d, s, 'c');
        return a.castTo(dtype);
    }

    private static void shapeOf(Object o, List<Long> shape) {
        if (o instanceof List<?> l) {
            shape.add((long) l.size());
            shapeOf(l.get(0), shape);
        }
    }

    private static void flatten(Object o, List<Double> out) {
        if (o instanceof List<?> l) {
            for (Object x : l) {
                flatten(x, out);
            }
        } else {
            out.add(((Number) o).doubleValue());
        }
    }

    /** Fresh trainable variables holding the file's initial values. */
    static List<Variable> variables(DataType dtype) {
        List<Variable> out = new ArrayList<>();
        for (Map<String, Object> v : list(DOC.get("variables"))) {
            out.add(new Variable((String) v.get("name"), array(v.get("value"), dtype), true));
        }
        return out;
    }

    /** The per-step gradients of one kind ("dense" or "sparse"): [step][variable]. */
    @SuppressWarnings("unchecked")
    static List<List<Object>> gradients(String kind) {
        return (List<List<Object>>) ((Map<String, Object>) DOC.get("gradients")).get(kind);
    }

    /** Sets each variable's gradient to the given arrays (through autodiff: d/dv sum(v * g) = g). */
    static void setGradients(List<Variable> vars, List<Object> step, DataType dtype) {
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            v.zeroGrad();
            v.tensor().mul(Tensor.of(array(step.get(i), dtype))).sum().backward();
        }
    }
}
