package dev.athanor.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 10's benchmark: Athanor against Deeplearning4j 1.0.0-M2.1 and the ND4J gemm bound, on the
 * same data, in the same JVM, alternating systems round by round and reporting medians with the
 * load average next to every figure (the machine may be shared). See bench/README.md.
 *
 * <p>Options: {@code --rounds N} (timed runs per system, default 3), {@code --w3-samples N}
 * (samples per W3 epoch, default 15,000; 60,000 is the full set), {@code --w5-samples N} and
 * {@code --w6-samples N} (samples per W5 / W6 epoch, default 3,200 and 2,560), {@code --only W1,...,W6}
 * (default all), {@code --skip W5,W6},
 * {@code --threads N} (ND4J's maximum threads, {@code Environment.setMaxThreads}),
 * {@code --systems athanor,dl4j,bound} (for profiling one system alone).
 */
public final class Bench {

    private static final int SAMPLES = 60_000;
    private static final String WORKLOADS = "W1,W2,W3,W4,W5,W6";
    /** W5's and W6's default epoch sizes: an estimated 2-3 minutes of the default run on 2 quiet cores (3.6 at load 4). */
    private static final int W5_SAMPLES = 3_200;
    private static final int W6_SAMPLES = 2_560;

    private Bench() {
    }

    /** Runs the workloads and prints the table. */
    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        Map<String, String> opts = options(args);
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        int w3Samples = Integer.parseInt(opts.getOrDefault("w3-samples", "15000"));
        int w5Samples = Integer.parseInt(opts.getOrDefault("w5-samples", String.valueOf(W5_SAMPLES)));
        int w6Samples = Integer.parseInt(opts.getOrDefault("w6-samples", String.valueOf(W6_SAMPLES)));
        Set<String> only = workloads(opts);
        if (opts.containsKey("threads")) {
            int t = Integer.parseInt(opts.get("threads"));
            Nd4j.getEnvironment().setMaxThreads(t);
            Nd4j.getEnvironment().setMaxMasterThreads(t);
        }
        out("Athanor benchmark (issues 10, 11): samples/s, higher is better; medians of " + rounds
                + " timed runs per system after one warm-up, systems alternating.");
        for (String l : MachineFacts.describe()) {
            out("  " + l);
        }
        out("  at start: " + MachineFacts.load() + " (1-minute load average; above ~0.3 the machine is busy)");
        Workloads.Data data = only.contains("W1") || only.contains("W2") || only.contains("W3")
                ? Workloads.synthetic(SAMPLES, 42) : null;
        Set<String> wanted = Set.of(opts.getOrDefault("systems", "athanor,dl4j,bound").toLowerCase(Locale.ROOT).split(","));
        List<TrainingSystem> systems = data == null ? List.of()
                : systems(wanted, AthanorSystem::new, Dl4jSystem::new, GemmBound::new);

        Map<String, Map<String, Samples>> table = new LinkedHashMap<>();
        if (only.contains("W2")) {
            table.put("W2 predict b=1024", measure("W2", systems, rounds, SAMPLES,
                    (s, e) -> s.predict(data, 1024)));
        }
        if (only.contains("W1")) {
            table.put("W1 train b=128", measure("W1", systems, rounds, SAMPLES,
                    (s, e) -> s.trainEpoch(data, 128, e)));
        }
        if (only.contains("W3")) {
            Workloads.Data small = data.head(w3Samples);
            table.put("W3 train b=16", measure("W3", systems, rounds, small.size(),
                    (s, e) -> s.trainEpoch(small, 16, e)));
        }
        if (only.contains("W5")) {
            Workloads.Data images = Workloads.images(w5Samples, 42);
            List<TrainingSystem> conv = systems(wanted, AthanorSystem::conv, Dl4jSystem::conv, ConvBound::new);
            table.put("W5 conv train b=" + Workloads.CONV_BATCH, measure("W5", conv, rounds, images.size(),
                    (s, e) -> s.trainEpoch(images, Workloads.CONV_BATCH, e)));
        }
        if (only.contains("W6")) {
            Workloads.Data sequences = Workloads.sequences(w6Samples, 42);
            List<TrainingSystem> lstm = systems(wanted, AthanorSystem::lstm, Dl4jSystem::lstm, LstmBound::new);
            table.put("W6 LSTM train b=" + Workloads.LSTM_BATCH, measure("W6", lstm, rounds, sequences.size(),
                    (s, e) -> s.trainEpoch(sequences, Workloads.LSTM_BATCH, e)));
        }
        List<FileRoundTrip.Result> files = only.contains("W4") ? FileRoundTrip.run(rounds) : List.of();

        out("");
        out("| workload | Athanor | DL4J | gemm bound | Athanor/DL4J | Athanor/bound | DL4J/bound | median load |");
        out("|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Map<String, Samples>> e : table.entrySet()) {
            double a = median(e.getValue(), "Athanor");
            double d = median(e.getValue(), "DL4J");
            double b = median(e.getValue(), "gemm bound");
            double load = e.getValue().values().iterator().next().medianLoad();
            out(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f |",
                    e.getKey(), a, d, b, a / d, a / b, d / b, load));
        }
        if (table.keySet().stream().anyMatch(k -> k.startsWith("W1") || k.startsWith("W2") || k.startsWith("W3"))) {
            out("Targets (issue 10): Athanor/DL4J >= 2.5 on W1 and W3, >= 1.6 on W2; Athanor/bound >= 0.9 on W1."
                + " Reference on a quiet machine: DL4J 7,700 / 66,000 / 1,700, bound 21,800 / 122,000 / 10,300.");
        }
        if (table.containsKey("W3 train b=16") && w3Samples < SAMPLES) {
            out("W3 epochs use the first " + w3Samples + " samples (--w3-samples 60000 for the full set).");
        }
        if (only.contains("W5")) {
            out("W5 epochs: " + w5Samples + " samples of 28x28x1 (--w5-samples N); bound = 8 im2col/Dense gemms per step"
                    + " (ConvBound).");
        }
        if (only.contains("W6")) {
            out("W6 epochs: " + w6Samples + " sequences of 50x32 (--w6-samples N); bound = 5 gemms per time step"
                    + " + 3 for the Dense, 253 per step (LstmBound).");
        }
        for (FileRoundTrip.Result r : files) {
            out("W4 " + FileRoundTrip.format(r));
        }
        out(String.format(Locale.ROOT, "total %.0f s; at end: %s", (System.nanoTime() - start) / 1e9, MachineFacts.load()));
    }

    /** {@code --only} (default every workload) minus {@code --skip}; unknown names are an error. */
    private static Set<String> workloads(Map<String, String> opts) {
        Set<String> known = Set.of(WORKLOADS.split(","));
        Set<String> only = new java.util.LinkedHashSet<>(names(opts.getOrDefault("only", WORKLOADS)));
        Set<String> skip = names(opts.getOrDefault("skip", ""));
        for (Set<String> given : List.of(only, skip)) {
            for (String w : given) {
                if (!known.contains(w)) {
                    throw new IllegalArgumentException("Unknown workload '" + w + "' in --only/--skip; known: "
                            + WORKLOADS);
                }
            }
        }
        only.removeAll(skip);
        return only;
    }

    private static Set<String> names(String csv) {
        Set<String> s = new java.util.LinkedHashSet<>();
        for (String w : csv.toUpperCase(Locale.ROOT).split(",")) {
            if (!w.isBlank()) {
                s.add(w.trim());
            }
        }
        return s;
    }

    /** The wanted systems of one workload, built only if wanted (a DL4J network takes seconds to set up). */
    private static List<TrainingSystem> systems(Set<String> wanted, Supplier<TrainingSystem> athanor,
                                                Supplier<TrainingSystem> dl4j, Supplier<TrainingSystem> bound) {
        List<TrainingSystem> systems = new ArrayList<>();
        if (wanted.contains("athanor")) {
            systems.add(athanor.get());
        }
        if (wanted.contains("dl4j")) {
            systems.add(dl4j.get());
        }
        if (wanted.contains("bound")) {
            systems.add(bound.get());
        }
        return systems;
    }

    /** One warm-up run per system, then {@code rounds} timed runs each, the system order rotating per round. */
    private static Map<String, Samples> measure(String label, List<TrainingSystem> systems, int rounds, int samples,
                                                BiConsumer<TrainingSystem, Integer> run) {
        StringBuilder params = new StringBuilder("  " + label + " parameters (the same model in each system):");
        for (TrainingSystem s : systems) {
            if (s.parameters() >= 0) {
                params.append(String.format(Locale.ROOT, " %s %,d", s.name(), s.parameters()));
            }
        }
        out(params.toString());
        Map<String, Samples> result = new LinkedHashMap<>();
        for (TrainingSystem s : systems) {
            result.put(s.name(), new Samples());
            run.accept(s, 0);
        }
        for (int r = 0; r < rounds; r++) {
            List<TrainingSystem> order = new ArrayList<>(systems);
            java.util.Collections.rotate(order, -r);
            for (TrainingSystem s : order) {
                double load = MachineFacts.loadValue();
                long t0 = System.nanoTime();
                run.accept(s, r + 1);
                double rate = samples / ((System.nanoTime() - t0) / 1e9);
                result.get(s.name()).add(rate, load);
                out(String.format(Locale.ROOT, "  %s round %d %-10s %,9.0f samples/s  (load %.2f)", label, r + 1,
                        s.name(), rate, load));
            }
        }
        return result;
    }

    private static double median(Map<String, Samples> m, String system) {
        Samples s = m.get(system);
        return s == null ? Double.NaN : s.median();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Usage: [--rounds N] [--w3-samples N] [--w5-samples N] [--w6-samples N]"
                        + " [--only W1,W2,W3,W4,W5,W6] [--skip W5,W6]"
                        + " [--threads N] [--systems athanor,dl4j,bound]. Received: " + String.join(" ", args));
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    private static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
