package dev.athanor.core.testing.fakes;

import dev.athanor.core.Config;
import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/** A test-only loss provider: mean squared error under the name "fake_squared_error". */
public class FakeSquaredError implements Loss {

    private double scale = 1.0;

    @Override
    public String registryName() {
        return "fake_squared_error";
    }

    @Override
    public List<String> aliases() {
        return List.of("fse");
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("scale", scale);
    }

    @Override
    public void configure(Config config) {
        scale = config.getDouble("scale", 1.0);
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        return yPred.sub(yTrue).square().mean(-1).mul(scale);
    }
}
