package dev.athanor.core;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import dev.athanor.core.data.Dataset;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The keyword arguments of Keras's {@code fit}, as fluent setters with Keras's defaults: epochs 1,
 * batch size 32, verbose 1, shuffle true.
 */
public final class FitOptions {

    private int epochs = 1;
    private int batchSize = 32;
    private int verbose = 1;
    private boolean shuffle = true;
    private final List<Callback> callbacks = new ArrayList<>();
    private List<INDArray> validationX;
    private List<INDArray> validationY;
    private Dataset validationDataset;
    private int stepsPerEpoch;
    private int validationSteps;
    private double validationSplit;
    private Split split = Split.TAIL;
    private int initialEpoch;
    private Map<Integer, Double> classWeight;
    private INDArray sampleWeight;
    private Long seed;
    private PrintStream out = System.out;

    /** Number of epochs (the index of the last epoch + 1, as Keras). */
    public FitOptions epochs(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("epochs must be >= 0. Received: epochs=" + value);
        }
        this.epochs = value;
        return this;
    }

    /** Samples per gradient step. */
    public FitOptions batchSize(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0. Received: batchSize=" + value);
        }
        this.batchSize = value;
        return this;
    }

    /** 0 silent, 1 progress bar, 2 one line per epoch. */
    public FitOptions verbose(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2. Received: verbose=" + value);
        }
        this.verbose = value;
        return this;
    }

    /** Whether the training samples are shuffled before each epoch. */
    public FitOptions shuffle(boolean value) {
        this.shuffle = value;
        return this;
    }

    /** Callbacks, called in this order. */
    public FitOptions callbacks(Callback... values) {
        callbacks.addAll(Arrays.asList(values));
        return this;
    }

    /** Callbacks from a list. */
    public FitOptions callbacks(List<? extends Callback> values) {
        callbacks.addAll(values);
        return this;
    }

    /** Validation data for a single-input, single-output model. */
    public FitOptions validationData(INDArray x, INDArray y) {
        return validationData(List.of(x), y == null ? null : List.of(y));
    }

    /** Validation data for a multi-input model with one output. */
    public FitOptions validationData(List<INDArray> xs, INDArray y) {
        return validationData(xs, y == null ? null : List.of(y));
    }

    /** Validation data, one array per input and per output. */
    public FitOptions validationData(List<INDArray> xs, List<INDArray> ys) {
        this.validationX = xs;
        this.validationY = ys;
        this.validationDataset = null;
        return this;
    }

    /** Validation batches from a dataset, evaluated after each epoch (replaces array validation data). */
    public FitOptions validationData(Dataset data) {
        this.validationDataset = data;
        this.validationX = null;
        this.validationY = null;
        return this;
    }

    /**
     * Keras's steps_per_epoch: batches per epoch, each epoch continuing where the previous one stopped
     * (needed for endless streams). 0 (the default) means one pass over the data per epoch.
     */
    public FitOptions stepsPerEpoch(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("stepsPerEpoch must be >= 0 (0: one pass per epoch). Received: "
                    + "stepsPerEpoch=" + value);
        }
        this.stepsPerEpoch = value;
        return this;
    }

    /** Keras's validation_steps: batches per validation run; 0 (the default) means one pass. */
    public FitOptions validationSteps(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("validationSteps must be >= 0 (0: one pass). Received: "
                    + "validationSteps=" + value);
        }
        this.validationSteps = value;
        return this;
    }

    /** Keras's validation_split: the last fraction of the data, before shuffling. */
    public FitOptions validationSplit(double fraction) {
        return validationSplit(fraction, Split.TAIL);
    }

    /** A validation split drawn as {@code how} says. */
    public FitOptions validationSplit(double fraction, Split how) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit must be in [0, 1). Received: validationSplit="
                    + fraction);
        }
        this.validationSplit = fraction;
        this.split = how;
        return this;
    }

    /** The epoch to start at (resuming). */
    public FitOptions initialEpoch(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("initialEpoch must be >= 0. Received: initialEpoch=" + value);
        }
        this.initialEpoch = value;
        return this;
    }

    /** Weight per class index, multiplying each sample's loss. */
    public FitOptions classWeight(Map<Integer, Double> weights) {
        this.classWeight = weights;
        return this;
    }

    /** Weight per training sample, shape {@code [n]}. */
    public FitOptions sampleWeight(INDArray weights) {
        this.sampleWeight = weights;
        return this;
    }

    /** Seed for shuffling, dropout and drawn splits (default: {@link Seeds#get()}). */
    public FitOptions seed(long value) {
        this.seed = value;
        return this;
    }

    /** Where progress is printed (default standard output). */
    public FitOptions out(PrintStream stream) {
        this.out = stream;
        return this;
    }

    @Internal public int epochs() {
        return epochs;
    }

    @Internal public int batchSize() {
        return batchSize;
    }

    @Internal public int verbose() {
        return verbose;
    }

    @Internal public boolean shuffle() {
        return shuffle;
    }

    @Internal public List<Callback> callbacks() {
        return callbacks;
    }

    @Internal public List<INDArray> validationX() {
        return validationX;
    }

    @Internal public List<INDArray> validationY() {
        return validationY;
    }

    @Internal public Dataset validationDataset() {
        return validationDataset;
    }

    @Internal public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Internal public int validationSteps() {
        return validationSteps;
    }

    @Internal public double validationSplit() {
        return validationSplit;
    }

    @Internal public Split split() {
        return split;
    }

    @Internal public int initialEpoch() {
        return initialEpoch;
    }

    @Internal public Map<Integer, Double> classWeight() {
        return classWeight;
    }

    @Internal public INDArray sampleWeight() {
        return sampleWeight;
    }

    @Internal public long seed() {
        return seed != null ? seed : Seeds.get();
    }

    @Internal public PrintStream out() {
        return out;
    }
}
