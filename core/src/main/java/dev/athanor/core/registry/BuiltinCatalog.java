package dev.athanor.core.registry;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names that Athanor's own modules provide, so that a name whose module is absent says which
 * artifact to add ("add dev.athanor:athanor-optimizers") instead of only "unknown". A test with
 * every module on the class path (cli's {@code BuiltinCatalogTest}) checks it against what each
 * module really registers.
 */
public final class BuiltinCatalog {

    private static final String OPTIMIZERS = "dev.athanor:athanor-optimizers";
    private static final String LOSSES = "dev.athanor:athanor-losses";
    private static final String CALLBACKS = "dev.athanor:athanor-callbacks";
    private static final String IO = "dev.athanor:athanor-io";

    private static final Set<String> LOSS_NAMES = Set.of(
            "mean_squared_error", "mse", "mean_absolute_error", "mae", "mean_absolute_percentage_error", "mape",
            "mean_squared_logarithmic_error", "msle", "squared_hinge", "hinge", "categorical_hinge", "logcosh",
            "log_cosh", "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
            "kullback_leibler_divergence", "kld", "kl_divergence", "poisson", "cosine_proximity",
            "cosine_similarity", "huber", "huber_loss", "meansquarederror", "meanabsoluteerror",
            "meanabsolutepercentageerror", "meansquaredlogarithmicerror", "squaredhinge", "categoricalhinge",
            "categoricalcrossentropy", "sparsecategoricalcrossentropy", "binarycrossentropy",
            "kldivergence", "cosinesimilarity", "cosine");

    private static final Set<String> METRIC_NAMES = Set.of(
            "accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
            "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "binaryaccuracy",
            "categoricalaccuracy", "sparsecategoricalaccuracy", "topkcategoricalaccuracy",
            "sparsetopkcategoricalaccuracy", "logcosherror");

    private static final Map<String, Set<String>> BY_KIND = Map.of(
            "optimizer", Set.of("sgd", "adagrad", "rmsprop", "adadelta", "adam", "adamax", "nadam", "adamw", "lion"),
            "learning rate schedule", Set.of("exponentialdecay", "inversetimedecay", "piecewiseconstantdecay",
                    "polynomialdecay", "cosinedecay"),
            "loss", LOSS_NAMES,
            "callback", Set.of("modelcheckpoint", "earlystopping", "csvlogger", "reducelronplateau",
                    "learningratescheduler", "terminateonnan", "lambdacallback", "historywriter",
                    "tensorboard"),
            "model format", Set.of("h5", "hdf5", "keras", "json", "yaml", "yml"));

    private BuiltinCatalog() {
    }

    /**
     * The catalog: for each registry kind ("optimizer", "loss", "metric", "model format", ...), each
     * name (lower case) and the artifact that provides it.
     */
    public static Map<String, Map<String, String>> entries() {
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        for (String kind : BY_KIND.keySet()) {
            Map<String, String> names = new java.util.TreeMap<>();
            for (String n : BY_KIND.get(kind)) {
                names.put(n, artifactFor(kind, n));
            }
            out.put(kind, names);
        }
        Map<String, String> metrics = new java.util.TreeMap<>();
        for (String n : METRIC_NAMES) {
            metrics.put(n, LOSSES);
        }
        for (String n : LOSS_NAMES) {
            metrics.put(n, LOSSES);
        }
        out.put("metric", metrics);
        return out;
    }

    static String artifactFor(String kind, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (kind.equals("metric")) {
            return METRIC_NAMES.contains(n) || LOSS_NAMES.contains(n) ? LOSSES : null;
        }
        Set<String> names = BY_KIND.get(kind);
        if (names == null || !names.contains(n)) {
            return null;
        }
        return switch (kind) {
            case "optimizer", "learning rate schedule" -> OPTIMIZERS;
            case "loss" -> LOSSES;
            case "callback" -> CALLBACKS;
            default -> IO;
        };
    }
}
