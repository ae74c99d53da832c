package dev.athanor.bench;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;
import dev.athanor.core.layers.Dense;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prefetch overlap (issue 17): a deliberately slow source (each batch sleeps {@code --load-ms}, as a disk or
 * a decoder would) feeding an MLP whose step takes a few milliseconds. Without workers an epoch costs
 * compute + loading; with {@code w} workers it should cost about max(compute, loading / w). Prints the
 * measured epoch times beside those two predictions. Run:
 * {@code mvn -B -ntp -q -Pbench -pl bench exec:exec -Dexec.mainClass=dev.athanor.bench.PrefetchOverlap}
 * ({@code -Dbench.args="--load-ms 100 --hidden 256"}).
 */
public final class PrefetchOverlap {

    private static final int STEPS = 40;
    private static final int BATCH = 128;
    private static final int FEATURES = 512;

    private PrefetchOverlap() {
    }

    /** Batches of fixed random data; each one first sleeps {@code loadMs}. */
    private static final class SlowSource implements Dataset {
        private final INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, FEATURES);
        private final INDArray y = Nd4j.rand(DataType.FLOAT, BATCH, 10);
        private final long loadMs;

        SlowSource(long loadMs) {
            this.loadMs = loadMs;
        }

        @Override
        public int length() {
            return STEPS;
        }

        @Override
        public Batch batch(int index) {
            try {
                Thread.sleep(loadMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Batch.of(x, y);
        }
    }

    private static double epochSeconds(Sequential m, Dataset data, int repeats) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t = System.nanoTime();
            m.fit(data, new FitOptions().epochs(1).verbose(0).shuffle(false));
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return best;
    }

    public static void main(String[] args) {
        long loadMs = 100;
        int hidden = 256;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--load-ms")) {
                loadMs = Long.parseLong(args[i + 1]);
            } else if (args[i].equals("--hidden")) {
                hidden = Integer.parseInt(args[i + 1]);
            }
        }
        Sequential m = new Sequential();
        m.add(new Dense(hidden).activation("relu").inputDim(FEATURES));
        m.add(new Dense(hidden).activation("relu"));
        m.add(new Dense(10));
        m.compile("sgd", "mse");
        epochSeconds(m, new SlowSource(0), 2); // warm-up
        double compute = epochSeconds(m, new SlowSource(0), 3);
        double loading = STEPS * loadMs / 1e3;
        System.out.printf(Locale.ROOT, "%d steps of %d x %d, MLP %d-%d-%d-10, load %d ms/batch, cores %d, load avg"
                + " %.1f%n", STEPS, BATCH, FEATURES, FEATURES, hidden, hidden, loadMs, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "compute only: %.2f s; loading only: %.2f s%n", compute, loading);
        System.out.println("| workers | epoch (s) | compute + loading (s) | max(compute, loading / workers) (s) |");
        System.out.println("|---|---|---|---|");
        for (int w : new int[] {1, 2, 4, 8}) {
            Dataset d = w == 1 ? new SlowSource(loadMs) : new SlowSource(loadMs).prefetch(w, 2 * w);
            double t = epochSeconds(m, d, 2);
            System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f |%n", w, t, compute + loading,
                    Math.max(compute, loading / w));
        }
    }
}
