package dev.athanor.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Keras's {@code image_dataset_from_directory}: one subfolder per class (sorted by name, hidden ones
 * skipped), each searched recursively for {@code .bmp .gif .jpeg .jpg .png} files (any case) in Keras's
 * order (directories sorted, then file names sorted); with shuffling, the file list is shuffled once by
 * numpy's {@code RandomState(seed)} exactly as Keras does, so a seed gives Keras's split; the last
 * {@code int(validationSplit · n)} files are the validation subset.
 */
public final class ImageDatasets {

    private static final List<String> FORMATS = List.of(".bmp", ".gif", ".jpeg", ".jpg", ".png");
    private static final Logger LOG = LoggerFactory.getLogger(ImageDatasets.class);

    private ImageDatasets() {
    }

    /** The images under {@code directory} as a dataset; see {@link ImageDatasetOptions} for the arguments. */
    public static ImageDataset imageDatasetFromDirectory(Path directory, ImageDatasetOptions o) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("The directory " + directory + " does not exist or is not a directory.");
        }
        if (o.validationSplit() > 0 && o.subset() == null) {
            throw new IllegalArgumentException("If validationSplit is set, subset must be set too (\"training\" or"
                    + " \"validation\").");
        }
        if (o.subset() != null && o.validationSplit() == 0) {
            throw new IllegalArgumentException("subset is only used with validationSplit; set validationSplit too.");
        }
        if (o.validationSplit() > 0 && o.shuffle() && o.seed() == null) {
            throw new IllegalArgumentException("If using validationSplit and shuffling the data, you must provide a"
                    + " seed, to make sure that there is no overlap between the training and validation subset.");
        }
        long seed = o.seed() != null ? o.seed() : new java.util.Random().nextInt(1_000_000);
        List<String> classes;
        List<String> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        if (o.inferLabels()) {
            List<String> subdirs = subdirectories(directory);
            if (o.classNames() != null) {
                for (String c : o.classNames()) {
                    if (!subdirs.contains(c)) {
                        throw new IllegalArgumentException("The classNames passed did not match the names of the"
                                + " subdirectories of " + directory + ". Expected: " + subdirs
                                + " (or a subset of it), but received: classNames=" + o.classNames());
                    }
                }
                subdirs = o.classNames();
            }
            classes = subdirs;
            for (int k = 0; k < classes.size(); k++) {
                List<String> found = imageFiles(directory, classes.get(k));
                if (found.isEmpty()) {
                    LOG.warn("Class folder " + directory.resolve(classes.get(k))
                            + " holds no images (" + String.join(" ", FORMATS) + "); class " + k + " will have no"
                            + " samples.");
                }
                for (String f : found) {
                    files.add(f);
                    labels.add(k);
                }
            }
            if (o.labelMode().equals("binary") && classes.size() != 2) {
                throw new IllegalArgumentException("When passing labelMode=\"binary\", there must be exactly 2"
                        + " class names. Received: classNames=" + classes);
            }
        } else {
            classes = null;
            files.addAll(imageFiles(directory, ""));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No images found in directory " + directory + ". Allowed formats: "
                    + FORMATS);
        }
        if (o.shuffle()) {
            new NumpyRandomState(seed).shuffle(files);
            new NumpyRandomState(seed).shuffle(labels);
        }
        if (o.validationSplit() > 0) {
            int nVal = (int) (o.validationSplit() * files.size());
            // Python's x[:-0] is empty: Keras then finds no training files, and so do we.
            int cut = nVal == 0 ? 0 : files.size() - nVal;
            boolean training = o.subset().equals("training");
            int from = training ? 0 : cut;
            int to = training ? cut : files.size();
            files = new ArrayList<>(files.subList(from, to));
            if (!labels.isEmpty()) {
                labels = new ArrayList<>(labels.subList(from, to));
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("No " + o.subset() + " images found in directory " + directory
                        + ": validationSplit=" + o.validationSplit() + " of the images is " + nVal
                        + " file(s). Allowed formats: " + FORMATS);
            }
        }
        int[] y = classes == null ? null : labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageDataset(directory, files, y, classes, o, seed);
    }

    private static List<String> subdirectories(Path directory) {
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The image files under {@code directory/sub}, Keras's order, as '/'-separated paths relative to directory. */
    private static List<String> imageFiles(Path directory, String sub) {
        Path start = sub.isEmpty() ? directory : directory.resolve(sub);
        List<String> dirs;
        try (Stream<Path> walk = Files.walk(start)) {
            dirs = walk.filter(Files::isDirectory).map(p -> slash(directory.relativize(p))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + start + ": " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (String d : dirs) {
            Path dir = d.isEmpty() ? directory : directory.resolve(d);
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                        .filter(ImageDatasets::isImage).sorted()
                        .forEach(f -> out.add(d.isEmpty() ? f : d + "/" + f));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static boolean isImage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return FORMATS.stream().anyMatch(lower::endsWith);
    }

    private static String slash(Path p) {
        return p.toString().replace(p.getFileSystem().getSeparator(), "/");
    }
}
