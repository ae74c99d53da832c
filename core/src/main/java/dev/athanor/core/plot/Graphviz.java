package dev.athanor.core.plot;

import dev.athanor.core.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders DOT text with Graphviz's {@code dot} program (as pydot does for Keras): the format comes
 * from the file's extension; {@code .dot} / {@code .gv} write the text itself and need no Graphviz.
 * The file is written through {@link AtomicFiles}, so a failed render never leaves a half-written file.
 */
public final class Graphviz {

    /** Extensions rendered by {@code dot -T<ext>}. */
    public static final List<String> IMAGE_FORMATS = List.of("png", "svg", "pdf", "jpg", "jpeg", "gif");
    private static final long TIMEOUT_SECONDS = 120;

    private final String executable;

    /** Uses {@code dot} from the {@code PATH}. */
    public Graphviz() {
        this("dot");
    }

    /** Uses the given program name (looked up on the {@code PATH}) or path. */
    public Graphviz(String executable) {
        this.executable = executable;
    }

    /** The program, when it is installed. */
    public Optional<Path> find() {
        Path direct = Path.of(executable);
        if (direct.isAbsolute() || executable.contains(File.separator)) {
            return Files.isExecutable(direct) ? Optional.of(direct) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The lower-case extension of {@code file}, checked against what can be written. */
    public static String format(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!ext.equals("dot") && !ext.equals("gv") && !IMAGE_FORMATS.contains(ext)) {
            throw new IllegalArgumentException("Cannot plot to " + file + ": the extension must be one of .png, .svg,"
                    + " .pdf, .jpg, .jpeg, .gif (rendered by Graphviz) or .dot (the DOT text). Received: '"
                    + (ext.isEmpty() ? name : "." + ext) + "'");
        }
        return ext;
    }

    /** Writes {@code dotText} to {@code target}, rendered when the extension is an image format. */
    public void write(String dotText, Path target) throws IOException {
        String fmt = format(target);
        Files.createDirectories(target.toAbsolutePath().getParent());
        if (fmt.equals("dot") || fmt.equals("gv")) {
            AtomicFiles.write(target, true, tmp -> Files.writeString(tmp, dotText, StandardCharsets.UTF_8));
        } else {
            Path program = find().orElseThrow(() -> new IOException("Graphviz's `" + executable + "` program was not"
                    + " found on the PATH; it renders the plot. Install Graphviz (Debian/Ubuntu: apt-get install"
                    + " graphviz; macOS: brew install graphviz), or plot to a .dot file to get the DOT text without it."));
            AtomicFiles.write(target, true, tmp -> render(program, dotText, fmt.equals("jpeg") ? "jpg" : fmt, tmp));
        }
    }

    private static void render(Path program, String dotText, String fmt, Path out) throws IOException {
        Process p = new ProcessBuilder(program.toString(), "-T" + fmt, "-o", out.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(dotText.getBytes(StandardCharsets.UTF_8));
        }
        String err;
        try (InputStream es = p.getErrorStream()) {
            err = new String(es.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(program + " did not finish rendering within " + TIMEOUT_SECONDS + " s.");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while " + program + " was rendering.", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(program + " -T" + fmt + " failed (exit " + p.exitValue() + "): " + err);
        }
        if (Files.size(out) == 0) {
            throw new IOException(program + " -T" + fmt + " wrote an empty file" + (err.isEmpty() ? "" : ": " + err));
        }
    }
}
