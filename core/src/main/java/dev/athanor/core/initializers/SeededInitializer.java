package dev.athanor.core.initializers;

import dev.athanor.core.Config;
import dev.athanor.core.Initializer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Base of the random initializers: the optional Keras {@code seed} config key. With a seed, every
 * {@link #initialize} draws from {@code new Random(seed)} (so equal seeds give equal values);
 * without one, from the generator the caller passes (derived from the global seed and the weight
 * name by the layer).
 */
public abstract class SeededInitializer implements Initializer {

    private Long seed;

    /** The seed, or null. */
    public Long seed() {
        return seed;
    }

    /** Sets the seed (null: draw from the caller's generator). */
    @SuppressWarnings("unchecked")
    public <I extends SeededInitializer> I seed(Long value) {
        this.seed = value;
        return (I) this;
    }

    /** The generator to draw from. */
    protected final Random random(Random given) {
        if (seed != null) {
            return new Random(seed);
        }
        return given != null ? given : new Random();
    }

    /** Writes the subclass's keys, then {@code seed}. */
    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        writeConfig(c);
        c.put("seed", seed);
        return c;
    }

    @Override
    public void configure(Config config) {
        Object s = config.get("seed");
        if (s != null && !(s instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
            throw new IllegalArgumentException("Config key 'seed' of " + config.owner()
                    + " must be an integer or null. Received: seed=" + s);
        }
        seed = s == null ? null : ((Number) s).longValue();
        readConfig(config);
    }

    /** Subclass keys. */
    protected void writeConfig(Map<String, Object> config) {
    }

    /** Reads subclass keys. */
    protected void readConfig(Config config) {
    }

    @Override
    public String toString() {
        return registryName() + config();
    }
}
