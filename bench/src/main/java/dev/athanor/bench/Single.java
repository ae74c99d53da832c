package dev.athanor.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One Java system on one workload in this process, as {@link Peers} runs it (each system in its own
 * JVM): build the model, one warm-up epoch, then {@code --timed} timed epochs, each printed as
 * {@code RESULT <system> <workload> <samples/s> <load>} (the same protocol as bench/python/peers.py).
 * Systems: {@code athanor}, {@code dl4j}, {@code bound} (ND4J's gemms of the step into preallocated
 * outputs) and {@code peak} (a large sgemm: the machine's physical bound, see {@link SgemmPeak}).
 */
public final class Single {

    private Single() {
    }

    /** {@code --system S --workload W [--samples N] [--timed K] [--threads T]}. */
    public static void main(String[] args) {
        Map<String, String> o = options(args);
        String system = o.getOrDefault("system", "athanor").toLowerCase(Locale.ROOT);
        if (o.containsKey("threads")) {
            int t = Integer.parseInt(o.get("threads"));
            Nd4j.getEnvironment().setMaxThreads(t);
            Nd4j.getEnvironment().setMaxMasterThreads(t);
        }
        int timed = Integer.parseInt(o.getOrDefault("timed", "1"));
        if (system.equals("peak")) {
            SgemmPeak.run(timed, Integer.parseInt(o.getOrDefault("peak-size", "2048")));
            return;
        }
        WorkloadSpec w = WorkloadSpec.of(o.getOrDefault("workload", "W1"));
        int samples = Integer.parseInt(o.getOrDefault("samples", String.valueOf(w.defaultSamples)));
        Workloads.Data data = switch (w) {
            case W1, W2, W3 -> Workloads.synthetic(samples, 42);
            case W5, W7 -> Workloads.images(samples, 42);
            case W6 -> Workloads.sequences(samples, 42);
            case W8 -> Workloads.tokens(samples, 42);
        };
        TrainingSystem s = system(system, w).get();
        if (s.parameters() >= 0) {
            System.out.printf(Locale.ROOT, "INFO %s %s %,d parameters%n", system, w, s.parameters());
        }
        for (int e = 0; e <= timed; e++) {
            double load = MachineFacts.loadValue();
            long t0 = System.nanoTime();
            if (w.training) {
                s.trainEpoch(data, w.batch, e);
            } else {
                s.predict(data, w.batch);
            }
            double rate = samples / ((System.nanoTime() - t0) / 1e9);
            if (e > 0) { // epoch 0 is the warm-up
                System.out.printf(Locale.ROOT, "RESULT %s %s %.1f %.2f%n", system, w, rate, load);
                System.out.flush();
            }
        }
        System.out.println("MEM " + MachineFacts.peakResidentKb());
    }

    private static Supplier<TrainingSystem> system(String name, WorkloadSpec w) {
        return switch (name) {
            case "athanor" -> switch (w) {
                case W1, W2, W3 -> AthanorSystem::new;
                case W5 -> AthanorSystem::conv;
                case W6 -> AthanorSystem::lstm;
                case W7 -> AthanorSystem::resnet;
                case W8 -> AthanorSystem::transformer;
            };
            case "dl4j" -> switch (w) {
                case W1, W2, W3 -> Dl4jSystem::new;
                case W5 -> Dl4jSystem::conv;
                case W6 -> Dl4jSystem::lstm;
                case W7 -> throw new IllegalArgumentException("W7 (ResNet block) has no DL4J version (it needs a"
                        + " ComputationGraph); run it with athanor or the Python peers");
                case W8 -> throw new IllegalArgumentException("W8 (Transformer block) has no DL4J version (DL4J"
                        + " 1.0.0-M2.1's attention layers differ from Keras's); run it with athanor, bound or the"
                        + " Python peers");
            };
            case "bound" -> switch (w) {
                case W1, W2, W3 -> GemmBound::new;
                case W5 -> ConvBound::new;
                case W6 -> LstmBound::new;
                case W7 -> throw new IllegalArgumentException("W7 has no ND4J gemm bound; see the physical bound");
                case W8 -> TransformerBound::new;
            };
            default -> throw new IllegalArgumentException("Unknown system '" + name
                    + "'; known: athanor, dl4j, bound, peak");
        };
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Usage: --system athanor|dl4j|bound|peak --workload W1|W2|W3|W5|W6|W7|W8"
                        + " [--samples N] [--timed K] [--threads T] [--peak-size N]. Received: " + String.join(" ", args));
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }
}
