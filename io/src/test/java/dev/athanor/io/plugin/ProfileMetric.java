package dev.athanor.io.plugin;

import dev.athanor.core.Config;
import dev.athanor.core.Metric;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * Test plugins standing in for the keras2c model's custom metrics ({@code denorm_MAE},
 * {@code sgn_acc}, {@code perBLMAE}); their Python is not in the file, so these compute plausible
 * per-sample values: a mean absolute error or a sign agreement rate.
 */
public abstract class ProfileMetric implements Metric {

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    @Override
    public void configure(Config config) {
    }

    /** Mean absolute error over the profile. */
    public static class DenormMae extends ProfileMetric {
        @Override
        public String registryName() {
            return "denorm_MAE";
        }

        @Override
        public Tensor call(Tensor yTrue, Tensor yPred) {
            return yPred.sub(yTrue).abs().mean(-1);
        }

        @Override
        public boolean higherIsBetter() {
            return false;
        }
    }

    /** The same error, per baseline (the file's {@code perBLMAE}). */
    public static class PerBlMae extends DenormMae {
        @Override
        public String registryName() {
            return "perBLMAE";
        }
    }

    /** Fraction of profile points whose sign the prediction gets right. */
    public static class SgnAcc extends ProfileMetric {
        @Override
        public String registryName() {
            return "sgn_acc";
        }

        @Override
        public Tensor call(Tensor yTrue, Tensor yPred) {
            return yTrue.mul(yPred).maximum(0.0).div(yTrue.mul(yPred).abs().add(1e-12)).mean(-1);
        }

        @Override
        public boolean higherIsBetter() {
            return true;
        }
    }
}
