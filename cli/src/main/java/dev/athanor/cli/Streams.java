package dev.athanor.cli;

import dev.athanor.core.data.Dataset;
import dev.athanor.data.CsvDataset;
import dev.athanor.data.ImageDataset;
import dev.athanor.data.ImageDatasetOptions;
import dev.athanor.data.ImageDatasets;
import dev.athanor.data.NpyDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens a config's streamed training source ({@code data.train}) as a {@link Dataset}. */
final class Streams {

    private Streams() {
    }

    /** The training dataset, the validation dataset of an image folder's split (or null), and a description. */
    record Sources(Dataset train, Dataset validation, String description) {
    }

    static Sources open(TrainConfig.Stream s, Path base, TrainConfig.Fit fit, String where) throws IOException {
        List<String> kinds = new ArrayList<>();
        if (s.images() != null) {
            kinds.add("images");
        }
        if (s.npy() != null) {
            kinds.add("npy");
        }
        if (s.csv() != null) {
            kinds.add("csv");
        }
        if (kinds.size() != 1) {
            throw new IllegalArgumentException(where + " must name exactly one source: images (a folder), npy (a"
                    + " .npy file, with y) or csv (a file, with label_column). Received: " + kinds);
        }
        int batchSize = fit != null && fit.batchSize() != null ? fit.batchSize() : 32;
        boolean shuffle = fit == null || fit.shuffle() == null || fit.shuffle();
        long seed = fit != null && fit.seed() != null ? fit.seed() : 1337;
        Dataset train;
        Dataset validation = null;
        String description;
        if (s.images() != null) {
            Path dir = file(base, s.images(), where + ".images", true);
            ImageDatasetOptions o = options(s, batchSize, shuffle, seed, where);
            ImageDataset t;
            if (s.validationSplit() != null && s.validationSplit() > 0) {
                t = ImageDatasets.imageDatasetFromDirectory(dir, o.validationSplit(s.validationSplit()).subset("training"));
                validation = ImageDatasets.imageDatasetFromDirectory(dir, options(s, batchSize, shuffle, seed, where)
                        .validationSplit(s.validationSplit()).subset("validation"));
            } else {
                t = ImageDatasets.imageDatasetFromDirectory(dir, o);
            }
            train = t;
            description = t.filePaths().size() + " images in " + t.classNames().size() + " classes " + t.classNames()
                    + " from " + dir + (validation == null ? "" : " (" + ((ImageDataset) validation).filePaths().size()
                    + " more for validation)");
        } else if (s.npy() != null) {
            if (s.y() == null) {
                throw new IllegalArgumentException(where + ".npy needs the targets too: y: FILE.npy");
            }
            NpyDataset n = NpyDataset.of(file(base, s.npy(), where + ".npy", false), file(base, s.y(), where + ".y",
                    false), batchSize);
            if (shuffle) {
                n.shuffle(seed);
            }
            train = n;
            description = n.rows() + " rows read in place from " + s.npy();
        } else {
            if (s.labelColumn() == null) {
                throw new IllegalArgumentException(where + ".csv needs label_column: the name of the target column.");
            }
            CsvDataset c = CsvDataset.of(file(base, s.csv(), where + ".csv", false), s.labelColumn(), batchSize);
            if (s.categorical() != null) {
                c.categorical(s.categorical().toArray(String[]::new));
            }
            train = c;
            description = c.rows() + " rows streamed from " + s.csv() + " (features " + c.featureNames() + ")";
        }
        if (s.workers() != null || s.maxQueueSize() != null) {
            int workers = s.workers() == null ? 1 : s.workers();
            int queue = s.maxQueueSize() == null ? 10 : s.maxQueueSize();
            train = train.prefetch(workers, queue);
            if (validation != null) {
                validation = validation.prefetch(workers, queue);
            }
        }
        return new Sources(train, validation, description);
    }

    private static ImageDatasetOptions options(TrainConfig.Stream s, int batchSize, boolean shuffle, long seed,
                                               String where) {
        ImageDatasetOptions o = new ImageDatasetOptions().batchSize(batchSize).shuffle(shuffle).seed(seed);
        if (s.imageSize() != null) {
            if (s.imageSize().size() != 2) {
                throw new IllegalArgumentException(where + ".image_size must be [height, width]. Received: "
                        + s.imageSize());
            }
            o.imageSize(s.imageSize().get(0), s.imageSize().get(1));
        }
        if (s.colorMode() != null) {
            o.colorMode(s.colorMode());
        }
        if (s.labelMode() != null) {
            o.labelMode(s.labelMode());
        }
        return o;
    }

    private static Path file(Path base, String name, String key, boolean directory) {
        Path p = base.resolve(name).normalize();
        if (directory ? !Files.isDirectory(p) : !Files.isRegularFile(p)) {
            throw new IllegalArgumentException(key + ": no such " + (directory ? "folder" : "file") + ": " + p);
        }
        return p;
    }
}
