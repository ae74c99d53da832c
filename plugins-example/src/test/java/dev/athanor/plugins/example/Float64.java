package dev.athanor.plugins.example;

import dev.athanor.core.Backend;
import java.util.function.Supplier;

/** Runs a computation with {@code floatx = float64}, restoring the previous precision. */
final class Float64 {

    private Float64() {
    }

    static <T> T run(Supplier<T> body) {
        String before = Backend.floatx();
        Backend.setFloatx("float64");
        try {
            return body.get();
        } finally {
            Backend.setFloatx(before);
        }
    }
}
