package dev.athanor.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which optimizer rule a model file implies, where Keras 3 and tf.keras 2.6 differ.
 *
 * <p>Adagrad, and RMSprop without momentum, add epsilon outside the square root in tf.keras 2.6
 * and inside it in Keras 3 (Athanor's option {@code epsilon_inside_sqrt}); Keras 3's Nadam uses
 * the momentum schedule {@code 0.96^t} (Athanor's Nadam with {@code decay = 1}, handled by
 * {@link Keras3Configs}). A Keras 3 file ({@code .keras}, or an {@code .h5} Keras 3 wrote) implies
 * Keras 3's rules; a Keras 2 {@code .h5} implies tf.keras 2.6's. Neither Keras has a config key
 * for the rule, so a model whose rule is not the one its format implies records it in an
 * Athanor-only place (the {@code .keras} file's {@code metadata.json}, the {@code .h5} file's root
 * attribute), both named {@link #KEY}, which Keras ignores and Athanor reads back: Athanor's own
 * files resume by the rule they were trained with.
 */
final class OptimizerRules {

    /** Where a file records optimizer options Keras's config has no key for. */
    static final String KEY = "athanor_optimizer_options";
    /** Athanor's Adagrad/RMSprop option for Keras 3's epsilon placement. */
    static final String EPSILON_INSIDE_SQRT = "epsilon_inside_sqrt";

    private static final List<String> EPSILON_RULE = List.of("adagrad", "rmsprop");

    private OptimizerRules() {
    }

    /** Whether this optimizer's epsilon placement differs between Keras 3 and tf.keras 2.6. */
    static boolean epsilonRuleMatters(String className, Map<String, Object> config) {
        String c = className.toLowerCase(java.util.Locale.ROOT);
        if (!EPSILON_RULE.contains(c)) {
            return false;
        }
        return c.equals("adagrad") || !(config.get("momentum") instanceof Number m) || m.doubleValue() == 0;
    }

    /** Sets Keras 3's rule on an optimizer config read from a Keras 3 file. */
    static void keras3(String className, Map<String, Object> config) {
        if (EPSILON_RULE.contains(className.toLowerCase(java.util.Locale.ROOT))) {
            config.put(EPSILON_INSIDE_SQRT, true);
        }
    }

    /**
     * Removes Athanor's rule options from an optimizer config about to be written for Keras, and
     * returns those that differ from what {@code keras3} (the file's format) implies (empty if none).
     */
    static Map<String, Object> split(String className, Map<String, Object> config, boolean keras3) {
        Object inside = config.remove(EPSILON_INSIDE_SQRT);
        Map<String, Object> out = new LinkedHashMap<>();
        if (epsilonRuleMatters(className, config) && Boolean.TRUE.equals(inside) != keras3) {
            out.put(EPSILON_INSIDE_SQRT, Boolean.TRUE.equals(inside));
        }
        return out;
    }

    /** Applies options recorded by {@link #split} to the optimizer config of a training config. */
    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> training, Map<String, Object> options) {
        if (options.isEmpty() || !(training.get("optimizer_config") instanceof Map<?, ?> oc)) {
            return;
        }
        Map<String, Object> ocm = (Map<String, Object>) oc;
        Map<String, Object> config = ocm.get("config") instanceof Map<?, ?> c
                ? new LinkedHashMap<>((Map<String, Object>) c) : new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : options.entrySet()) {
            if (!e.getKey().equals(EPSILON_INSIDE_SQRT)) {
                throw new IllegalArgumentException(KEY + " holds '" + e.getKey() + "', which this Athanor does not"
                        + " know (known: " + EPSILON_INSIDE_SQRT + "); written by a newer Athanor?");
            }
            if (!(e.getValue() instanceof Boolean)) {
                throw new IllegalArgumentException(KEY + "." + e.getKey() + " must be true or false; found: "
                        + e.getValue());
            }
            config.put(e.getKey(), e.getValue());
        }
        ocm.put("config", config);
    }
}
