package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Model;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Sequential;
import dev.athanor.core.graph.ModelConfigs;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.registry.Registries;
import dev.athanor.optimizers.Adagrad;
import dev.athanor.optimizers.RMSprop;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each format implies an optimizer rule ({@code .keras}: Keras 3's, a Keras 2 {@code .h5}:
 * tf.keras 2.6's); a model trained by the other rule keeps it through Athanor's own files (an
 * Athanor-only record Keras ignores), and Keras's configs never get a key Keras would refuse.
 */
class OptimizerRulesTest {

    @TempDir
    Path tmp;

    static Model trained(Optimizer opt) {
        Sequential m = new Sequential();
        m.add(new Dense(2).inputDim(3).name("d"));
        m.compile(opt, "mse");
        Nd4j.getRandom().setSeed(3);
        m.trainOnBatch(Nd4j.rand(4, 3), Nd4j.rand(4, 2));
        return m;
    }

    static Map<String, Object> json(byte[] bytes) {
        return ModelConfigs.parseJson(new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void tfKeras2RuleIsKeptThroughKerasFiles() throws IOException {
        Model m = trained(new Adagrad().learningRate(0.125));
        Path file = tmp.resolve("m.keras");
        m.save(file);
        KerasArchive.Contents c = KerasArchive.read(file);
        assertEquals(Map.of("epsilon_inside_sqrt", false), json(c.metadata()).get(OptimizerRules.KEY));
        assertFalse(new String(c.config(), StandardCharsets.UTF_8).contains("epsilon_inside_sqrt"),
                "Keras 3 refuses unknown optimizer arguments");
        Model back = new KerasFormat().load(file, Registries.defaults());
        assertFalse(((Adagrad) back.optimizer()).epsilonInsideSqrt());
        assertEquals(m.optimizer().config(), back.optimizer().config());
    }

    @Test
    void keras3RuleIsImpliedByKerasFilesAndKeptThroughH5() throws IOException {
        Model m = trained(new RMSprop().epsilonInsideSqrt(true));
        Path keras = tmp.resolve("m.keras");
        m.save(keras);
        assertNull(json(KerasArchive.read(keras).metadata()).get(OptimizerRules.KEY), "the format implies it");
        assertTrue(((RMSprop) new KerasFormat().load(keras, Registries.defaults()).optimizer()).epsilonInsideSqrt());

        Path h5 = tmp.resolve("m.h5");
        m.save(h5);
        try (HdfFile f = new HdfFile(h5)) {
            H5Reading r = new H5Reading(h5);
            assertFalse(r.string(f, "training_config").contains("epsilon_inside_sqrt"),
                    "tf.keras 2 and Keras 3 refuse unknown optimizer arguments");
            assertEquals(Map.of("epsilon_inside_sqrt", true), ModelConfigs.parseJson(r.string(f, OptimizerRules.KEY)));
        }
        Model back = new H5Format().load(h5, Registries.defaults());
        assertTrue(((RMSprop) back.optimizer()).epsilonInsideSqrt());
        assertEquals(m.optimizer().config(), back.optimizer().config());
    }

    @Test
    void noRecordWhereBothRulesAgree() throws IOException {
        Model m = trained(new RMSprop().momentum(0.9));
        Path keras = tmp.resolve("m.keras");
        m.save(keras);
        assertNull(json(KerasArchive.read(keras).metadata()).get(OptimizerRules.KEY), "with momentum the rules agree");
        Path h5 = tmp.resolve("m.h5");
        m.save(h5);
        try (HdfFile f = new HdfFile(h5)) {
            assertNull(H5Reading.attribute(f, OptimizerRules.KEY));
        }
        assertFalse(((RMSprop) new H5Format().load(h5, Registries.defaults()).optimizer()).epsilonInsideSqrt(),
                "a Keras 2 .h5 implies tf.keras 2.6's rule");
    }
}
