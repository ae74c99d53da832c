package dev.athanor.data;

import java.util.List;

/**
 * The arguments of Keras's {@code image_dataset_from_directory}, with its defaults: labels inferred from
 * subfolders, label mode {@code "int"}, color mode {@code "rgb"}, batch size 32, image size 256×256,
 * shuffle on, bilinear interpolation.
 */
public final class ImageDatasetOptions {

    private static final List<String> LABEL_MODES = List.of("int", "categorical", "binary");
    private static final List<String> COLOR_MODES = List.of("rgb", "grayscale", "rgba");
    private static final List<String> INTERPOLATIONS = List.of("bilinear", "nearest");
    private static final List<String> SUBSETS = List.of("training", "validation");

    private boolean inferLabels = true;
    private String labelMode = "int";
    private List<String> classNames;
    private String colorMode = "rgb";
    private int batchSize = 32;
    private int height = 256;
    private int width = 256;
    private boolean shuffle = true;
    private Long seed;
    private double validationSplit;
    private String subset;
    private String interpolation = "bilinear";

    /** {@code labels="inferred"} (true, the default) or {@code labels=None} (false: images only). */
    public ImageDatasetOptions inferLabels(boolean value) {
        this.inferLabels = value;
        return this;
    }

    /** {@code "int"} (class index), {@code "categorical"} (one-hot), {@code "binary"} (0/1 float, 2 classes). */
    public ImageDatasetOptions labelMode(String value) {
        if (!LABEL_MODES.contains(value)) {
            throw new IllegalArgumentException(Names.unknown("labelMode", value, LABEL_MODES));
        }
        this.labelMode = value;
        return this;
    }

    /** The subfolders to use, in this order (default: every subfolder, sorted). */
    public ImageDatasetOptions classNames(List<String> names) {
        this.classNames = List.copyOf(names);
        return this;
    }

    /** {@code "rgb"}, {@code "grayscale"} or {@code "rgba"}: 3, 1 or 4 channels. */
    public ImageDatasetOptions colorMode(String value) {
        if (!COLOR_MODES.contains(value)) {
            throw new IllegalArgumentException(Names.unknown("colorMode", value, COLOR_MODES));
        }
        this.colorMode = value;
        return this;
    }

    /** Images per batch. */
    public ImageDatasetOptions batchSize(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0. Received: batchSize=" + value);
        }
        this.batchSize = value;
        return this;
    }

    /** The size every image is resized to. */
    public ImageDatasetOptions imageSize(int imageHeight, int imageWidth) {
        if (imageHeight <= 0 || imageWidth <= 0) {
            throw new IllegalArgumentException("imageSize must be positive. Received: imageSize=(" + imageHeight
                    + ", " + imageWidth + ")");
        }
        this.height = imageHeight;
        this.width = imageWidth;
        return this;
    }

    /** Whether file order is shuffled (once, with numpy's generator, as Keras) and samples per epoch. */
    public ImageDatasetOptions shuffle(boolean value) {
        this.shuffle = value;
        return this;
    }

    /** The seed of the shuffles (needed with a validation split, as Keras requires). */
    public ImageDatasetOptions seed(long value) {
        this.seed = value;
        return this;
    }

    /** The fraction of files kept for validation; with {@link #subset}. */
    public ImageDatasetOptions validationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit must be between 0 and 1. Received: " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    /** {@code "training"} or {@code "validation"}: which part of the split to return. */
    public ImageDatasetOptions subset(String value) {
        if (!SUBSETS.contains(value)) {
            throw new IllegalArgumentException(Names.unknown("subset", value, SUBSETS)
                    + " (for both parts, build two datasets)");
        }
        this.subset = value;
        return this;
    }

    /** {@code "bilinear"} (TensorFlow's half-pixel bilinear resize) or {@code "nearest"}. */
    public ImageDatasetOptions interpolation(String value) {
        if (!INTERPOLATIONS.contains(value)) {
            throw new IllegalArgumentException(Names.unknown("interpolation", value, INTERPOLATIONS));
        }
        this.interpolation = value;
        return this;
    }

    boolean inferLabels() {
        return inferLabels;
    }

    String labelMode() {
        return labelMode;
    }

    List<String> classNames() {
        return classNames;
    }

    String colorMode() {
        return colorMode;
    }

    int channels() {
        return colorMode.equals("rgb") ? 3 : colorMode.equals("rgba") ? 4 : 1;
    }

    int batchSize() {
        return batchSize;
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    boolean shuffle() {
        return shuffle;
    }

    Long seed() {
        return seed;
    }

    double validationSplit() {
        return validationSplit;
    }

    String subset() {
        return subset;
    }

    String interpolation() {
        return interpolation;
    }
}
