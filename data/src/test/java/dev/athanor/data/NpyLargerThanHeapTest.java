package dev.athanor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming with a heap much smaller than the data: a forked JVM with {@code -Xmx32m} trains one epoch
 * from a {@code .npy} of more than 4 × 32 MiB (it would fail with an OutOfMemoryError past the limit) and
 * reports its heap pools' peaks.
 */
class NpyLargerThanHeapTest {

    private static final int XMX_MB = 32;
    private static final int COLS = 512;
    private static final int ROWS = 66_000; // 66,000 × 512 × 4 bytes = 135 MB > 4 × 32 MiB

    @TempDir
    Path dir;

    @Test
    void aForkedJvmTrainsAnEpochFromAFileFourTimesItsHeap() throws Exception {
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        NpyFiles.writeLinear(x, y, ROWS, COLS, 17);
        assertTrue(Files.size(x) >= 4L * XMX_MB * 1024 * 1024, "file size " + Files.size(x));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + XMX_MB + "m",
                "-Dorg.bytedeco.javacpp.maxbytes=1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=2g",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), x.toString(), y.toString());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.redirectErrorStream(true);
        Path log = dir.resolve("child.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(done, "the child did not finish in 120 s:\n" + out);
        assertEquals(0, p.exitValue(), out);
        String result = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(
                () -> new AssertionError("no RESULT line:\n" + out));
        String[] parts = result.split(" ");
        int batches = Integer.parseInt(parts[1]);
        double firstLoss = Double.parseDouble(parts[2]);
        double lastLoss = Double.parseDouble(parts[3]);
        long peakHeap = Long.parseLong(parts[4]);
        long maxHeap = Long.parseLong(parts[5]);
        assertEquals((ROWS + 511) / 512, batches);
        assertTrue(lastLoss < firstLoss, result);
        // the limit itself is enforced by the JVM (exceeding it is an OutOfMemoryError and a failed child);
        // the heap pools' summed peaks (an upper bound of the peak) show the file was never held whole
        assertTrue(maxHeap <= XMX_MB * 1024L * 1024L, result);
        assertTrue(peakHeap < Files.size(x) / 2, "peak heap " + peakHeap + " vs data " + Files.size(x));
    }

    /** The forked JVM: one epoch over the files, then its batch count, losses and peak heap. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            Sequential m = new Sequential();
            m.add(new Dense(1).inputDim(COLS));
            m.compile("sgd", "mse");
            double[] losses = new double[2];
            int[] batches = new int[1];
            dev.athanor.core.Callback record = new dev.athanor.core.Callback() {
                @Override
                public void onBatchEnd(int batch, java.util.Map<String, Double> logs) {
                    if (batch == 0) {
                        losses[0] = logs.get("loss");
                    }
                    batches[0] = batch + 1;
                }

                @Override
                public void onEpochEnd(int epoch, java.util.Map<String, Double> logs) {
                    losses[1] = logs.get("loss");
                }
            };
            History h;
            try (NpyDataset d = NpyDataset.of(Path.of(args[0]), Path.of(args[1]), 512).shuffle(1)) {
                h = m.fit(d.prefetch(2, 4), new FitOptions().epochs(1).verbose(0).callbacks(record));
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("RESULT " + batches[0] + " " + losses[0] + " " + losses[1] + " " + peak + " "
                    + Runtime.getRuntime().maxMemory() + " " + List.copyOf(h.history().keySet()).size());
        }
    }
}
