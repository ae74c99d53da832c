package dev.athanor.core.testing.fakes;

import dev.athanor.core.layers.SimpleRNN;

/**
 * A test-only plugin recurrent layer (a SimpleRNN under another registry name), registered only by
 * jars that tests build with {@code PluginJars}.
 */
public class FakeRNN extends SimpleRNN {

    /** For the registry. */
    public FakeRNN() {
    }

    /** A SimpleRNN with {@code units} units. */
    public FakeRNN(int units) {
        super(units);
    }

    @Override
    public String registryName() {
        return "FakeRNN";
    }
}
