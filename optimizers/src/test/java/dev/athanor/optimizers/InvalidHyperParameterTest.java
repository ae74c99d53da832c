package dev.athanor.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.registry.Registries;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;

/** Invalid hyper-parameters fail at once, naming the argument, the rule and the value. */
class InvalidHyperParameterTest {

    private static void fails(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void setters() {
        fails("`learning_rate` must be >= 0. Received: learning_rate=-1.0", () -> new Adam().learningRate(-1.0));
        fails("`momentum` must be in [0, 1]. Received: momentum=-1.0", () -> new SGD().momentum(-1.0));
        fails("`momentum` must be in [0, 1]. Received: momentum=1.5", () -> new RMSprop().momentum(1.5));
        fails("`beta_1` must be in [0, 1). Received: beta_1=1.0", () -> new Adam().beta1(1.0));
        fails("`beta_2` must be in [0, 1). Received: beta_2=-0.1", () -> new Adamax().beta2(-0.1));
        fails("`beta_1` must be in [0, 1). Received: beta_1=1.0", () -> new Nadam().beta1(1.0));
        fails("`beta_2` must be in [0, 1). Received: beta_2=1.0", () -> new AdamW().beta2(1.0));
        fails("`beta_1` must be in (0, 1]. Received: beta_1=0.0", () -> new Lion().beta1(0.0));
        fails("`rho` must be in [0, 1]. Received: rho=1.1", () -> new RMSprop().rho(1.1));
        fails("`rho` must be in [0, 1]. Received: rho=-0.5", () -> new Adadelta().rho(-0.5));
        fails("`epsilon` must be >= 0. Received: epsilon=-1.0E-7", () -> new Adam().epsilon(-1e-7));
        fails("`epsilon` must be >= 0. Received: epsilon=-1.0", () -> new Adagrad().epsilon(-1));
        fails("`initial_accumulator_value` must be >= 0. Received: initial_accumulator_value=-0.1",
                () -> new Adagrad().initialAccumulatorValue(-0.1));
        fails("`decay` must be >= 0. Received: decay=-0.001", () -> new SGD().decay(-0.001));
        fails("`clipnorm` must be >= 0. Received: clipnorm=-1.0", () -> new SGD().clipnorm(-1.0));
        fails("`clipvalue` must be >= 0. Received: clipvalue=-0.5", () -> new SGD().clipvalue(-0.5));
        fails("`global_clipnorm` must be >= 0. Received: global_clipnorm=-2.0", () -> new SGD().globalClipnorm(-2.0));
        fails("`weight_decay` must be >= 0. Received: weight_decay=-0.1", () -> new AdamW().weightDecay(-0.1));
        fails("Cannot set both `clipnorm` and `global_clipnorm`. Received: clipnorm=1.0, global_clipnorm=2.0",
                () -> new SGD().clipnorm(1.0).globalClipnorm(2.0));
        fails("`learning_rate` must be >= 0. Received: learning_rate=NaN", () -> new SGD().learningRate(Double.NaN));
    }

    @Test
    void schedules() {
        fails("`decay_steps` must be > 0. Received: decay_steps=0", () -> new ExponentialDecay(0.1, 0, 0.5));
        fails("`initial_learning_rate` must be >= 0. Received: initial_learning_rate=-0.1",
                () -> new PolynomialDecay(-0.1, 10));
        fails("`alpha` must be in [0, 1]. Received: alpha=2.0", () -> new CosineDecay(0.1, 10).alpha(2.0));
        fails("`values` must have one more element than `boundaries`. Received: len(boundaries)=2, len(values)=2",
                () -> new PiecewiseConstantDecay(new double[] {1, 2}, new double[] {0.1, 0.2}));
    }

    @Test
    void fromConfigToo() {
        fails("`beta_1` must be in [0, 1). Received: beta_1=1.5",
                () -> Registries.defaults().optimizers().create("adam", Map.of("beta_1", 1.5)));
        fails("`rho` must be in [0, 1]. Received: rho=2.0",
                () -> Registries.defaults().optimizers().create("rmsprop", Map.of("rho", 2)));
        fails("`learning_rate` must be >= 0. Received: learning_rate=-0.1",
                () -> Registries.defaults().optimizers().create("sgd", Map.of("lr", -0.1)));
    }

    @Test
    void slotLayoutCannotChangeAfterTheFirstStep() {
        Adam adam = new Adam();
        var vars = Golden.variables(DataType.DOUBLE);
        Golden.setGradients(vars, Golden.gradients("dense").get(0), DataType.DOUBLE);
        adam.apply(vars);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> adam.amsgrad(true));
        assertEquals("Cannot change `amsgrad` of optimizer 'Adam' after its slots were created.", e.getMessage());
    }
}
