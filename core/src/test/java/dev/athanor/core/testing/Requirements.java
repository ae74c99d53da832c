package dev.athanor.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Preconditions of tests that need something outside the project: an external tool (h5dump, h5py)
 * or the Keras fixtures in {@code ../shared}.
 *
 * <p>On a developer's machine a missing precondition skips the test with the message. In CI
 * ({@code CI=true} in the environment, set by {@code .ci/run}, which also installs the tools) it
 * fails the test instead: a check that CI skips checks nothing.
 */
public final class Requirements {

    private Requirements() {
    }

    /** Whether this JVM runs under CI ({@code CI} environment variable is {@code true}). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips the test (developer machine) or fails it (CI) when {@code condition} is false.
     *
     * @param condition whether the precondition holds
     * @param whatIsMissing what is missing and how to provide it, shown in either case
     */
    public static void require(boolean condition, String whatIsMissing) {
        if (condition) {
            return;
        }
        if (inCi()) {
            fail("CI=true but a test precondition is missing (CI must not skip checks): " + whatIsMissing);
        }
        assumeTrue(false, whatIsMissing);
    }
}
