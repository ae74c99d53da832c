package dev.athanor.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file so that a crash never leaves a half-written file where a good one was: the content
 * goes into a temporary file beside the target, is flushed to disk, and replaces the target in one
 * rename. Every file Athanor writes (models, weights, checkpoints, histories, plots) goes through here;
 * plugins that write files can use it too.
 *
 * <p>The temporary file is created exclusively (it never follows or reuses an existing name or
 * symbolic link) with owner-only permissions, and is named {@code .<target name>.athanor-<pid>-<random>.tmp}
 * so that it is recognisable. A process killed mid-write (SIGKILL) leaves such a file behind; the next
 * write into the same folder deletes the ones whose process is no longer alive, so they do not
 * accumulate. The finished file gets the permissions of the file it replaces, or {@code rw-r--r--}.
 */
public final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    private static final String MARK = ".athanor-";
    /** The writer's pid at the end of a temporary file's name. */
    private static final Pattern OWNER = Pattern.compile("\\.athanor-(\\d{1,10})-[0-9a-f]+\\.tmp$");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    /** Writes the content into the (existing, empty) temporary file at the given path. */
    @FunctionalInterface
    public interface Body {
        /** Writes the whole content into {@code tmp}; throwing leaves the target untouched. */
        void write(Path tmp) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically; its folder must exist.
     *
     * @param target the file to create or replace
     * @param overwrite whether an existing target may be replaced (false: an existing target is an error)
     * @param body writes the content into the temporary file it is given
     * @throws IOException when the folder is missing, the target exists and {@code overwrite} is false,
     *     or writing fails; the target is then as it was and the temporary file is gone
     */
    public static void write(Path target, boolean overwrite, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(target + ": cannot write: the folder " + dir + " does not exist");
        }
        if (!overwrite && Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + ": the file exists and overwrite is false; not replacing it");
        }
        removeStaleTemporaries(dir);
        Path tmp = createTemporary(dir, abs.getFileName().toString());
        boolean done = false;
        try {
            body.write(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (!overwrite && Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(target + ": the file appeared while writing and overwrite is false;"
                        + " not replacing it");
            }
            setFinalPermissions(tmp, abs);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.warn("Could not delete the temporary file {}: {}", tmp, e.toString());
                }
            }
        }
    }

    /** Whether {@code file} is a temporary file of this class (for listings that should skip them). */
    public static boolean isTemporary(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && OWNER.matcher(n).find();
    }

    private static Path createTemporary(Path dir, String name) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
            Path tmp = dir.resolve("." + name + MARK + pid + "-" + random + ".tmp");
            try {
                if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
                    return Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                }
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes this class's temporary files in {@code dir} whose writing process is no longer alive
     * (the pid in the name; a nested write's temporary names the innermost writer last).
     */
    private static void removeStaleTemporaries(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, AtomicFiles::isTemporary)) {
            for (Path f : files) {
                Matcher m = OWNER.matcher(f.getFileName().toString());
                if (!m.find()) {
                    continue;
                }
                long pid = Long.parseLong(m.group(1));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue; // a live writer (perhaps this process) may still be writing it
                }
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(f);
                    LOG.info("Removed {}, left by an interrupted write of process {}", f, pid);
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Could not clean up interrupted writes in {}: {}", dir, e.toString());
        }
    }

    private static void setFinalPermissions(Path tmp, Path target) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> perms = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                ? Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS) : NEW_FILE;
        view.setPermissions(perms);
    }
}
