package dev.athanor.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Optimizer;
import dev.athanor.core.Variable;
import dev.athanor.core.registry.Registries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exporting the state after 3 steps into a fresh optimizer (made from the config) over copies of
 * the variables continues the trajectory bit for bit.
 */
class StateRoundTripTest {

    static Stream<Optimizer> optimizers() {
        return Stream.of(new SGD().momentum(0.9).nesterov(true), new SGD(), new Adagrad(),
                new RMSprop().momentum(0.5).centered(true), new RMSprop(), new Adadelta().learningRate(1.0),
                new Adam().amsgrad(true).decay(0.1), new Adam().learningRate(new ExponentialDecay(0.1, 2, 0.5)),
                new Adamax(), new Nadam(), new AdamW().learningRate(0.1), new Lion().weightDecay(0.1),
                new Adam().clipnorm(0.5));
    }

    private static List<Variable> copy(List<Variable> vars) {
        List<Variable> out = new ArrayList<>();
        for (Variable v : vars) {
            out.add(new Variable(v.name(), v.value().dup(), true));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumesExactly(Optimizer a) {
        List<List<Object>> grads = Golden.gradients("dense");
        List<Variable> va = Golden.variables(DataType.DOUBLE);
        for (int s = 0; s < 3; s++) {
            Golden.setGradients(va, grads.get(s), DataType.DOUBLE);
            a.apply(va);
        }
        List<INDArray> state = new ArrayList<>();
        for (Variable w : a.weights()) {
            state.add(w.value().dup());
        }
        Optimizer b = Registries.defaults().optimizers().create(a.registryName(), a.config());
        List<Variable> vb = copy(va);
        b.setWeights(vb, state);
        assertEquals(3, b.iterations());
        assertEquals(a.learningRate(), b.learningRate(), 0.0);
        assertEquals(a.weights().stream().map(Variable::name).toList(),
                b.weights().stream().map(Variable::name).toList());
        for (int s = 3; s < grads.size(); s++) {
            Golden.setGradients(va, grads.get(s), DataType.DOUBLE);
            Golden.setGradients(vb, grads.get(s), DataType.DOUBLE);
            a.apply(va);
            b.apply(vb);
            for (int i = 0; i < va.size(); i++) {
                assertEquals(va.get(i).value(), vb.get(i).value(), "step " + s);
            }
        }
        for (int i = 0; i < a.weights().size(); i++) {
            assertEquals(a.weights().get(i).value(), b.weights().get(i).value(), a.weights().get(i).name());
        }
    }

    @Test
    void slotNamesFollowKerasOrder() {
        Adam adam = new Adam().amsgrad(true);
        List<Variable> vars = Golden.variables(DataType.FLOAT);
        Golden.setGradients(vars, Golden.gradients("dense").get(0), DataType.FLOAT);
        adam.apply(vars);
        assertEquals(List.of("Adam/iter:0", "Adam/dense/kernel/m:0", "Adam/dense/bias/m:0", "Adam/dense/kernel/v:0",
                "Adam/dense/bias/v:0", "Adam/dense/kernel/vhat:0", "Adam/dense/bias/vhat:0"),
                adam.weights().stream().map(Variable::name).toList());
        assertEquals(DataType.INT64, adam.weights().get(0).value().dataType());
        assertEquals(1L, adam.weights().get(0).value().getLong(0));
        assertEquals(DataType.FLOAT, adam.weights().get(1).value().dataType());
    }

    @Test
    void variablesWithoutGradientAreSkippedAndGetSlotsLater() {
        SGD sgd = new SGD().momentum(0.5);
        List<Variable> vars = Golden.variables(DataType.DOUBLE);
        INDArray biasBefore = vars.get(1).value().dup();
        vars.get(0).tensor().sum().backward();
        sgd.apply(vars);
        assertEquals(biasBefore, vars.get(1).value());
        assertEquals(List.of("SGD/iter:0", "SGD/dense/kernel/momentum:0"),
                sgd.weights().stream().map(Variable::name).toList());
        vars.get(1).tensor().sum().backward();
        sgd.apply(vars);
        assertEquals(List.of("SGD/iter:0", "SGD/dense/kernel/momentum:0", "SGD/dense/bias/momentum:0"),
                sgd.weights().stream().map(Variable::name).toList());
    }

    @Test
    void gradientsAreNotModifiedByClipping() {
        Adam adam = new Adam().clipvalue(0.1).clipnorm(0.05);
        List<Variable> vars = Golden.variables(DataType.DOUBLE);
        Golden.setGradients(vars, Golden.gradients("dense").get(0), DataType.DOUBLE);
        INDArray g = vars.get(0).grad().dup();
        adam.apply(vars);
        assertEquals(g, vars.get(0).grad());
        assertNotSame(g, vars.get(0).grad());
    }

    @Test
    void setWeightsChecksTheCount() {
        Adam adam = new Adam();
        List<Variable> vars = Golden.variables(DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.setWeights(vars, List.of(vars.get(0).value())));
        assertTrue(e.getMessage().startsWith("Optimizer 'Adam' expects 5 weight arrays [Adam/iter:0, "), e.getMessage());
    }

    @Test
    void setWeightsThatDoNotFitLeaveTheOptimizerAsItWas() {
        List<Variable> vars = Golden.variables(DataType.DOUBLE);
        Adam reference = new Adam();
        reference.build(vars);
        List<INDArray> good = new ArrayList<>();
        good.add(Nd4j.scalar(4L)); // iterations
        for (Variable w : reference.weights().subList(1, reference.weights().size())) {
            good.add(w.value().add(1.0));
        }
        List<INDArray> badShape = new ArrayList<>(good);
        badShape.set(1, good.get(1).reshape(1, -1)); // a slot of the wrong shape, the count is right

        // Fresh optimizer: a refused state builds no slots.
        Adam fresh = new Adam();
        assertThrows(IllegalArgumentException.class, () -> fresh.setWeights(vars, good.subList(0, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fresh.setWeights(vars, badShape));
        String name = reference.weights().get(1).name();
        assertTrue(e.getMessage().startsWith("Optimizer weight '" + name + "' has shape "), e.getMessage());
        assertTrue(fresh.weights().isEmpty(), fresh.weights().toString());
        assertEquals(0, fresh.iterations());
        fresh.setWeights(vars, good); // still usable: the right state goes in afterwards
        assertEquals(good.size(), fresh.weights().size());
        assertEquals(good.get(1), fresh.weights().get(1).value());
        assertEquals(4, fresh.iterations());

        // Optimizer with state: a refused state changes no value.
        Adam trained = new Adam();
        Golden.setGradients(vars, Golden.gradients("dense").get(0), DataType.DOUBLE);
        trained.apply(vars);
        List<INDArray> before = new ArrayList<>();
        for (Variable w : trained.weights()) {
            before.add(w.value().dup());
        }
        assertThrows(IllegalArgumentException.class, () -> trained.setWeights(vars, badShape));
        assertEquals(before.size(), trained.weights().size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i), trained.weights().get(i).value(), trained.weights().get(i).name());
        }
        assertEquals(1, trained.iterations());
    }

    @Test
    void learningRateCanBeReadAndSetWhileTraining() {
        SGD sgd = new SGD().learningRate(new ExponentialDecay(0.1, 1, 0.5));
        List<Variable> vars = Golden.variables(DataType.DOUBLE);
        Golden.setGradients(vars, Golden.gradients("dense").get(0), DataType.DOUBLE);
        sgd.apply(vars);
        assertEquals(0.05, sgd.learningRate(), 1e-15);
        sgd.setLearningRate(0.01);
        assertEquals(0.01, sgd.learningRate(), 0.0);
        assertEquals(0.01, sgd.config().get("learning_rate"));
        SGD decayed = new SGD().learningRate(0.1).decay(1.0);
        decayed.apply(vars);
        assertEquals(0.05, decayed.learningRate(), 1e-15);
        assertEquals(0.1, decayed.baseLearningRate(), 0.0);
        Map<String, Object> c = new SGD().decay(1.0).config();
        assertEquals(1.0, c.get("decay"));
    }
}
