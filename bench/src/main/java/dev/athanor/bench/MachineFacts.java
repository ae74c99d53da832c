package dev.athanor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/** What the figures depend on: CPU, cores, thread settings, BLAS and the native variant loaded. */
final class MachineFacts {

    private MachineFacts() {
    }

    static List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM");
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        // The values are not all strings (getProperty would hide the numbers).
        lines.add("ND4J: backend " + env.get("backend") + ", BLAS vendor " + env.get("blas.vendor")
                + ", OpenMP threads " + env.get("omp.threads") + ", BLAS threads " + env.get("blas.threads")
                + ", max master threads "
                + Nd4j.getEnvironment().maxMasterThreads() + ", max threads " + Nd4j.getEnvironment().maxThreads());
        lines.add("native libnd4j loaded: " + nativeVariant());
        lines.add(String.format(Locale.ROOT, "environment: OMP_WAIT_POLICY=%s OMP_NUM_THREADS=%s OPENBLAS_NUM_THREADS=%s",
                System.getenv("OMP_WAIT_POLICY"), System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_NUM_THREADS")));
        lines.add("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
        return lines;
    }

    /** The CPU line alone, without loading ND4J (the driver of per-process runs does not need it). */
    static List<String> describeCpuOnly() {
        return List.of(cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM");
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    String flags = flags();
                    return l.substring(l.indexOf(':') + 1).trim() + flags;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String flags() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (l.startsWith("flags")) {
                StringBuilder sb = new StringBuilder(" (");
                for (String f : new String[] {"avx2", "fma", "avx512f"}) {
                    sb.append(l.contains(" " + f + " ") || l.endsWith(" " + f) ? f : "no " + f).append(f.equals("avx512f") ? ")" : ", ");
                }
                return sb.toString();
            }
        }
        return "";
    }

    private static String nativeVariant() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            String v = e.getValue();
            // the two libraries that matter: libnd4j (which build variant) and OpenBLAS
            if (v != null && (v.endsWith("libnd4jcpu.so") || v.endsWith("libopenblas.so.0"))) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(v.replace(System.getProperty("user.home"), "~"));
            }
        }
        return sb.length() == 0 ? "?" : sb.toString();
    }

    /** The 1-minute load average with the core count, e.g. "load 1.73/2". */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load " + f[0] + "/" + Runtime.getRuntime().availableProcessors();
        } catch (IOException | RuntimeException e) {
            return "load ?";
        }
    }

    /** The 1-minute load average as a number (NaN when unknown). */
    static double loadValue() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** This process's peak resident set (VmHWM) in kB, or -1 where /proc is not there. */
    static long peakResidentKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
