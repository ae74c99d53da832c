package dev.athanor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 22's benchmark: every system in its own process, as a user runs it. Athanor, DL4J and ND4J's
 * gemm bound run in a fresh JVM each ({@link Single}); Keras 3 on TensorFlow, Keras 3 on JAX and
 * PyTorch (eager) in a fresh Python each (bench/python/peers.py); the physical bound is the best
 * large sgemm the machine reaches (ND4J's OpenBLAS called directly, {@code Nd4j.gemm}, {@code torch.mm}),
 * divided by each workload's matrix-product FLOPs per sample. Per workload, each round runs every
 * system once (warm-up epoch + one timed epoch) in an order rotating per round; the table shows the
 * medians and Athanor's ratios, with the load. Every child gets {@code OMP_WAIT_POLICY=PASSIVE} and
 * the same thread count (see bench/README.md).
 *
 * <p>Options: {@code --rounds N} (2), {@code --only W1,W2,W3,W5,W6,W7,W8}, {@code --systems
 * athanor,dl4j,bound,keras-tf,keras-jax,torch}, {@code --samples W5=1280,W6=640}, {@code --threads T}
 * (the machine's cores), {@code --python PATH} (default {@code $ATHANOR_BENCH_PYTHON}, else
 * {@code python3}), {@code --jvm-args "..."} (for the child JVMs), {@code --timeout S} (per process).
 */
public final class Peers {

    private static final List<String> ALL_SYSTEMS = List.of("athanor", "dl4j", "bound", "keras-tf", "keras-jax", "torch");
    private static final Map<String, String> NAMES = Map.of("athanor", "Athanor", "dl4j", "DL4J",
            "bound", "ND4J gemm bound", "keras-tf", "Keras/TF", "keras-jax", "Keras/JAX", "torch", "PyTorch");
    private static final List<String> PYTHON_SYSTEMS = List.of("keras-tf", "keras-jax", "torch");

    private final Map<String, String> opts;
    private final String python;
    private final Path script;
    private final int threads;
    private final long timeoutSeconds;
    private final List<String> failures = new ArrayList<>();

    private Peers(Map<String, String> opts) {
        this.opts = opts;
        String env = System.getenv("ATHANOR_BENCH_PYTHON");
        python = opts.getOrDefault("python", env != null ? env : "python3");
        script = Files.exists(Path.of("python/peers.py")) ? Path.of("python/peers.py") : Path.of("bench/python/peers.py");
        threads = Integer.parseInt(opts.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        timeoutSeconds = Long.parseLong(opts.getOrDefault("timeout", "1200"));
    }

    /** Runs the table. */
    public static void main(String[] args) throws IOException, InterruptedException {
        new Peers(options(args)).run();
    }

    private void run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
        List<WorkloadSpec> workloads = new ArrayList<>();
        for (String w : opts.getOrDefault("only", "W1,W2,W3,W5,W6,W7,W8").split(",")) {
            workloads.add(WorkloadSpec.of(w));
        }
        List<String> systems = new ArrayList<>();
        for (String s : opts.getOrDefault("systems", String.join(",", ALL_SYSTEMS)).toLowerCase(Locale.ROOT).split(",")) {
            if (!ALL_SYSTEMS.contains(s.trim())) {
                throw new IllegalArgumentException("Unknown system '" + s + "'; known: " + String.join(", ", ALL_SYSTEMS));
            }
            systems.add(s.trim());
        }
        Map<WorkloadSpec, Integer> samples = samples(workloads);
        out("Athanor benchmark, each system in its own process (issue 22): samples/s, higher is better; medians of "
                + rounds + " rounds (warm-up epoch + 1 timed epoch per process), order rotating per round.");
        out("  CPU: " + cpu() + "; threads per system " + threads + "; OMP_WAIT_POLICY=PASSIVE for every child;"
                + " python " + python + "; at start: " + MachineFacts.load());

        // the physical bound: best large sgemm, measured each round in its own processes
        Map<String, Samples> peaks = new LinkedHashMap<>();
        Map<WorkloadSpec, Map<String, Samples>> table = new LinkedHashMap<>();
        Map<String, Long> memW1 = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            peak(peaks, systems);
        }
        for (WorkloadSpec w : workloads) {
            Map<String, Samples> row = new LinkedHashMap<>();
            table.put(w, row);
            List<String> ws = new ArrayList<>(systems);
            if (w == WorkloadSpec.W7) {
                ws.remove("dl4j");  // no ComputationGraph version (yet)
                ws.remove("bound");
            }
            if (w == WorkloadSpec.W8) {
                ws.remove("dl4j");  // no DL4J version: its attention layers are not Keras's
            }
            for (int r = 0; r < rounds; r++) {
                List<String> order = new ArrayList<>(ws);
                Collections.rotate(order, -r);
                for (String s : order) {
                    List<String> cmd = command(s, w, samples.get(w));
                    Result res = launch(cmd, s + " " + w);
                    for (double[] rl : res.results) {
                        row.computeIfAbsent(s, k -> new Samples()).add(rl[0], rl[1]);
                        out(String.format(Locale.ROOT, "  %s round %d %-16s %,10.0f samples/s  (load %.2f, peak RSS %,d MB)",
                                w, r + 1, NAMES.get(s), rl[0], rl[1], res.rssKb / 1024));
                    }
                    if (w == WorkloadSpec.W1 && res.rssKb > 0) {
                        memW1.merge(s, res.rssKb, Math::max);
                    }
                }
            }
        }
        double peakGflops = 0;
        String peakHow = "?";
        for (Map.Entry<String, Samples> e : peaks.entrySet()) {
            if (e.getValue().median() > peakGflops) {
                peakGflops = e.getValue().median();
                peakHow = e.getKey();
            }
        }
        out("");
        StringBuilder head = new StringBuilder("| workload |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String s : systems) {
            head.append(' ').append(NAMES.get(s)).append(" |");
            rule.append("---|");
        }
        head.append(" physical bound |");
        rule.append("---|");
        for (String s : systems) {
            if (!s.equals("athanor")) {
                head.append(" A/").append(NAMES.get(s).replace("ND4J gemm bound", "gemm")).append(" |");
                rule.append("---|");
            }
        }
        head.append(" A/physical | median load |");
        rule.append("---|---|");
        out(head.toString());
        out(rule.toString());
        for (Map.Entry<WorkloadSpec, Map<String, Samples>> e : table.entrySet()) {
            WorkloadSpec w = e.getKey();
            Map<String, Samples> row = e.getValue();
            double physical = peakGflops * 1e9 / w.flopsPerSample;
            StringBuilder line = new StringBuilder("| " + w.label + " |");
            for (String s : systems) {
                line.append(' ').append(fmt(median(row, s))).append(" |");
            }
            line.append(' ').append(fmt(physical)).append(" |");
            double a = median(row, "athanor");
            for (String s : systems) {
                if (!s.equals("athanor")) {
                    line.append(' ').append(ratio(a, median(row, s))).append(" |");
                }
            }
            List<Double> loads = new ArrayList<>();
            row.values().forEach(x -> loads.add(x.medianLoad()));
            Collections.sort(loads);
            line.append(' ').append(ratio(a, physical)).append(" | ")
                    .append(loads.isEmpty() ? "?" : String.format(Locale.ROOT, "%.2f", loads.get(loads.size() / 2))).append(" |");
            out(line.toString());
        }
        out(String.format(Locale.ROOT, "Physical bound: %.0f GFLOP/s (%s, median of %d rounds) / matrix-product FLOPs per sample"
                + " (W1/W3 %,d, W2 %,d, W5 %,d, W6 %,d, W7 %,d, W8 %,d).", peakGflops, peakHow, rounds,
                WorkloadSpec.W1.flopsPerSample, WorkloadSpec.W2.flopsPerSample, WorkloadSpec.W5.flopsPerSample,
                WorkloadSpec.W6.flopsPerSample, WorkloadSpec.W7.flopsPerSample, WorkloadSpec.W8.flopsPerSample));
        for (Map.Entry<String, Samples> e : peaks.entrySet()) {
            out("  sgemm " + e.getKey() + ": " + e.getValue().runs() + " GFLOP/s");
        }
        if (!memW1.isEmpty()) {
            StringBuilder m = new StringBuilder("Peak resident memory of the W1 process (MB):");
            memW1.forEach((s, kb) -> m.append(String.format(Locale.ROOT, " %s %,d;", NAMES.get(s), kb / 1024)));
            out(m.toString());
        }
        StringBuilder sizes = new StringBuilder("Samples per epoch:");
        samples.forEach((w, n) -> sizes.append(String.format(Locale.ROOT, " %s %,d;", w, n)));
        out(sizes.toString());
        for (String f : failures) {
            out("FAILED: " + f);
        }
        out(String.format(Locale.ROOT, "total %.0f s; at end: %s", (System.nanoTime() - start) / 1e9, MachineFacts.load()));
    }

    private void peak(Map<String, Samples> peaks, List<String> systems) throws IOException, InterruptedException {
        List<List<String>> cmds = new ArrayList<>();
        cmds.add(javaCommand("peak", null, 0));
        if (systems.contains("torch")) {
            cmds.add(List.of(python, script.toString(), "--system", "torch-peak", "--threads", String.valueOf(threads)));
        }
        for (List<String> cmd : cmds) {
            Result res = launch(cmd, "sgemm peak");
            res.peaks.forEach((how, g) -> {
                peaks.computeIfAbsent(how, k -> new Samples()).add(g[0], g[1]);
                out(String.format(Locale.ROOT, "  peak %-22s %6.1f GFLOP/s  (load %.2f)", how, g[0], g[1]));
            });
        }
    }

    private List<String> command(String system, WorkloadSpec w, int samples) {
        if (PYTHON_SYSTEMS.contains(system)) {
            return List.of(python, script.toString(), "--system", system, "--workload", w.name(),
                    "--samples", String.valueOf(samples), "--threads", String.valueOf(threads));
        }
        return javaCommand(system, w, samples);
    }

    private List<String> javaCommand(String system, WorkloadSpec w, int samples) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : opts.getOrDefault("jvm-args", "-Xmx3g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn").split("\\s+")) {
            if (!a.isBlank()) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Single.class.getName());
        cmd.add("--system");
        cmd.add(system);
        if (w != null) {
            cmd.addAll(List.of("--workload", w.name(), "--samples", String.valueOf(samples)));
        }
        return cmd;
    }

    /** What one child printed: its timed runs (rate, load), sgemm peaks and its peak resident memory. */
    private static final class Result {
        final List<double[]> results = new ArrayList<>();
        final Map<String, double[]> peaks = new LinkedHashMap<>();
        long rssKb = -1;
    }

    private Result launch(List<String> cmd, String what) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        Result r = new Result();
        List<String> tail = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                String[] f = l.trim().split("\\s+");
                if (l.startsWith("RESULT ") && f.length >= 5) {
                    r.results.add(new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4])});
                } else if (l.startsWith("PEAK ") && f.length >= 5) {
                    r.peaks.put(f[1] + " " + f[2], new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4])});
                } else if (l.startsWith("MEM ") && f.length >= 2) {
                    r.rssKb = Long.parseLong(f[1]);
                } else if (l.startsWith("INFO ")) {
                    out("  " + l.substring(5));
                } else {
                    tail.add(l);
                    if (tail.size() > 15) {
                        tail.remove(0);
                    }
                }
            }
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            failures.add(what + ": no exit within " + timeoutSeconds + " s");
        } else if (p.exitValue() != 0 || (r.results.isEmpty() && r.peaks.isEmpty())) {
            failures.add(what + " (exit " + p.exitValue() + "): " + String.join(" | ", tail));
            out("  " + what + " FAILED (exit " + p.exitValue() + "), last output: " + String.join(" | ", tail));
        }
        return r;
    }

    private Map<WorkloadSpec, Integer> samples(List<WorkloadSpec> workloads) {
        Map<WorkloadSpec, Integer> m = new LinkedHashMap<>();
        for (WorkloadSpec w : workloads) {
            m.put(w, w.defaultSamples);
        }
        String given = opts.get("samples");
        if (given != null) {
            for (String kv : given.split(",")) {
                String[] p = kv.split("=");
                if (p.length != 2) {
                    throw new IllegalArgumentException("--samples takes W=N pairs, e.g. W5=1280,W6=640; got '" + kv + "'");
                }
                m.put(WorkloadSpec.of(p[0]), Integer.parseInt(p[1].trim()));
            }
            m.keySet().retainAll(workloads);
        }
        return m;
    }

    private static double median(Map<String, Samples> row, String system) {
        Samples s = row.get(system);
        return s == null || s.isEmpty() ? Double.NaN : s.median();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String cpu() {
        List<String> facts = MachineFacts.describeCpuOnly();
        return facts.get(0);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Usage: [--rounds N] [--only W1,W2,W3,W5,W6,W7,W8]"
                        + " [--systems athanor,dl4j,bound,keras-tf,keras-jax,torch] [--samples W5=1280,W6=640]"
                        + " [--threads T] [--python PATH] [--jvm-args \"...\"] [--timeout S]. Received: "
                        + String.join(" ", args));
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
