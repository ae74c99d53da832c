package dev.athanor.core.initializers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None)}
 * (keras/initializers/initializers_v2.py, Keras 2.6).
 *
 * <p>With n = fan_in, fan_out or (fan_in + fan_out) / 2 by {@code mode} (see {@link Fans}):
 * <ul>
 *   <li>{@code truncated_normal} (also spelt {@code normal}): a normal truncated at two standard
 *       deviations with stddev = sqrt(scale / n) / 0.87962566103423978, the constant being the
 *       stddev of a unit normal truncated to [-2, 2], so the result has variance scale / n;</li>
 *   <li>{@code untruncated_normal}: normal with stddev = sqrt(scale / n);</li>
 *   <li>{@code uniform}: uniform in [-limit, limit], limit = sqrt(3 scale / n).</li>
 * </ul>
 * The Glorot, He and LeCun initializers are this class with fixed arguments.
 */
public class VarianceScaling extends SeededInitializer {

    /** Stddev of a standard normal truncated to [-2, 2] (Keras's correction constant). */
    public static final double TRUNCATION_STDDEV = 0.87962566103423978;

    private static final List<String> MODES = List.of("fan_in", "fan_out", "fan_avg");
    private static final List<String> DISTRIBUTIONS = List.of("truncated_normal", "untruncated_normal", "uniform");

    private double scale = 1.0;
    private String mode = "fan_in";
    private String distribution = "truncated_normal";
    private final boolean fixed;

    /** Keras defaults: scale 1, fan_in, truncated_normal. */
    public VarianceScaling() {
        this.fixed = false;
    }

    /** A fixed-argument variant (GlorotUniform, HeNormal, ...), whose config holds only the seed. */
    protected VarianceScaling(double scale, String mode, String distribution) {
        this.scale = scale;
        this.mode = mode;
        this.distribution = distribution;
        this.fixed = true;
    }

    @Override
    public String registryName() {
        return "VarianceScaling";
    }

    @Override
    public List<String> aliases() {
        return List.of("variance_scaling");
    }

    /** Sets {@code scale} (must be positive). */
    public VarianceScaling scale(double value) {
        requireMutable();
        if (!(value > 0)) {
            throw new IllegalArgumentException("`scale` must be positive. Received: scale=" + value);
        }
        this.scale = value;
        return this;
    }

    /** Sets {@code mode}: fan_in, fan_out or fan_avg. */
    public VarianceScaling mode(String value) {
        requireMutable();
        String m = value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
        if (!MODES.contains(m)) {
            throw new IllegalArgumentException("`mode` must be one of " + MODES + ". Received: mode=" + value);
        }
        this.mode = m;
        return this;
    }

    /** Sets {@code distribution}: truncated_normal (or normal), untruncated_normal or uniform. */
    public VarianceScaling distribution(String value) {
        requireMutable();
        String d = value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
        if ("normal".equals(d)) {
            d = "truncated_normal";
        }
        if (!DISTRIBUTIONS.contains(d)) {
            throw new IllegalArgumentException("`distribution` must be one of " + DISTRIBUTIONS
                    + ". Received: distribution=" + value);
        }
        this.distribution = d;
        return this;
    }

    private void requireMutable() {
        if (fixed) {
            throw new UnsupportedOperationException(registryName() + " has fixed scale, mode and distribution.");
        }
    }

    /** The scale. */
    public double scale() {
        return scale;
    }

    /** The mode. */
    public String mode() {
        return mode;
    }

    /** The distribution. */
    public String distribution() {
        return distribution;
    }

    @Override
    public INDArray initialize(long[] shape, DataType dtype, Random random) {
        Fans fans = Fans.of(shape);
        double n = switch (mode) {
            case "fan_in" -> fans.fanIn();
            case "fan_out" -> fans.fanOut();
            default -> (fans.fanIn() + fans.fanOut()) / 2.0;
        };
        double s = scale / Math.max(1.0, n);
        Random r = random(random);
        int count = Draws.count(shape);
        double[] v = switch (distribution) {
            case "truncated_normal" -> Draws.truncatedNormal(r, count, 0.0, Math.sqrt(s) / TRUNCATION_STDDEV);
            case "untruncated_normal" -> Draws.normal(r, count, 0.0, Math.sqrt(s));
            default -> {
                double limit = Math.sqrt(3.0 * s);
                yield Draws.uniform(r, count, -limit, limit);
            }
        };
        return Draws.array(v, shape, dtype);
    }

    @Override
    protected void writeConfig(Map<String, Object> config) {
        if (!fixed) {
            config.put("scale", scale);
            config.put("mode", mode);
            config.put("distribution", distribution);
        }
    }

    @Override
    protected void readConfig(Config config) {
        if (!fixed) {
            scale(config.getDouble("scale", 1.0));
            mode(config.getString("mode", "fan_in"));
            distribution(config.getString("distribution", "truncated_normal"));
        }
    }
}
