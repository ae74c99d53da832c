package dev.athanor.core.layers;

import dev.athanor.core.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Runs each test with floatx = float64 (so weights are double and gradient checks are exact enough). */
abstract class Float64Test {

    private String before;

    @BeforeEach
    void float64() {
        before = Backend.floatx();
        Backend.setFloatx("float64");
    }

    @AfterEach
    void restore() {
        Backend.setFloatx(before);
    }
}
