package dev.athanor.spark.examples;

import dev.athanor.core.Model;
import dev.athanor.core.Seeds;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.optimizers.SGD;
import dev.athanor.spark.SparkTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The speed-up of synchronous data-parallel training (a benchmark, not a test): a compute-bound
 * MLP (64-1024-1024-10, 1.13 M parameters, a 4.5 MB gradient), per-worker batch 512, on
 * {@code local[1]} with one worker and on {@code local[N]} with N workers, one thread per task
 * (run it with {@code OMP_NUM_THREADS=1}). Reports samples per second of the training steps on rank
 * 0 (after a warm-up fit), the ratio, the all-reduce share of a step, and a model of the speed-up on
 * N nodes linked by 10 GbE: a step costs the measured one-worker compute time plus a ring
 * all-reduce of {@code 2 (N-1)/N x 4.5 MB} at 1.17 GB/s and {@code 2 (N-1)} latencies of 50 us.
 *
 * <p>Arguments: {@code [workers=2] [steps=12]}. See spark/README.md for the command line.
 */
public final class SpeedupBenchmark {

    private static final int BATCH = 512;
    private static final double LINK_BYTES_PER_S = 10e9 / 8 * 0.94; // 10 GbE minus TCP/IP framing
    private static final double LATENCY_S = 50e-6;

    private SpeedupBenchmark() {
    }

    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        String omp = System.getenv("OMP_NUM_THREADS");
        if (!"1".equals(omp)) {
            System.out.println("WARNING: OMP_NUM_THREADS=" + omp + "; run with OMP_NUM_THREADS=1 (one thread per task).");
        }
        System.out.printf(Locale.ROOT, "load average before: %s%n", load());
        Result one = run(1, steps);
        Result many = run(workers, steps);
        System.out.printf(Locale.ROOT, "load average after: %s%n", load());
        long params = parameters();
        double gradBytes = params * 4.0;
        System.out.printf(Locale.ROOT, "%nmodel 64-1024-1024-10: %,d parameters, gradient %.2f MB; per-worker batch %d,"
                + " %d steps%n", params, gradBytes / 1e6, BATCH, steps);
        System.out.printf(Locale.ROOT, "local[1], 1 worker : %7.0f samples/s (%.1f ms/step, all-reduce %.1f ms)%n",
                one.throughput(), one.msPerStep(), one.msAllReducePerStep());
        System.out.printf(Locale.ROOT, "local[%d], %d workers: %7.0f samples/s (%.1f ms/step, all-reduce %.1f ms = %.1f%%"
                + " of a step)%n", workers, workers, many.throughput(), many.msPerStep(), many.msAllReducePerStep(),
                100 * many.msAllReducePerStep() / many.msPerStep());
        System.out.printf(Locale.ROOT, "speed-up: %.2fx (ideal %d)%n", many.throughput() / one.throughput(), workers);
        double compute = one.msPerStep() / 1e3;
        System.out.printf(Locale.ROOT, "%nModel at 10 GbE (compute %.1f ms/step per worker, measured on local[1]):%n",
                compute * 1e3);
        System.out.println("   N  all-reduce ms  share   speed-up  efficiency");
        for (int n : new int[] {2, 4, 8, 16, 32, 64}) {
            double ar = 2.0 * (n - 1) / n * gradBytes / LINK_BYTES_PER_S + 2.0 * (n - 1) * LATENCY_S;
            double speedup = n * compute / (compute + ar);
            System.out.printf(Locale.ROOT, "%4d  %13.1f  %4.1f%%  %8.1fx  %9.0f%%%n", n, ar * 1e3,
                    100 * ar / (compute + ar), speedup, 100 * speedup / n);
        }
    }

    private record Result(int workers, int steps, double stepSeconds, double allReduceSeconds) {
        double throughput() {
            return workers * (double) BATCH * steps / stepSeconds;
        }

        double msPerStep() {
            return stepSeconds * 1e3 / steps;
        }

        double msAllReducePerStep() {
            return allReduceSeconds * 1e3 / steps;
        }
    }

    private static Result run(int workers, int steps) {
        SparkSession spark = SparkSession.builder().master("local[" + workers + "]").appName("speedup-" + workers)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.default.parallelism", String.valueOf(workers))
                .getOrCreate();
        try {
            Dataset<Row> warm = rows(spark, workers * BATCH * 2);
            Dataset<Row> data = rows(spark, workers * BATCH * steps);
            new SparkTrainer(spark).numWorkers(workers).batchSizePerWorker(BATCH).epochs(1)
                    .fit(model(), warm, "features", "label");
            SparkTrainer trainer = new SparkTrainer(spark).numWorkers(workers).batchSizePerWorker(BATCH).epochs(1);
            trainer.fit(model(), data, "features", "label");
            Map<String, Double> t = trainer.lastTimings();
            return new Result(workers, t.get("steps").intValue(), t.get("step_seconds"), t.get("allreduce_seconds"));
        } finally {
            spark.stop();
        }
    }

    private static Model model() {
        Seeds.set(3);
        Sequential m = new Sequential();
        m.add(new Dense(1024).activation("relu").inputDim(64));
        m.add(new Dense(1024).activation("relu"));
        m.add(new Dense(10).activation("softmax"));
        m.compile(new SGD().learningRate(0.01), "categorical_crossentropy", List.of());
        return m;
    }

    private static long parameters() {
        return 64L * 1024 + 1024 + 1024L * 1024 + 1024 + 1024L * 10 + 10;
    }

    private static Dataset<Row> rows(SparkSession spark, int n) {
        Random r = new Random(5);
        List<Row> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] v = new double[64];
            for (int k = 0; k < 64; k++) {
                v[k] = r.nextGaussian();
            }
            out.add(RowFactory.create(Vectors.dense(v), (double) r.nextInt(10)));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("features", new VectorUDT(), false, Metadata.empty()),
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
        return spark.createDataFrame(out, schema);
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
