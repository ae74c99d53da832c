package dev.athanor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.athanor.core.testing.Requirements.require;

import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code athanor inspect} on files written by real Keras (io's Apache-2.0 fixtures) and on a weights-only file. */
class InspectCommandTest {

    private static final Path KERAS = Path.of("../io/src/test/resources/keras-h5");

    private static Path fixture(String name) {
        Path p = KERAS.resolve(name);
        require(Files.isRegularFile(p), "io's Keras fixtures are not beside this module: " + p);
        return p;
    }

    @Test
    void kerasWrittenModelReportsItsVersionAndComponents() {
        Run r = Run.of("inspect", fixture("sparse_xent_mlp_k231_model.h5").toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("keras_version:  2.3.1   backend: tensorflow\n"), r::toString);
        assertTrue(r.out().contains("Optimizer state: absent"), r::toString);
        assertTrue(r.out().matches("(?s).*loss +sparse_categorical_crossentropy +installed.*"), r::toString);
        assertTrue(r.out().contains("Total params: "), r::toString);
    }

    @Test
    void tfKerasSerializedMetricsAreResolvedByTheirName() {
        Run r = Run.of("inspect", fixture("embedding_conv1d_adam_tf24.hdf5").toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().matches("(?s).*metric +accuracy +installed.*"), r::toString);
        assertTrue(r.out().matches("(?s).*metric +categorical_accuracy +installed.*"), r::toString);
        assertTrue(r.out().matches("(?s).*layer +Conv1D +installed.*"), r::toString);
        assertTrue(r.out().contains("Optimizer state: present"), r::toString);
    }

    @Test
    void lambdaLayerIsReportedAsRefusedAndExitsOne() {
        Run r = Run.of("inspect", fixture("lambda_functional_k209.h5").toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().matches("(?s).*layer +Lambda +MISSING - Keras's Lambda layer holds Python bytecode.*"), r::toString);
        assertTrue(r.out().matches("(?s).*layer +Dense +installed.*"), r::toString);
        assertTrue(r.out().contains("Summary unavailable: 1 component(s) missing"), r::toString);
    }

    private static Path keras3(String name) {
        Path p = Path.of("../io/src/test/resources/keras3").resolve(name);
        require(Files.isRegularFile(p), "io's Keras 3 fixtures are not beside this module: " + p);
        return p;
    }

    @Test
    void keras3ArchiveIsDescribedLikeAnH5File() {
        Run r = Run.of("inspect", keras3("conv_bn.keras").toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("keras_version:  3.15.1   format: .keras (Keras 3)"), r::toString);
        assertTrue(r.out().contains("Layers with weights stored: 3 "), r::toString);
        assertTrue(r.out().contains("conv2d") && r.out().contains("batch_normalization"), r::toString);
        // iterations, learning rate, then rms for each of the 6 trainable variables (Keras 3 RMSprop)
        assertTrue(r.out().contains("Optimizer state: present (8 variables)"), r::toString);
        assertTrue(r.out().contains("\"class_name\" : \"RMSprop\""), r::toString);
        assertTrue(r.out().matches("(?s).*layer +Conv2D +installed.*"), r::toString);
        assertTrue(r.out().matches("(?s).*layer +BatchNormalization +installed.*"), r::toString);
        assertTrue(r.out().matches("(?s).*initializer +GlorotUniform +installed.*"), r::toString);
        assertTrue(r.out().matches("(?s).*loss +sparse_categorical_crossentropy +installed.*"), r::toString);
        assertTrue(r.out().matches("(?s).*optimizer +RMSprop +installed.*"), r::toString);
        assertTrue(r.out().contains("Total params: "), r::toString);
    }

    @Test
    void keras3CustomObjectIsReportedByItsRegisteredName() {
        Run r = Run.of("inspect", keras3("custom_loss.keras").toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().matches("(?s).*loss +athanor_test>scaled_mse +MISSING.*"), r::toString);
        assertTrue(r.out().contains("Summary unavailable: 1 component(s) missing"), r::toString);
    }

    @Test
    void weightsOnlyFileSaysSo(@TempDir Path dir) {
        Sequential m = new Sequential();
        m.add(new Dense(2).inputDim(3).name("d"));
        Path w = dir.resolve("w.h5");
        m.saveWeights(w);
        Run r = Run.of("inspect", w.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Layers with weights stored: 1 [d]"), r::toString);
        assertTrue(r.out().contains("Training config: none"), r::toString);
        assertTrue(r.out().contains("No model_config: a weights-only file."), r::toString);
    }
}
