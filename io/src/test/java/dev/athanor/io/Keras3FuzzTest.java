package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.athanor.core.graph.ModelConfigs;
import dev.athanor.core.registry.Registries;
import dev.athanor.io.plugin.Tripwire;
import dev.athanor.io.plugin.TripwireFlag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code .keras} file is an untrusted zip. Truncated and bit-flipped archives, missing or extra
 * entries, and {@code config.json} mutated key by key (wrong types, unknown class names, huge
 * shapes, nulls) give a {@link ModelFileException} naming the file and the entry or key, never a
 * NullPointerException, ClassCastException, OutOfMemoryError or hang, and never load a class the
 * file names.
 */
class Keras3FuzzTest {

    private static final Path FIXTURE = Keras3FixturesTest.DIR.resolve("two_input.keras");

    @TempDir
    Path dir;

    static Map<String, byte[]> entries(Path keras) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(keras.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Loads {@code bytes} as a .keras file; the failure must be a ModelFileException naming the file. */
    ModelFileException refused(byte[] bytes, String what) throws IOException {
        Path p = dir.resolve("fuzzed.keras");
        Files.write(p, bytes);
        try {
            new KerasFormat().load(p, Registries.defaults());
        } catch (ModelFileException e) {
            assertTrue(e.getMessage().contains(p.toString()), what + ": the message does not name the file: "
                    + e.getMessage());
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof NullPointerException || t instanceof ClassCastException || t instanceof Error
                        || t instanceof IndexOutOfBoundsException) {
                    throw new AssertionError(what + ": caused by " + t, e);
                }
            }
            return e;
        } catch (Throwable t) {
            throw new AssertionError(what + ": threw " + t + " instead of a ModelFileException", t);
        }
        return null;
    }

    ModelFileException mustRefuse(byte[] bytes, String what) throws IOException {
        ModelFileException e = refused(bytes, what);
        if (e == null) {
            fail(what + ": the file loaded");
        }
        return e;
    }

    static byte[] withConfig(Map<String, byte[]> good, Consumer<Map<String, Object>> change) throws IOException {
        Map<String, Object> config = ModelConfigs.parseJson(new String(good.get(KerasArchive.CONFIG),
                StandardCharsets.UTF_8));
        change.accept(config);
        Map<String, byte[]> e = new LinkedHashMap<>(good);
        e.put(KerasArchive.CONFIG, ModelConfigs.writeJson(config).getBytes(StandardCharsets.UTF_8));
        return zip(e);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> layer(Map<String, Object> top, int i) {
        return (Map<String, Object>) ((List<Object>) ((Map<String, Object>) top.get("config")).get("layers")).get(i);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> layerConfig(Map<String, Object> top, int i) {
        return (Map<String, Object>) layer(top, i).get("config");
    }

    @Test
    void truncatedArchivesAreRefused() throws IOException {
        byte[] good = Files.readAllBytes(FIXTURE);
        for (int n : new int[] {0, 1, 4, 22, 30, 100, good.length / 3, good.length / 2, good.length - 23, good.length - 1}) {
            mustRefuse(java.util.Arrays.copyOf(good, n), "truncated to " + n + " bytes");
        }
    }

    @Test
    void missingDuplicateAndExtraEntriesAreNamed() throws IOException {
        Map<String, byte[]> good = entries(FIXTURE);
        Map<String, byte[]> noConfig = new LinkedHashMap<>(good);
        noConfig.remove(KerasArchive.CONFIG);
        assertTrue(mustRefuse(zip(noConfig), "no config").getMessage().contains("config.json"));
        Map<String, byte[]> noWeights = new LinkedHashMap<>(good);
        noWeights.remove(KerasArchive.WEIGHTS);
        assertTrue(mustRefuse(zip(noWeights), "no weights").getMessage().contains("model.weights.h5"));
        Map<String, byte[]> extra = new LinkedHashMap<>(good);
        extra.put("../../evil.sh", new byte[] {1});
        assertTrue(mustRefuse(zip(extra), "extra entry").getMessage().contains("unexpected entry"));
        Map<String, byte[]> badJson = new LinkedHashMap<>(good);
        badJson.put(KerasArchive.CONFIG, "{\"class_name\": ".getBytes(StandardCharsets.UTF_8));
        assertTrue(mustRefuse(zip(badJson), "bad json").getMessage().contains("config.json"));
        Map<String, byte[]> badWeights = new LinkedHashMap<>(good);
        byte[] w = good.get(KerasArchive.WEIGHTS).clone();
        badWeights.put(KerasArchive.WEIGHTS, java.util.Arrays.copyOf(w, w.length / 2));
        assertTrue(mustRefuse(zip(badWeights), "truncated weights").getMessage().contains("model.weights.h5"));
    }

    @Test
    void aZipBombIsRefusedWithoutInflatingIt() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>(entries(FIXTURE));
        byte[] zeros = new byte[200 << 20];
        e.put(KerasArchive.METADATA, zeros);
        ModelFileException ex = mustRefuse(zip(e), "zip bomb");
        assertTrue(ex.getMessage().contains("metadata.json"), ex.getMessage());
    }

    @Test
    void classesNamedInTheFileAreNeverLoaded() throws IOException {
        Map<String, byte[]> good = entries(FIXTURE);
        String evil = Tripwire.class.getName();
        List<Consumer<Map<String, Object>>> changes = List.of(
                top -> layer(top, 2).put("class_name", evil),
                top -> {
                    layer(top, 2).put("module", "dev.athanor.io.plugin");
                    layer(top, 2).put("class_name", "Tripwire");
                },
                top -> layer(top, 2).put("registered_name", evil),
                top -> top.put("class_name", evil),
                top -> ((Map<String, Object>) ((Map<String, Object>) top.get("compile_config")).get("optimizer"))
                        .put("class_name", evil),
                top -> ((Map<String, Object>) top.get("compile_config")).put("loss", evil),
                top -> ((Map<String, Object>) layerConfig(top, 2).get("kernel_initializer")).put("class_name", evil));
        for (int i = 0; i < changes.size(); i++) {
            if (i == 2 || i == 6) {
                // A registered_name without "package>" is not a registered Keras name: the layer loads as
                // its class_name (Dense). An unknown initializer is tolerated with a warning (the weights
                // are loaded instead). Either way the name in the file is never looked up as a class.
                refused(withConfig(good, changes.get(i)), "registered_name change");
                continue;
            }
            ModelFileException e = mustRefuse(withConfig(good, changes.get(i)), "class name change " + i);
            assertTrue(e.getMessage().contains("Tripwire"), "change " + i + ": " + e.getMessage());
        }
        assertFalse(TripwireFlag.tripped, "a class named by the file was initialized");
    }

    /** Every value of the first Dense layer's config, the model config and compile_config, mutated. */
    @Test
    @SuppressWarnings("unchecked")
    void everyMutatedConfigValueIsRefusedOrLoaded() throws IOException {
        Map<String, byte[]> good = entries(FIXTURE);
        Map<String, Object> parsed = ModelConfigs.parseJson(new String(good.get(KerasArchive.CONFIG),
                StandardCharsets.UTF_8));
        List<String[]> paths = new ArrayList<>();
        collectPaths(parsed, "", paths);
        Object[] replacements = {null, "x", -1, 0, 1e12, 4_000_000_000L, List.of(), Map.of(), true, 1.5,
            List.of(1, 2, 3), Map.of("class_name", "Nope", "config", Map.of())};
        int refusedCount = 0;
        int loaded = 0;
        long t0 = System.nanoTime();
        for (String[] path : paths) {
            Random pick = new Random(String.join(".", path).hashCode());
            for (int k = 0; k < 4; k++) {
                Object r = replacements[pick.nextInt(replacements.length)];
                byte[] bytes = withConfig(good, top -> set(top, path, r));
                String what = String.join(".", path) + " = " + r;
                ModelFileException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refused(bytes, what));
                if (e == null) {
                    loaded++;
                } else {
                    refusedCount++;
                }
            }
        }
        System.out.println("config.json mutations: " + paths.size() + " paths x 4 of " + replacements.length
                + " values: " + refusedCount + " refused, " + loaded + " loaded (harmless), "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertTrue(refusedCount > paths.size() && loaded > 0, "most mutations are refused, harmless ones load: "
                + refusedCount + " refused, " + loaded + " loaded");
    }

    @SuppressWarnings("unchecked")
    private static void collectPaths(Object node, String prefix, List<String[]> out) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                String p = prefix.isEmpty() ? e.getKey() : prefix + "\u0000" + e.getKey();
                out.add(p.split("\u0000"));
                collectPaths(e.getValue(), p, out);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                String p = prefix + "\u0000#" + i;
                out.add(p.split("\u0000"));
                collectPaths(l.get(i), p, out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Object root, String[] path, Object value) {
        Object node = root;
        for (int i = 0; i < path.length - 1; i++) {
            node = path[i].startsWith("#") ? ((List<Object>) node).get(Integer.parseInt(path[i].substring(1)))
                    : ((Map<String, Object>) node).get(path[i]);
        }
        String last = path[path.length - 1];
        if (last.startsWith("#")) {
            ((List<Object>) node).set(Integer.parseInt(last.substring(1)), value);
        } else {
            ((Map<String, Object>) node).put(last, value);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"units", "input_dim"})
    void hugeShapesAreRefusedBeforeAllocating(String key) throws IOException {
        Map<String, byte[]> good = entries(Keras3FixturesTest.DIR.resolve("embed_lstm.keras"));
        byte[] bytes = withConfig(good, top -> {
            if (key.equals("units")) {
                layerConfig(top, 3).put("units", 3_000_000_000L);
            } else {
                layerConfig(top, 1).put("input_dim", 2_000_000_000L);
            }
        });
        ModelFileException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> mustRefuse(bytes, key));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void randomBitFlipsOnlyGiveModelFileExceptions() throws IOException {
        byte[] good = Files.readAllBytes(FIXTURE);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int seed = 0; seed < 300; seed++) {
                Random rnd = new Random(seed);
                byte[] bad = good.clone();
                for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
                    bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                refused(bad, "seed " + seed);
            }
        });
    }
}
