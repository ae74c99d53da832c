package dev.athanor.core;

import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A model file format, chosen by file extension ({@code .h5} is Keras 2's HDF5 layout, provided by
 * athanor-io). {@code model.save(path)} and {@code Models.load(path)} find it through the registry.
 *
 * <p>Contract: writes are atomic (a temporary file beside the target, then a rename); loading
 * instantiates only registered components and never runs code from the file; corrupt input gives
 * an {@link IOException} naming the file and the problem.
 */
public interface ModelFormat extends Component {

    /** Lower-case extensions without the dot, e.g. {@code ["h5", "hdf5"]}. */
    List<String> extensions();

    /** Saves architecture, weights, training config and (optionally) optimizer state. */
    void save(Model model, Path path, SaveOptions options) throws IOException;

    /** Loads a whole model, compiled when the file has a training config. */
    Model load(Path path, Registries registries) throws IOException;

    /** Saves only the weights. */
    void saveWeights(Model model, Path path) throws IOException;

    /**
     * Loads weights into {@code model}: topologically (layers with weights, by position) or by
     * layer name. Shape mismatches fail unless {@code skipMismatch}.
     */
    WeightsLoadReport loadWeights(Model model, Path path, boolean byName, boolean skipMismatch) throws IOException;
}
