package dev.athanor.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The zip container of a Keras 3 {@code .keras} file: {@code metadata.json}, {@code config.json}
 * and {@code model.weights.h5}. The archive is untrusted input: entries are read as streams into
 * memory with size caps (counted while inflating, whatever the headers claim), nothing is ever
 * extracted by entry name, duplicate, unexpected and too many entries are refused, and every
 * problem is a {@link ModelFileException} naming the file.
 */
final class KerasArchive {

    static final String METADATA = "metadata.json";
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.weights.h5";

    /** Caps on the inflated sizes; a larger entry is refused before it is fully read. */
    static final long METADATA_LIMIT = 1L << 20;
    static final long CONFIG_LIMIT = 64L << 20;
    static final long WEIGHTS_LIMIT = Integer.MAX_VALUE - 64;
    /** Keras writes 3 entries (more only with assets, which Athanor's layers never have). */
    static final int MAX_ENTRIES = 16;
    /** An entry inflating to more than this many times its stored size is a zip bomb. */
    static final long MAX_RATIO = 1000;

    /** The three entries' bytes ({@code weights} is null when the archive has none). */
    record Contents(byte[] metadata, byte[] config, byte[] weights) {
    }

    private KerasArchive() {
    }

    static Contents read(Path path) throws ModelFileException {
        if (!Files.isRegularFile(path)) {
            throw new ModelFileException(path, Files.exists(path) ? "is not a regular file" : "does not exist");
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Set<String> seen = new HashSet<>();
            int count = 0;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (++count > MAX_ENTRIES) {
                    throw new ModelFileException(path, "the archive has more than " + MAX_ENTRIES
                            + " entries; a Keras model archive has 3 (" + METADATA + ", " + CONFIG + ", " + WEIGHTS
                            + ")");
                }
                String name = e.getName();
                if (!seen.add(name)) {
                    throw new ModelFileException(path, "the archive holds the entry '" + printable(name)
                            + "' twice; refusing an ambiguous archive");
                }
                if (!name.equals(METADATA) && !name.equals(CONFIG) && !name.equals(WEIGHTS)) {
                    throw new ModelFileException(path, "unexpected entry '" + printable(name) + "' in the archive"
                            + (name.startsWith("assets/") ? " (layer assets, e.g. of a TextVectorization or"
                            + " StringLookup layer, which Athanor does not have)" : "")
                            + "; a Keras model archive holds only " + METADATA + ", " + CONFIG + " and " + WEIGHTS);
                }
            }
            if (!seen.contains(CONFIG)) {
                throw new ModelFileException(path, "the archive has no " + CONFIG
                        + ": it is not a Keras model file (.keras). Entries: " + seen);
            }
            byte[] metadata = seen.contains(METADATA) ? entry(path, zip, METADATA, METADATA_LIMIT) : null;
            byte[] config = entry(path, zip, CONFIG, CONFIG_LIMIT);
            byte[] weights = seen.contains(WEIGHTS) ? entry(path, zip, WEIGHTS, WEIGHTS_LIMIT) : null;
            return new Contents(metadata, config, weights);
        } catch (ModelFileException e) {
            throw e;
        } catch (ZipException e) {
            throw new ModelFileException(path, "not a readable zip archive (corrupt or truncated .keras file?): "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(path, "cannot read the archive (corrupt or truncated .keras file?): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] entry(Path path, ZipFile zip, String name, long limit) throws IOException {
        ZipEntry e = zip.getEntry(name);
        long declared = e.getSize();
        if (declared > limit) {
            throw new ModelFileException(path, "the entry '" + name + "' declares " + declared + " bytes, over the limit"
                    + " of " + limit);
        }
        long stored = Math.max(e.getCompressedSize(), 1);
        long cap = Math.min(limit, e.getMethod() == ZipEntry.STORED ? limit : Math.max(1L << 20, stored * MAX_RATIO));
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), 1 << 20));
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try (InputStream in = zip.getInputStream(e)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > cap) {
                    throw new ModelFileException(path, "the entry '" + name + "' inflates to more than " + cap
                            + " bytes" + (cap < limit ? " (over " + MAX_RATIO + " times its stored size " + stored
                            + "): a zip bomb?" : ", over the limit"));
                }
                out.write(buf, 0, n);
            }
        }
        if (declared >= 0 && total != declared) {
            throw new ModelFileException(path, "the entry '" + name + "' holds " + total + " bytes but declares "
                    + declared + " (corrupt archive)");
        }
        return out.toByteArray();
    }

    private static String printable(String name) {
        String s = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Writes the three entries (deflated) to {@code out}, in Keras's order. */
    static void write(OutputStream out, byte[] metadata, byte[] config, byte[] weights) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, METADATA, metadata);
            put(zip, CONFIG, config);
            put(zip, WEIGHTS, weights);
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(315532800000L + 12L * 3600 * 1000); // Keras's 1980-01-01 (zip epoch), so archives are reproducible
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
