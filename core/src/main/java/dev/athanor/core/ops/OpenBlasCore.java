package dev.athanor.core.ops;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import dev.athanor.core.Internal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes ND4J's OpenBLAS run its AVX-512 kernels on CPUs that have AVX-512 but that OpenBLAS 0.3.19
 * (the one ND4J 1.0.0-M2.1 ships) does not recognise, such as AMD Zen 4 and Zen 5: there it picks
 * its AVX2 kernels, and every matrix product (planned Dense steps, ND4J's own gemms, convolutions,
 * recurrent layers) runs at about half of what the cores can do (bench/README.md, issue 22).
 *
 * <p>OpenBLAS chooses its kernels once, when it loads, from the CPU or from the environment variable
 * {@code OPENBLAS_CORETYPE}. A JVM cannot set its own environment before ND4J loads OpenBLAS, so
 * this class asks OpenBLAS to choose again: it sets the variable for the moment of the call and
 * calls OpenBLAS's own {@code gotoblas_dynamic_quit} / {@code gotoblas_dynamic_init}, the functions
 * it runs at load time (through JNA, which ND4J already brings). That happens once per process, when
 * Athanor's {@code Tensor} class is loaded (building or loading any model), before its first
 * product; the same kernels are used whether Athanor runs from {@code ./athanor}, {@code java -jar} or a plain {@code java}
 * command. This also applies when {@code OPENBLAS_CORETYPE} names older kernels (the
 * benchmark machine's environment sets {@code OPENBLAS_CORETYPE=Haswell}): the switch is logged at INFO
 * and {@code -Dathanor.openblas.coretype=off} keeps them. Nothing is changed when OpenBLAS already runs
 * AVX-512 kernels, when the CPU lacks AVX-512, or outside Linux x86-64.
 *
 * <p>The system property {@value #PROPERTY} selects: {@code auto} (default, as above), {@code off}
 * (keep OpenBLAS's own choice), or a core name OpenBLAS knows ({@link #KNOWN_CORES}) to force.
 */
@Internal
public final class OpenBlasCore {

    /** System property: {@code auto} (default), {@code off}, or a core name to force. */
    public static final String PROPERTY = "athanor.openblas.coretype";

    /** OpenBLAS's environment variable for its kernel choice. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";

    /** The AVX-512 kernels chosen for AVX-512 CPUs OpenBLAS 0.3.19 does not know. */
    static final String AVX512_CORE = "SkylakeX";

    /** x86-64 core names OpenBLAS 0.3.19 accepts in {@code OPENBLAS_CORETYPE}. */
    public static final List<String> KNOWN_CORES = List.of("Prescott", "Core2", "Nehalem", "SandyBridge",
            "Haswell", "Zen", "SkylakeX", "Cooperlake", "Barcelona", "Bulldozer", "Piledriver", "Steamroller",
            "Excavator");

    /** The CPU features OpenBLAS's SkylakeX kernels use. */
    private static final Set<String> AVX512_FLAGS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    private static final Logger LOG = LoggerFactory.getLogger(OpenBlasCore.class);

    private static String outcome;

    private OpenBlasCore() {
    }

    /**
     * Chooses the kernels as described in the class comment (once per process; later calls return
     * at once) and returns what happened, e.g. {@code "SkylakeX (selected by Athanor; OpenBLAS had
     * chosen Zen)"}. Never throws: a failure is logged as a warning and described in the result.
     */
    public static synchronized String ensure() {
        if (outcome == null) {
            outcome = select();
        }
        return outcome;
    }

    private static String select() {
        String requested = System.getProperty(PROPERTY, "auto").trim();
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
            return "not changed (only Linux x86-64 is handled)";
        }
        try {
            NativeLibrary blas = openBlas();
            String current = coreName(blas);
            String previous = System.getenv(VARIABLE);
            String target = choose(requested, cpuFlags(), current);
            if (target == null) {
                return current + " (kept)";
            }
            String now = switchTo(blas, target, previous);
            LOG.info("OpenBLAS ran its {} kernels ({}) on a CPU with AVX-512; switched to {} (keep {}: -D{}=off)", current,
                    previous == null ? "its own detection" : VARIABLE + "=" + previous, now, current, PROPERTY);
            if (!now.equalsIgnoreCase(target)) {
                LOG.warn("Asked OpenBLAS for its {} kernels but it runs {}; matrix products may be slower. "
                        + "Set the environment variable {}={} before starting Java.", target, now, VARIABLE, target);
            }
            return now + " (selected by Athanor; OpenBLAS had chosen " + current + ")";
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | LinkageError | IOException e) {
            LOG.warn("Could not check OpenBLAS's kernels ({}); matrix products run with OpenBLAS's own choice. On a "
                    + "CPU with AVX-512, set the environment variable {}={} before starting Java.", e, VARIABLE,
                    AVX512_CORE);
            return "not checked: " + e;
        }
    }

    /**
     * The core to switch to, or null to keep {@code current}: {@code requested} is the property's
     * value, {@code flags} the CPU's features, {@code current} the kernels OpenBLAS runs now.
     */
    static String choose(String requested, Set<String> flags, String current) {
        String r = requested.toLowerCase(Locale.ROOT);
        if (r.equals("off") || r.equals("false")) {
            return null;
        }
        if (!r.equals("auto")) {
            String known = KNOWN_CORES.stream().filter(c -> c.equalsIgnoreCase(requested)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown OpenBLAS core '" + requested + "' in -D"
                            + PROPERTY + ". Use auto, off or one of " + KNOWN_CORES + "."));
            return known.equalsIgnoreCase(current) ? null : known;
        }
        if (!flags.containsAll(AVX512_FLAGS)) {
            return null;
        }
        String c = current.toLowerCase(Locale.ROOT);
        return c.equals("skylakex") || c.equals("cooperlake") ? null : AVX512_CORE;
    }

    /** The flags of the first processor in {@code /proc/cpuinfo} (empty when there is none). */
    static Set<String> cpuFlags() throws IOException {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return Set.of();
        }
        for (String line : Files.readAllLines(info)) {
            if (line.startsWith("flags")) {
                int colon = line.indexOf(':');
                return new TreeSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
            }
        }
        return Set.of();
    }

    /** ND4J's OpenBLAS, loaded through JavaCPP as ND4J loads it, then opened by its soname (the same copy). */
    private static NativeLibrary openBlas() {
        Loader.load(openblas_nolapack.class);
        return NativeLibrary.getInstance("libopenblas.so.0");
    }

    /** The kernels OpenBLAS runs, e.g. "Haswell", "Zen", "SkylakeX". */
    public static String coreName(NativeLibrary blas) {
        return blas.getFunction("openblas_get_corename").invokeString(new Object[0], false);
    }

    /**
     * OpenBLAS's load-time choice again with {@code OPENBLAS_CORETYPE=target}; the variable gets
     * its {@code previous} value back (or is removed), so the process's environment stays as it was.
     * Returns the core now used.
     */
    private static String switchTo(NativeLibrary blas, String target, String previous) {
        Function setenv = Function.getFunction("c", "setenv");
        Function unsetenv = Function.getFunction("c", "unsetenv");
        setenv.invokeInt(new Object[] {VARIABLE, target, 1});
        try {
            blas.getFunction("gotoblas_dynamic_quit").invokeVoid(new Object[0]);
            blas.getFunction("gotoblas_dynamic_init").invokeVoid(new Object[0]);
        } finally {
            if (previous == null) {
                unsetenv.invokeInt(new Object[] {VARIABLE});
            } else {
                setenv.invokeInt(new Object[] {VARIABLE, previous, 1});
            }
        }
        return coreName(blas);
    }
}
