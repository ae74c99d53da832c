package dev.athanor.spark;

import dev.athanor.core.AtomicFiles;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoints rank 0 writes during a barrier stage, and that a retried attempt of the stage
 * resumes from: {@code <dir>/<job id>/epoch-NNNN.h5} (a Keras {@code .h5} with weights and optimizer
 * state after epoch NNNN, 0-based, loadable with {@code Models.load}) and, written before it,
 * {@code epoch-NNNN.logs} (the stage's epoch logs so far, one epoch per line). Both are written
 * atomically; the {@code .h5} appears last, so its presence means the checkpoint is complete.
 *
 * <p>The folder must be on storage every executor sees (a shared mount): a retried rank may run on
 * another machine than the one that wrote the checkpoint.
 */
final class Checkpoints {

    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,})\\.h5");

    private final Path dir;

    /** The checkpoints of one fit: {@code root/jobId}. */
    Checkpoints(String root, String jobId) {
        this.dir = Path.of(root).resolve(jobId);
    }

    Path dir() {
        return dir;
    }

    Path model(int epoch) {
        return dir.resolve(String.format("epoch-%04d.h5", epoch));
    }

    private Path logs(int epoch) {
        return dir.resolve(String.format("epoch-%04d.logs", epoch));
    }

    /** Writes the checkpoint after {@code epoch}; {@code logs} holds epochs {@code firstEpoch..epoch}. */
    void write(Model model, int firstEpoch, int epoch, List<Map<String, Double>> logs) {
        try {
            Files.createDirectories(dir);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < logs.size(); i++) {
                text.append(firstEpoch + i);
                for (Map.Entry<String, Double> e : logs.get(i).entrySet()) {
                    text.append('\t').append(e.getKey()).append('=').append(Double.toString(e.getValue()));
                }
                text.append('\n');
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(logs(epoch), true, tmp -> Files.write(tmp, bytes));
            model.save(model(epoch)); // atomic too, and last: a present .h5 is a complete checkpoint
            deleteBefore(epoch);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint of epoch " + (epoch + 1) + " in " + dir
                    + " (SparkTrainer.checkpointDir): " + e.getMessage(), e);
        }
    }

    /** Only the latest checkpoint is kept: every rank has loaded its choice before a newer one is written. */
    private void deleteBefore(int epoch) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) < epoch) {
                    int e = Integer.parseInt(m.group(1));
                    Files.deleteIfExists(f);
                    Files.deleteIfExists(logs(e));
                }
            }
        }
    }

    /** The last complete checkpoint's epoch in {@code [from, to)}, or -1. */
    int latest(int from, int to) {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        int best = -1;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    int e = Integer.parseInt(m.group(1));
                    if (e >= from && e < to && e > best) {
                        best = e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the checkpoints in " + dir + ": " + e.getMessage(), e);
        }
        return best;
    }

    /** The model saved after {@code epoch}. */
    Model load(int epoch) {
        Path p = model(epoch);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("Checkpoint " + p + " chosen by rank 0 is not visible here:"
                    + " SparkTrainer.checkpointDir must be on storage that every executor sees (a shared mount).");
        }
        return Models.load(p);
    }

    /** The logs of epochs {@code firstEpoch..epoch} stored with the checkpoint after {@code epoch}. */
    List<Map<String, Double>> logs(int firstEpoch, int epoch) {
        Path p = logs(epoch);
        List<Map<String, Double>> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split("\t");
                if (Integer.parseInt(parts[0]) < firstEpoch) {
                    continue;
                }
                Map<String, Double> logs = new LinkedHashMap<>();
                for (int i = 1; i < parts.length; i++) {
                    int eq = parts[i].lastIndexOf('=');
                    logs.put(parts[i].substring(0, eq), Double.parseDouble(parts[i].substring(eq + 1)));
                }
                out.add(logs);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the epoch logs of checkpoint " + p + ": " + e.getMessage(), e);
        }
        if (out.size() != epoch - firstEpoch + 1) {
            throw new IllegalStateException("Checkpoint " + p + " holds " + out.size() + " epochs of logs, expected "
                    + (epoch - firstEpoch + 1) + ".");
        }
        return out;
    }
}
