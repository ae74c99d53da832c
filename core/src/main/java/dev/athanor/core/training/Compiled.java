package dev.athanor.core.training;

import dev.athanor.core.Internal;

import dev.athanor.core.CompileOptions;
import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.Optimizer;

import dev.athanor.core.registry.Registries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The result of {@code compile}: resolved optimizer, per-output losses and weights, metrics. */
@Internal
public final class Compiled {

    public final Optimizer optimizer;
    public final List<Loss> losses;          // per output; null entries: no loss for that output
    public final List<String> lossNames;     // per output; registry name, or null for lambdas
    public final List<Double> lossWeights;
    final List<NamedMetric> metrics;
    public final List<Object> metricSpecs;   // as the user gave them, for the training config
    /** Whether steps may be compiled ({@link StepPlan}); Keras's {@code jit_compile}. */
    public final boolean jitCompile;

    private Compiled(Optimizer optimizer, List<Loss> losses, List<String> lossNames, List<Double> lossWeights,
                     List<NamedMetric> metrics, List<Object> metricSpecs, boolean jitCompile) {
        this.optimizer = optimizer;
        this.losses = losses;
        this.lossNames = lossNames;
        this.lossWeights = lossWeights;
        this.metrics = metrics;
        this.metricSpecs = metricSpecs;
        this.jitCompile = jitCompile;
    }

    public static Compiled resolve(CompileOptions o, List<String> outputNames, List<long[]> outputShapes,
                            Registries registries) {
        Optimizer opt = o.optimizer() instanceof Optimizer given ? given
                : registries.optimizers().create((String) o.optimizer());
        int n = outputNames.size();
        List<Object> specs = o.losses();
        if (specs.isEmpty()) {
            specs = new ArrayList<>();
            specs.add(null);
        }
        if (specs.size() != 1 && specs.size() != n) {
            throw new IllegalArgumentException("The model has " + n + " outputs but " + specs.size()
                    + " losses were given; give one loss for all outputs or one per output.");
        }
        List<Loss> losses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object spec = specs.size() == 1 ? specs.get(0) : specs.get(i);
            if (spec == null) {
                losses.add(null);
                names.add(null);
            } else if (spec instanceof String s) {
                losses.add(registries.losses().create(s));
                names.add(s);
            } else if (spec instanceof Loss l) {
                losses.add(l);
                names.add(l.registryName());
            } else {
                throw new IllegalArgumentException("A loss must be a name or a Loss. Received: " + spec);
            }
        }
        List<Double> weights = o.lossWeights();
        if (weights == null) {
            weights = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                weights.add(1.0);
            }
        } else if (weights.size() != n) {
            throw new IllegalArgumentException("lossWeights has " + weights.size() + " entries but the model has "
                    + n + " outputs.");
        }
        List<NamedMetric> metrics = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (Object m : o.metrics()) {
                Metric metric;
                String key;
                if (m instanceof String s) {
                    metric = metricByName(s, registries);
                    key = s;
                } else if (m instanceof Metric mm) {
                    metric = mm;
                    key = mm.registryName();
                } else {
                    throw new IllegalArgumentException("A metric must be a name or a Metric. Received: " + m);
                }
                metric = metric.specialize(losses.get(i), outputShapes.get(i));
                if (n > 1) {
                    key = outputNames.get(i) + "_" + key;
                }
                metrics.add(new NamedMetric(key, metric, i));
            }
        }
        return new Compiled(opt, losses, names, List.copyOf(weights), metrics, List.copyOf(o.metrics()), o.jitCompile());
    }

    /** A metric name, or a loss name used as a metric ("mae"), as Keras allows. */
    private static Metric metricByName(String name, Registries registries) {
        if (registries.metrics().contains(name) || !registries.losses().contains(name)) {
            return registries.metrics().create(name);
        }
        Loss loss = registries.losses().create(name);
        return new LossAsMetric(name, loss);
    }

    /** Log keys of one fit: loss, per-output losses, metrics, added metrics, then val_* of all. */
    List<String> logKeys(List<String> outputNames, List<String> addedMetricNames, boolean validation) {
        List<String> keys = new ArrayList<>();
        keys.add("loss");
        if (outputNames.size() > 1) {
            for (int i = 0; i < outputNames.size(); i++) {
                if (losses.get(i) != null) {
                    keys.add(outputNames.get(i) + "_loss");
                }
            }
        }
        for (NamedMetric m : metrics) {
            keys.add(m.key());
        }
        keys.addAll(addedMetricNames);
        if (validation) {
            for (String k : new ArrayList<>(keys)) {
                keys.add("val_" + k);
            }
        }
        return keys;
    }

    /** Direction of every log key. */
    Map<String, Boolean> directions(List<String> keys) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String k : keys) {
            String base = k.startsWith("val_") ? k.substring(4) : k;
            Boolean higher = false;
            for (NamedMetric m : metrics) {
                if (m.key().equals(base)) {
                    higher = m.metric().higherIsBetter();
                }
            }
            out.put(k, higher);
        }
        return out;
    }
}
