package dev.athanor.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.athanor.core.Optimizer;
import dev.athanor.core.Variable;
import dev.athanor.core.registry.Registries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Optimizer configs and state layouts as real Keras wrote them into {@code .h5} files. The values
 * are copied from the {@code training_config} / {@code optimizer_weights} of Apache-2.0 fixtures
 * from KonduitAI/dl4j-test-resources (see ../shared/fixtures/keras-h5/PROVENANCE.md).
 */
class KerasFilesTest {

    private static Optimizer create(String cls, Map<String, Object> config) {
        return Registries.defaults().optimizers().create(cls, config);
    }

    @Test
    void keras213Adam() { // cnn_batchnorm_k213.h5
        Adam a = (Adam) create("Adam", Map.of("beta_1", 0.8999999761581421, "beta_2", 0.9990000128746033,
                "decay", 0.0, "epsilon", 1e-07, "amsgrad", false, "lr", 0.0010000000474974513));
        assertEquals(0.0010000000474974513, a.learningRate(), 0.0);
        assertEquals(0.8999999761581421, a.config().get("beta_1"));
    }

    @Test
    void keras231SgdMomentum() { // logcosh_loss_embedding_k231.h5
        SGD s = (SGD) create("SGD", Map.of("learning_rate", 0.009999999776482582, "momentum", 0.8999999761581421,
                "decay", 0.0, "nesterov", false));
        assertEquals(0.8999999761581421, s.config().get("momentum"));
    }

    @Test
    void keras231RmspropWithLegacyDecay() { // sparse_xent_mlp_k231_model.h5
        RMSprop r = (RMSprop) create("RMSprop", Map.of("learning_rate", 9.999999747378752e-05,
                "rho", 0.8999999761581421, "decay", 9.999999974752427e-07, "epsilon", 1e-07));
        assertEquals(9.999999974752427e-07, r.decay(), 0.0);
    }

    @Test
    void tf24AdamConfigAndSlotOrder() { // embedding_conv1d_adam_tf24.hdf5
        Optimizer adam = create("Adam", Map.of("name", "Adam", "learning_rate", 0.0011449999874457717, "decay", 0.0,
                "beta_1", 0.8999999761581421, "beta_2", 0.9990000128746033, "epsilon", 1e-08, "amsgrad", false));
        assertInstanceOf(Adam.class, adam);
        List<Variable> vars = new ArrayList<>();
        for (String n : List.of("embedding/embeddings:0", "conv1d/kernel:0", "conv1d/bias:0", "dense/kernel:0",
                "dense/bias:0")) {
            vars.add(new Variable(n, Nd4j.zeros(DataType.FLOAT, 2, 2), true));
        }
        ((Adam) adam).build(vars);
        assertEquals(List.of("Adam/iter:0", "Adam/embedding/embeddings/m:0", "Adam/conv1d/kernel/m:0",
                "Adam/conv1d/bias/m:0", "Adam/dense/kernel/m:0", "Adam/dense/bias/m:0", "Adam/embedding/embeddings/v:0",
                "Adam/conv1d/kernel/v:0", "Adam/conv1d/bias/v:0", "Adam/dense/kernel/v:0", "Adam/dense/bias/v:0"),
                adam.weights().stream().map(Variable::name).toList());
    }
}
