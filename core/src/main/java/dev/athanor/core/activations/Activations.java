package dev.athanor.core.activations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keras's activations by name ({@code keras.activations}, Keras 2.6):
 * <ul>
 *   <li>{@code linear}: x</li>
 *   <li>{@code relu}: max(x, 0)</li>
 *   <li>{@code sigmoid}: 1 / (1 + exp(-x)) (remembers its logits for the fused crossentropy)</li>
 *   <li>{@code hard_sigmoid}: clip(0.2 x + 0.5, 0, 1)</li>
 *   <li>{@code tanh}: tanh(x)</li>
 *   <li>{@code softmax}: exp(x) / sum(exp(x)) over the last axis (remembers its logits)</li>
 *   <li>{@code elu}: x if x &gt; 0 else exp(x) - 1 (alpha = 1)</li>
 *   <li>{@code selu}: scale * elu(x, alpha), alpha = 1.6732632423543772, scale = 1.0507009873554805</li>
 *   <li>{@code softplus}: log(1 + exp(x))</li>
 *   <li>{@code softsign}: x / (1 + |x|)</li>
 *   <li>{@code exponential}: exp(x)</li>
 *   <li>{@code swish}: x * sigmoid(x)</li>
 *   <li>{@code gelu}: x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)) (Keras's default approximate=False)</li>
 * </ul>
 * Source: keras/activations.py (Keras 2.6).
 */
public final class Activations {

    private static final Map<String, NamedActivation> BY_NAME = new LinkedHashMap<>();

    static {
        put(new NamedActivation("linear", x -> x));
        put(new NamedActivation("relu", x -> x.relu()));
        put(new NamedActivation("sigmoid", x -> x.sigmoid()));
        put(new NamedActivation("hard_sigmoid", x -> x.hardSigmoid()));
        put(new NamedActivation("tanh", x -> x.tanh()));
        put(new NamedActivation("softmax", x -> {
            if (x.rank() < 2) {
                throw new IllegalArgumentException("softmax needs a tensor of rank >= 2 (batch, ...). Received shape "
                        + java.util.Arrays.toString(x.shape()) + ".");
            }
            return x.softmax(-1);
        }));
        put(new NamedActivation("elu", x -> x.elu(1.0)));
        put(new NamedActivation("selu", x -> x.selu()));
        put(new NamedActivation("softplus", x -> x.softplus()));
        put(new NamedActivation("softsign", x -> x.softsign()));
        put(new NamedActivation("exponential", x -> x.exp()));
        put(new NamedActivation("swish", x -> x.swish()));
        put(new NamedActivation("gelu", x -> x.gelu()));
    }

    private Activations() {
    }

    private static void put(NamedActivation a) {
        BY_NAME.put(a.name(), a);
    }

    /** The Keras names of the built-in activations, sorted. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(BY_NAME.keySet()));
    }

    /**
     * The activation named {@code name}; null means {@code linear}, as in Keras. Unknown names fail
     * with the known names and the closest one.
     */
    public static NamedActivation get(String name) {
        if (name == null) {
            return BY_NAME.get("linear");
        }
        NamedActivation a = BY_NAME.get(name);
        if (a == null) {
            a = BY_NAME.get(name.toLowerCase(java.util.Locale.ROOT));
        }
        if (a == null) {
            String closest = closest(name);
            throw new IllegalArgumentException("Unknown activation '" + name + "'."
                    + (closest == null ? "" : " Did you mean '" + closest + "'?")
                    + " Known: " + String.join(", ", names()));
        }
        return a;
    }

    /**
     * The name to write in a config for {@code activation}: the Keras name of a built-in one.
     * An anonymous activation (a lambda) has no name and cannot be saved; that fails clearly.
     */
    public static String nameOf(Activation activation) {
        if (activation == null) {
            return "linear";
        }
        if (activation instanceof NamedActivation n) {
            return n.name();
        }
        throw new IllegalArgumentException("Activation " + activation + " is a custom function and has no name, so it"
                + " cannot be written to a config. Use a named activation (" + String.join(", ", names())
                + ") or a custom layer registered as a plugin.");
    }

    private static String closest(String name) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : BY_NAME.keySet()) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= Math.max(2, name.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
